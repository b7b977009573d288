import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";

const run = promisify(execFile);
/** Demo users who sign in at opening time. */
const SIGN_INS = [
  "admin",
  "supervisor",
  "scjg.manager",
  "scjg.window1",
  "scjg.window2",
  "scjg.backoffice",
  "zgc.manager",
  "zgc.window1",
  "zgc.window2",
  "zgc.backoffice",
  "zgc.guide",
  "xyl.manager",
  "park.operator",
  "ky.manager",
  "evaluator",
];
const SERVER_DIR = path.resolve(import.meta.dirname, "..");

describe("audit trail", () => {
  let env: TestEnv & { dataDir: string; databaseUrl?: string };
  beforeAll(async () => {
    env = await setup();
  });
  afterAll(() => env.close());

  async function cli(): Promise<{ code: number; out: string }> {
    const vars: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: env.dataDir, LOG_LEVEL: "silent" };
    if (env.databaseUrl) vars.DATABASE_URL = env.databaseUrl;
    else delete vars.DATABASE_URL;
    try {
      const r = await run(process.execPath, ["--import", "tsx", "src/main.ts", "audit-verify"], { cwd: SERVER_DIR, env: vars });
      return { code: 0, out: r.stdout + r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, out: err.stdout + err.stderr };
    }
  }

  it("records who changed what, where, before and after, with the request id, in the same transaction", async () => {
    const cookie = await env.login("zgc.manager");
    const site = await env.siteId("zgc-street");
    const res = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/windows`,
      headers: { cookie },
      payload: { number: 7, name: "老年人绿色通道" },
    });
    expect(res.statusCode).toBe(201);
    const win = json(res.body);
    const patched = await env.app.inject({
      method: "PATCH",
      url: `/api/sites/${site}/windows/${win.id}`,
      headers: { cookie },
      payload: { name: "绿色通道" },
    });
    expect(patched.statusCode).toBe(200);
    const log = json((await env.app.inject({ url: `/api/audit?siteId=${site}&entityId=${win.id}`, headers: { cookie } })).body);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({
      action: "window.update",
      actorName: "zgc.manager",
      actorRole: "site_manager",
      siteId: site,
      entityType: "window",
      before: { name: "老年人绿色通道" },
      after: { name: "绿色通道" },
      requestId: patched.headers["x-request-id"],
    });
    expect(log[1].action).toBe("window.create");
  });

  it("a refused or failed request writes no record and changes nothing", async () => {
    const cookie = await env.login("zgc.manager");
    const site = await env.siteId("zgc-street");
    const count = async () =>
      Number(
        (
          await env.handle.db
            .selectFrom("audit_log")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const dup = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/windows`,
      headers: { cookie },
      payload: { number: 1, name: "重复" },
    });
    expect(dup.statusCode).toBe(409);
    expect(json(dup.body).code).toBe("window_number_taken");
    const bad = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/zones`,
      headers: { cookie },
      payload: { name: "x", kinds: ["nonsense"] },
    });
    expect(bad.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it("filters by actor and action, and pages newest first", async () => {
    const cookie = await env.login("admin");
    const ids = async (q: string) =>
      (json((await env.app.inject({ url: `/api/audit?${q}`, headers: { cookie } })).body) as { id: number }[]).map((r) => r.id);
    const [first = 0, , third = 0, ...rest] = await ids("limit=3");
    expect(rest).toEqual([]);
    expect(first).toBeGreaterThan(third);
    const [next = 0] = await ids(`limit=3&beforeId=${third}`);
    expect(next).toBeLessThan(third);
    const logins = json((await env.app.inject({ url: "/api/audit?action=auth.login&actor=zgc.manager", headers: { cookie } })).body) as {
      action: string;
    }[];
    expect(logins.length).toBeGreaterThan(0);
    expect(logins.every((r) => r.action === "auth.login")).toBe(true);
  });

  it("keeps the chain whole under concurrent writers", async () => {
    const cookie = await env.login("zgc.manager");
    const site = await env.siteId("zgc-street");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        env.app.inject({
          method: "POST",
          url: `/api/sites/${site}/windows`,
          headers: { cookie },
          payload: { number: 500 + i, name: `并发窗口${i}` },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const admin = await env.login("admin");
    const v = json((await env.app.inject({ url: "/api/audit/verify", headers: { cookie: admin } })).body);
    expect(v.ok).toBe(true);
    expect(v.records).toBeGreaterThan(20);
  });

  it("records sign-ins on each user's own chain, never on the district chain, under concurrent sign-ins", async () => {
    const head = (chain: string) => env.handle.db.selectFrom("audit_heads").selectAll().where("chain", "=", chain).executeTakeFirst();
    const districtBefore = await head("district");
    const users = SIGN_INS;
    // Each user signs in three times at once, all users together: 45 sign-ins in parallel.
    const results = await Promise.all(
      users.flatMap((username) =>
        [1, 2, 3].map(() => env.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password: "govhall2026" } })),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(users.length * 3).fill(200));
    // A wrong password and a sign-out land on the user's chain too.
    await env.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "zgc.guide", password: "wrong-password" } });
    const cookie = `govhall_session=${results[0]?.cookies.find((c) => c.name === "govhall_session")?.value}`;
    expect((await env.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie } })).statusCode).toBeLessThan(300);
    expect(await head("district")).toEqual(districtBefore);
    const rows = await env.handle.db
      .selectFrom("audit_log")
      .innerJoin("users", "users.id", "audit_log.entity_id")
      .select(["audit_log.chain", "audit_log.action", "users.id as userId", "users.username"])
      .where("audit_log.action", "in", ["auth.login", "auth.login_failed", "auth.logout"])
      .execute();
    expect(rows.every((r) => r.chain === `user:${r.userId}`)).toBe(true);
    for (const u of users) expect(rows.filter((r) => r.username === u && r.action === "auth.login").length).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => r.username === "zgc.guide" && r.action === "auth.login_failed")).toBe(true);
    expect(rows.some((r) => r.action === "auth.logout")).toBe(true);
    const admin = await env.login("admin");
    const v = json((await env.app.inject({ url: "/api/audit/verify", headers: { cookie: admin } })).body);
    expect(v).toMatchObject({ ok: true });
    expect(v.chains).toBeGreaterThan(users.length);
  });

  it("the CLI verifies the chain, and names the first record someone tampered with", async () => {
    const ok = await cli();
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/audit ok: \d+ records/);
    const site = await env.siteId("zgc-street");
    const victim = await env.handle.db
      .selectFrom("audit_log")
      .select(["id", "seq"])
      .where("site_id", "=", site)
      .where("action", "=", "window.create")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await sql`update audit_log set after = ${'{"name":"篡改"}'} where id = ${victim.id}`.execute(env.handle.db);
    const api = json((await env.app.inject({ url: "/api/audit/verify", headers: { cookie: await env.login("admin") } })).body);
    expect(api.ok).toBe(false);
    expect(api.firstBroken).toMatchObject({ id: Number(victim.id), reason: "content does not match its hash" });
    const broken = await cli();
    expect(broken.code, broken.out).toBe(1);
    expect(broken.out).toContain(`id=${victim.id}`);
  });
});

describe("audit trail with a record removed", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup();
  });
  afterAll(() => env.close());

  it("names the record after the gap", async () => {
    const mid = await env.handle.db
      .selectFrom("audit_log")
      .select(["id", "seq"])
      .where("chain", "=", "district")
      .where("seq", "=", 2)
      .executeTakeFirstOrThrow();
    const next = await env.handle.db
      .selectFrom("audit_log")
      .select(["id"])
      .where("chain", "=", "district")
      .where("seq", "=", 3)
      .executeTakeFirstOrThrow();
    await env.handle.db.deleteFrom("audit_log").where("id", "=", mid.id).execute();
    const api = json((await env.app.inject({ url: "/api/audit/verify", headers: { cookie: await env.login("admin") } })).body);
    expect(api.ok).toBe(false);
    expect(api.firstBroken).toMatchObject({ chain: "district", seq: 3, id: Number(next.id) });
  });
});
