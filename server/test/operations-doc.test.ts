import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINE, setup, type TestEnv } from "./helpers.js";
import { DAY_NOW } from "./ops-helpers.js";
import { SERVER_DIR } from "./spawned.js";

const ROOT = path.resolve(SERVER_DIR, "..");
const TOKEN = "metrics-token-for-tests-0123456789";
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), "utf8");
/** Metrics of one engine only: the other engine's scrape does not have them. */
const ENGINE_ONLY: Record<string, "sqlite" | "postgres"> = {
  govhall_sqlite_wal_bytes: "sqlite",
  govhall_db_pool_connections: "postgres",
};

describe(`operations documentation and dashboard follow the code (${ENGINE})`, () => {
  let env: TestEnv;
  let scraped: Set<string>;
  beforeAll(async () => {
    env = await setup({ now: DAY_NOW, env: { METRICS_TOKEN: TOKEN } });
    const r = await env.app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.statusCode).toBe(200);
    scraped = new Set([...r.body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] as string));
  });
  afterAll(async () => {
    await env?.close();
  });

  it("every metric a Grafana panel of docs/grafana-dashboard.json uses exists in a scrape", () => {
    const dashboard = JSON.parse(read("docs/grafana-dashboard.json"));
    const exprs: string[] = [];
    const walk = (ps: { targets?: { expr: string }[]; panels?: unknown[] }[]) => {
      for (const p of ps) {
        for (const t of p.targets ?? []) exprs.push(t.expr);
        walk((p.panels ?? []) as typeof ps);
      }
    };
    walk(dashboard.panels);
    for (const v of dashboard.templating?.list ?? []) if (v.definition) exprs.push(v.definition);
    expect(exprs.length).toBeGreaterThan(20);
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\bgovhall_[a-z0-9_]+/g)].map((m) => m[0])));
    const missing = [...used].filter((name) => {
      const base = name.replace(/_(bucket|count|sum)$/, "");
      if (scraped.has(name) || scraped.has(base)) return false;
      return ENGINE_ONLY[base] === undefined || ENGINE_ONLY[base] === ENGINE;
    });
    expect(missing, "panels use metrics the server does not have").toEqual([]);
    // And the dashboard shows every govhall metric (not the process defaults).
    const own = [...scraped].filter((n) => !/^govhall_(process|nodejs)_/.test(n));
    expect(own.filter((n) => !used.has(n) && !used.has(`${n}_bucket`))).toEqual([]);
  });

  it("docs/operations.md explains every metric and every setting of config.ts", () => {
    const doc = read("docs/operations.md");
    const own = [...scraped].filter((n) => !/^govhall_(process|nodejs)_/.test(n));
    expect(own.length).toBeGreaterThan(15);
    expect(own.filter((n) => !doc.includes(`\`${n}`))).toEqual([]);
    const config = read("server/src/config.ts");
    const envBlock = config.slice(config.indexOf("const Env = z.object({"), config.indexOf("export type Config"));
    const vars = [...envBlock.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1] as string);
    expect(vars.length).toBeGreaterThan(30);
    expect(
      vars.filter((v) => !doc.includes(`| \`${v}\``)),
      "add these settings to the table in docs/operations.md section 2",
    ).toEqual([]);
    expect(read("README.md")).toContain("docs/operations.md");
  });
});
