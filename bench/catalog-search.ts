import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate, openDatabase } from "../server/src/db/index.js";
import * as repo from "../server/src/modules/catalog/catalog.repository.js";
import { Guide } from "../server/src/modules/catalog/catalog.schema.js";
import * as coverageRepo from "../server/src/modules/catalog/coverage.repository.js";
import { guideOf, searchColumns } from "../server/src/modules/catalog/guide.rules.js";
import { systemClock } from "../server/src/platform/clock.js";
import { newId } from "../server/src/platform/ids.js";
import { seed } from "../server/src/seed/seed.js";
import { Client, fmt, percentile, startProcess } from "./lib.js";

/** Variants that make 5,000 distinct, realistic-looking item names from the 30 demo items. */
const VARIANTS = ["新办", "变更", "注销", "延续", "补证", "换证", "备案", "迁入", "迁出", "年度报告", "信息更正", "遗失补领"];
const THEMES = ["employment", "social-security", "business-start", "business-licence", "tax", "household", "medical", "housing"];

/** A demo district plus synthetic published items, `total` in all, in a fresh SQLite directory. */
export async function prepare(total: number): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-bench-catalog-"));
  const h = openDatabase({ dataDir });
  await migrate(h);
  await seed(h, systemClock, "demo");
  const at = new Date().toISOString();
  await h.db.transaction().execute(async (tx) => {
    const base = await repo.listItems(tx);
    const versions = await repo.versionsOf(
      tx,
      base.map((b) => b.id),
    );
    const sites = await coverageRepo.listSites(tx);
    for (let i = 0; base.length + i < total; i++) {
      const b = base[i % base.length];
      const v = versions.find((x) => x.item_id === b?.id);
      if (!b || !v) break;
      const g0 = guideOf(v);
      const variant = VARIANTS[Math.floor(i / base.length) % VARIANTS.length];
      const guide = Guide.parse({ ...g0, name: `${g0.name}（${variant}${Math.floor(i / (base.length * VARIANTS.length)) || ""}）` });
      const id = newId();
      await repo.insertItem(tx, {
        id,
        code: `BENCH-${String(i).padStart(5, "0")}`,
        department_id: b.department_id,
        ...searchColumns(guide),
        public_from: at,
        created_at: at,
        updated_at: at,
      });
      await repo.insertVersion(tx, {
        id: newId(),
        item_id: id,
        version: 1,
        status: "published",
        effective_from: at,
        published_at: at,
        guide: JSON.stringify(guide),
        change_note: "压测",
        created_at: at,
        updated_at: at,
      });
      await repo.replaceItemThemes(tx, id, [THEMES[i % THEMES.length] as string]);
      const site = sites[i % sites.length];
      if (site) await coverageRepo.replaceAssignments(tx, id, [{ item_id: id, site_id: site.id, mode: "handle", created_at: at }]);
    }
  });
  await h.close();
  return dataDir;
}

/** What people type and click: Chinese substrings, pinyin initials, filters, later pages. */
function queries(departments: string[]): string[] {
  const q = (s: string) => `/api/public/items?q=${encodeURIComponent(s)}`;
  return [
    q("营业执照"),
    q("执照"),
    q("yyzz"),
    q("登记"),
    q("社会保障卡"),
    q("shbzk"),
    q("失业"),
    q("医疗保险"),
    q("zzz"),
    `${q("登记")}&page=3&pageSize=20`,
    "/api/public/items?theme=employment",
    "/api/public/items?audience=enterprise&page=2",
    "/api/public/items?site=zgc-street",
    `/api/public/items?department=${departments[0]}`,
    `${q("许可")}&audience=enterprise`,
    "/api/public/items",
  ];
}

export async function catalogSearchBench(opts: { items: number; seconds: number; conns: number }) {
  console.log(`\n## Catalog search — ${opts.items} items, SQLite`);
  const dataDir = await prepare(opts.items);
  const server = await startProcess(["--import", "tsx", "src/main.ts", "serve"], { SEED: "none", DATA_DIR: dataDir });
  try {
    const c = new Client(server.base, opts.conns);
    const depts = (await c.req("GET", "/api/public/departments", "")).body.map((d: { id: string }) => d.id);
    const total = (await c.pool.request({ method: "GET", path: "/api/public/items?pageSize=1" })).headers["x-total-count"];
    await (await c.pool.request({ method: "GET", path: "/api/public/items?pageSize=1" })).body.text();
    console.log(`items in force: ${total}`);
    const paths = queries(depts);
    for (let i = 0; i < 100; i++) await c.req("GET", paths[i % paths.length] as string, ""); // warm-up

    // One person searching: the answer time itself.
    const solo: number[] = [];
    for (let i = 0; i < paths.length * 20; i++) {
      const t = performance.now();
      const r = await c.req("GET", paths[i % paths.length] as string, "");
      solo.push(performance.now() - t);
      if (r.status !== 200) throw new Error(`search ${paths[i % paths.length]}: ${r.status}`);
    }
    solo.sort((a, b) => a - b);
    console.log(
      `one client, ${solo.length} searches: p50 ${fmt(percentile(solo, 50))} ms, p99 ${fmt(percentile(solo, 99))} ms, max ${fmt(solo.at(-1) ?? Number.NaN)} ms`,
    );

    // Many at once: closed loop.
    const lat: number[] = [];
    let errors = 0;
    const until = Date.now() + opts.seconds * 1000;
    await Promise.all(
      Array.from({ length: opts.conns }, async (_, w) => {
        let i = w;
        while (Date.now() < until) {
          const t = performance.now();
          const r = await c.req("GET", paths[i++ % paths.length] as string, "");
          lat.push(performance.now() - t);
          if (r.status !== 200) errors++;
        }
      }),
    );
    lat.sort((a, b) => a - b);
    console.log(
      `${opts.conns} clients for ${opts.seconds} s: ${fmt(lat.length / opts.seconds, 0)} searches/s, p50 ${fmt(percentile(lat, 50))} ms, p99 ${fmt(percentile(lat, 99))} ms, errors ${errors}`,
    );
    const p99 = percentile(solo, 99);
    console.log(`target p99 < 50 ms (one client): ${p99 < 50 ? "met" : "NOT met"}`);
    await c.pool.close();
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
