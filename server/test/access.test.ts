import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";

/** Every role against its own site and against another site: the other site is refused for reading and writing. */
const CASES = [
  { user: "zgc.manager", role: "site_manager", own: "zgc-street", other: "xyl-street", writes: true },
  { user: "park.operator", role: "park_operator", own: "zpark-station", other: "zgc-street", writes: true },
  { user: "zgc.window1", role: "window_staff", own: "zgc-street", other: "scjg-hall", writes: false },
  { user: "zgc.backoffice", role: "back_office", own: "zgc-street", other: "scjg-hall", writes: false },
  { user: "zgc.guide", role: "guide", own: "zgc-street", other: "ky-community", writes: false },
  { user: "evaluator", role: "evaluator", own: "xyl-street", other: "scjg-hall", writes: false },
];

describe("access by role and site", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup();
  });
  afterAll(() => env.close());

  const read = async (cookie: string, code: string) =>
    (await env.app.inject({ url: `/api/sites/${await env.siteId(code)}`, headers: { cookie } })).statusCode;
  const write = async (cookie: string, code: string, n: number) =>
    (
      await env.app.inject({
        method: "POST",
        url: `/api/sites/${await env.siteId(code)}/windows`,
        headers: { cookie },
        payload: { number: n, name: `测试窗口${n}` },
      })
    ).statusCode;

  for (const [i, c] of CASES.entries()) {
    it(`${c.role} reads its own site and is refused another site`, async () => {
      const cookie = await env.login(c.user);
      expect(await read(cookie, c.own)).toBe(200);
      expect(await read(cookie, c.other)).toBe(403);
      const listed = json((await env.app.inject({ url: "/api/sites", headers: { cookie } })).body) as { code: string }[];
      expect(listed.map((s) => s.code)).toContain(c.own);
      expect(listed.map((s) => s.code)).not.toContain(c.other);
    });
    it(`${c.role} ${c.writes ? "writes" : "cannot write"} its own site and cannot write another`, async () => {
      const cookie = await env.login(c.user);
      expect(await write(cookie, c.own, 100 + i)).toBe(c.writes ? 201 : 403);
      expect(await write(cookie, c.other, 200 + i)).toBe(403);
      const otherWindows = await env.handle.db
        .selectFrom("windows")
        .select("number")
        .where("site_id", "=", await env.siteId(c.other))
        .execute();
      expect(otherWindows.map((w) => w.number)).not.toContain(200 + i);
    });
  }

  it("a site manager cannot read another site's staff, devices or audit", async () => {
    const cookie = await env.login("zgc.manager");
    const other = await env.siteId("xyl-street");
    for (const url of [
      `/api/staff?siteId=${other}`,
      `/api/sites/${other}/devices`,
      `/api/audit?siteId=${other}`,
      `/api/sites/${other}/zones`,
    ]) {
      const res = await env.app.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(403);
      expect(json(res.body).code).toBe("forbidden");
    }
    const staff = json((await env.app.inject({ url: "/api/staff", headers: { cookie } })).body) as { username: string }[];
    expect(staff.map((s) => s.username)).toContain("zgc.window1");
    expect(staff.map((s) => s.username)).not.toContain("xyl.manager");
  });

  it("a site manager cannot grant roles at another site nor district roles", async () => {
    const cookie = await env.login("zgc.manager");
    const other = await env.siteId("xyl-street");
    const mk = (grants: unknown) =>
      env.app.inject({
        method: "POST",
        url: "/api/staff",
        headers: { cookie },
        payload: { username: `u${Math.random().toString(36).slice(2, 8)}`, displayName: "新人", password: "abc12345", grants },
      });
    expect((await mk([{ role: "window_staff", siteId: other }])).statusCode).toBe(403);
    expect((await mk([{ role: "district_admin", siteId: null }])).statusCode).toBe(403);
    expect(json((await mk([{ role: "district_admin", siteId: await env.siteId("zgc-street") }])).body).code).toBe("role_scope_invalid");
    expect((await mk([{ role: "window_staff", siteId: await env.siteId("zgc-street") }])).statusCode).toBe(201);
  });

  it("district administrators write every site; district supervisors read every site but write none", async () => {
    const admin = await env.login("admin");
    const sup = await env.login("supervisor");
    for (const code of ["zgc-street", "scjg-hall", "zpark-station", "ky-community"]) {
      expect(await read(sup, code)).toBe(200);
      expect(await write(sup, code, 300)).toBe(403);
      expect(await write(admin, code, 301)).toBe(201);
    }
    expect((await env.app.inject({ url: "/api/audit", headers: { cookie: sup } })).statusCode).toBe(200);
  });

  it("only a district administrator creates sites or changes the calendar", async () => {
    for (const u of ["zgc.manager", "supervisor"]) {
      const cookie = await env.login(u);
      const res = await env.app.inject({
        method: "PUT",
        url: "/api/calendar/days/2026-12-31",
        headers: { cookie },
        payload: { kind: "holiday", name: "x" },
      });
      expect(res.statusCode).toBe(403);
    }
  });

  it("anonymous callers get 401 on every route outside /api/public/", async () => {
    const doc = json((await env.app.inject({ url: "/api/openapi.json" })).body) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    // Files and documents are open to all callers: each one's policy decides (files.test.ts, documents.test.ts).
    const open = (p: string) =>
      p === "/api/health" ||
      p === "/api/auth/login" ||
      p.startsWith("/api/public/") ||
      p === "/api/files/{fileId}" ||
      p === "/api/documents/{documentId}/pdf";
    let checked = 0;
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.operationId, `${method} ${p}`).toBeTruthy();
        if (open(p)) continue;
        const url = p.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");
        const res = await env.app.inject({
          method: method.toUpperCase() as "GET",
          url,
          payload: method === "get" || method === "delete" ? undefined : {},
        });
        expect(res.statusCode, `${method} ${p}`).toBe(401);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(25);
  });
});

describe("devices", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup();
  });
  afterAll(() => env.close());

  it("a registered device acts only as itself at its site, and stops working when revoked", async () => {
    const cookie = await env.login("zgc.manager");
    const site = await env.siteId("zgc-street");
    const reg = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/devices`,
      headers: { cookie },
      payload: { kind: "kiosk", name: "一楼取号机" },
    });
    expect(reg.statusCode).toBe(201);
    const { token, id } = json(reg.body) as { token: string; id: string };
    expect(token).toMatch(/^gd_/);
    const auth = { authorization: `Bearer ${token}` };
    const self = await env.app.inject({ url: "/api/device/self", headers: auth });
    expect(json(self.body)).toMatchObject({ kind: "kiosk", name: "一楼取号机", site: { code: "zgc-street" } });
    expect((await env.app.inject({ url: `/api/sites/${site}`, headers: auth })).statusCode).toBe(403);
    expect((await env.app.inject({ url: "/api/staff", headers: auth })).statusCode).toBe(403);
    const listed = json((await env.app.inject({ url: `/api/sites/${site}/devices`, headers: { cookie } })).body);
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await env.app.inject({ method: "POST", url: `/api/sites/${site}/devices/${id}/revoke`, headers: { cookie } })).statusCode).toBe(
      200,
    );
    expect((await env.app.inject({ url: "/api/device/self", headers: auth })).statusCode).toBe(401);
  });

  it("a user session cannot use device routes, and a manager cannot register devices elsewhere", async () => {
    const cookie = await env.login("zgc.manager");
    expect((await env.app.inject({ url: "/api/device/self", headers: { cookie } })).statusCode).toBe(403);
    const other = await env.siteId("scjg-hall");
    expect(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/sites/${other}/devices`,
          headers: { cookie },
          payload: { kind: "display", name: "x" },
        })
      ).statusCode,
    ).toBe(403);
  });

  it("a window evaluator must belong to a window of the same site", async () => {
    const cookie = await env.login("zgc.manager");
    const site = await env.siteId("zgc-street");
    const noWindow = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/devices`,
      headers: { cookie },
      payload: { kind: "evaluator", name: "评价器" },
    });
    expect(json(noWindow.body).code).toBe("device_window_required");
    const otherWindow = await env.handle.db
      .selectFrom("windows")
      .select("id")
      .where("site_id", "=", await env.siteId("scjg-hall"))
      .executeTakeFirstOrThrow();
    const wrong = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/devices`,
      headers: { cookie },
      payload: { kind: "evaluator", name: "评价器", windowId: otherWindow.id },
    });
    expect(json(wrong.body).code).toBe("window_not_in_site");
  });
});
