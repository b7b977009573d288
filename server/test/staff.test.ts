import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";

// Each describe block starts its own district; the helpers read the one in use.
let env: TestEnv;
const userId = async (username: string) =>
  (await env.handle.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow()).id;
const grantsInDb = async (username: string) =>
  (
    await env.handle.db
      .selectFrom("role_grants")
      .select(["role", "site_id", "department_id"])
      .where("user_id", "=", await userId(username))
      .orderBy("role")
      .orderBy("site_id")
      .execute()
  ).map((g) => `${g.role}@${g.site_id}${g.department_id}`);
const hashOf = async (username: string) =>
  (await env.handle.db.selectFrom("users").select("password_hash").where("username", "=", username).executeTakeFirstOrThrow())
    .password_hash;
const setGrants = async (cookie: string, username: string, body: object) =>
  env.app.inject({ method: "PUT", url: `/api/staff/${await userId(username)}/grants`, headers: { cookie }, payload: body });
const reset = async (cookie: string, username: string, password = "newpass123") =>
  env.app.inject({
    method: "POST",
    url: `/api/staff/${await userId(username)}/password-reset`,
    headers: { cookie },
    payload: { password },
  });
const signIn = (username: string, password: string) =>
  env.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
const auditCount = async (action: string) =>
  (await env.handle.db.selectFrom("audit_log").select("id").where("action", "=", action).execute()).length;

let admin: string;
let zgcManager: string;
async function startDistrict() {
  env = await setup();
  admin = await env.login("admin");
  zgcManager = await env.login("zgc.manager");
}

/** setStaffGrants and resetStaffPassword through HTTP, and who may manage whom (issue 10 #13). */
describe("staff grants and password resets", () => {
  beforeAll(startDistrict);
  afterAll(() => env.close());

  it("sets a user's roles at one site, keeps their roles elsewhere, audits it, and takes effect on the open session", async () => {
    const zgc = await env.siteId("zgc-street");
    const xyl = await env.siteId("xyl-street");
    const window1 = await env.login("zgc.window1");
    expect((await env.app.inject({ url: `/api/sites/${xyl}`, headers: { cookie: window1 } })).statusCode).toBe(403);
    const before = await auditCount("staff.grants.set");
    const res = await setGrants(admin, "zgc.window1", { siteId: xyl, roles: ["guide", "guide"] });
    expect(res.statusCode).toBe(200);
    expect(json(res.body).grants).toEqual(
      expect.arrayContaining([
        { role: "window_staff", siteId: zgc, departmentId: null },
        { role: "guide", siteId: xyl, departmentId: null },
      ]),
    );
    expect(await grantsInDb("zgc.window1")).toEqual([`guide@${xyl}`, `window_staff@${zgc}`]);
    expect(await auditCount("staff.grants.set")).toBe(before + 1);
    // The session opened before the change sees it at once.
    expect((await env.app.inject({ url: `/api/sites/${xyl}`, headers: { cookie: window1 } })).statusCode).toBe(200);
    // An empty list takes the roles at that site away again.
    expect((await setGrants(admin, "zgc.window1", { siteId: xyl, roles: [] })).statusCode).toBe(200);
    expect(await grantsInDb("zgc.window1")).toEqual([`window_staff@${zgc}`]);
    expect((await env.app.inject({ url: `/api/sites/${xyl}`, headers: { cookie: window1 } })).statusCode).toBe(403);
  });

  it("refuses bad grant input with 4xx problems and changes nothing", async () => {
    const zgc = await env.siteId("zgc-street");
    const before = await grantsInDb("zgc.window2");
    const cases: [object, number, string][] = [
      [{ siteId: zgc, roles: ["district_admin"] }, 400, "role_scope_invalid"],
      [{ siteId: null, roles: ["window_staff"] }, 400, "role_scope_invalid"],
      [{ siteId: "0190a0a0-0000-7000-8000-000000000000", roles: ["guide"] }, 400, "site_unknown"],
      [{ siteId: zgc, roles: ["nobody"] }, 400, "validation_failed"],
      [{ siteId: "not-a-uuid", roles: [] }, 400, "validation_failed"],
    ];
    for (const [body, status, code] of cases) {
      const res = await setGrants(admin, "zgc.window2", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(json(res.body).code, JSON.stringify(body)).toBe(code);
    }
    const unknown = await env.app.inject({
      method: "PUT",
      url: "/api/staff/0190a0a0-0000-7000-8000-000000000000/grants",
      headers: { cookie: admin },
      payload: { siteId: zgc, roles: ["guide"] },
    });
    expect(unknown.statusCode).toBe(404);
    expect(await grantsInDb("zgc.window2")).toEqual(before);
  });

  it("resets a password: the old one stops working, open sessions end, and the new one must be changed", async () => {
    const session = await env.login("zgc.guide");
    const before = await auditCount("staff.password_reset");
    const res = await reset(zgcManager, "zgc.guide", "fresh2026x");
    expect(res.statusCode).toBe(200);
    expect(json(res.body)).toMatchObject({ username: "zgc.guide", mustChangePassword: true, locked: false });
    expect(await auditCount("staff.password_reset")).toBe(before + 1);
    expect((await env.app.inject({ url: "/api/auth/me", headers: { cookie: session } })).statusCode).toBe(401);
    expect((await signIn("zgc.guide", "govhall2026")).statusCode).toBe(401);
    const fresh = await env.login("zgc.guide", "fresh2026x");
    const blocked = await env.app.inject({ url: "/api/sites", headers: { cookie: fresh } });
    expect(json(blocked.body).code).toBe("password_change_required");
  });

  it("refuses a weak reset password and an unknown user, changing nothing", async () => {
    const hash = await hashOf("zgc.window2");
    const weak = await reset(zgcManager, "zgc.window2", "short");
    expect(weak.statusCode).toBe(400);
    expect(json(weak.body).code).toBe("weak_password");
    expect(await hashOf("zgc.window2")).toBe(hash);
    const unknown = await env.app.inject({
      method: "POST",
      url: "/api/staff/0190a0a0-0000-7000-8000-000000000000/password-reset",
      headers: { cookie: admin },
      payload: { password: "newpass123" },
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe("a site manager manages only users wholly within their sites (issue 10 #13)", () => {
  beforeAll(startDistrict);
  afterAll(() => env.close());

  it("refuses grants on a user of another site, without the account in the answer", async () => {
    const zgc = await env.siteId("zgc-street");
    const before = await grantsInDb("xyl.manager");
    const res = await setGrants(zgcManager, "xyl.manager", { siteId: zgc, roles: ["window_staff"] });
    expect(res.statusCode).toBe(403);
    expect(json(res.body).code).toBe("forbidden");
    expect(res.body).not.toContain("xyl.manager");
    expect(await grantsInDb("xyl.manager")).toEqual(before);
    expect((await reset(zgcManager, "xyl.manager")).statusCode).toBe(403);
  });

  it("refuses grants and resets on the district administrator's account", async () => {
    const zgc = await env.siteId("zgc-street");
    const hash = await hashOf("admin");
    const res = await setGrants(zgcManager, "admin", { siteId: zgc, roles: ["guide"] });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain("区政务服务管理办公室管理员");
    expect(await grantsInDb("admin")).toHaveLength(1);
    expect((await reset(zgcManager, "admin")).statusCode).toBe(403);
    expect(await hashOf("admin")).toBe(hash);
  });

  it("refuses a user who also works at another site", async () => {
    const zgc = await env.siteId("zgc-street");
    expect((await setGrants(zgcManager, "evaluator", { siteId: zgc, roles: ["evaluator", "guide"] })).statusCode).toBe(403);
    expect((await reset(zgcManager, "evaluator")).statusCode).toBe(403);
  });

  it("cannot take over a user left without grants by granting a role and then resetting the password", async () => {
    const zgc = await env.siteId("zgc-street");
    const xyl = await env.siteId("xyl-street");
    // xyl.manager loses the only role: the account now belongs to no site.
    expect((await setGrants(admin, "xyl.manager", { siteId: xyl, roles: [] })).statusCode).toBe(200);
    expect(await grantsInDb("xyl.manager")).toEqual([]);
    const hash = await hashOf("xyl.manager");
    const grant = await setGrants(zgcManager, "xyl.manager", { siteId: zgc, roles: ["window_staff"] });
    expect(grant.statusCode).toBe(403);
    expect(await grantsInDb("xyl.manager")).toEqual([]);
    expect((await reset(zgcManager, "xyl.manager")).statusCode).toBe(403);
    expect(await hashOf("xyl.manager")).toBe(hash);
    // The district administrator still can.
    expect((await setGrants(admin, "xyl.manager", { siteId: xyl, roles: ["site_manager"] })).statusCode).toBe(200);
  });

  it("still manages the site's own staff", async () => {
    const zgc = await env.siteId("zgc-street");
    const res = await setGrants(zgcManager, "zgc.window2", { siteId: zgc, roles: ["window_staff", "guide"] });
    expect(res.statusCode).toBe(200);
    expect((await reset(zgcManager, "zgc.window2")).statusCode).toBe(200);
  });
});

describe("department grants: a department's back office and its manager", () => {
  let scjg: string;
  let rsj: string;
  beforeAll(async () => {
    env = await setup();
    const depts = json((await env.app.inject({ url: "/api/public/departments" })).body) as { id: string; name: string }[];
    scjg = depts.find((d) => d.name === "区市场监督管理局")?.id as string;
    rsj = depts.find((d) => d.name === "区人力资源和社会保障局")?.id as string;
  });
  afterAll(() => env.close());

  const status = async (cookie: string, username: string) => (await reset(cookie, username)).statusCode;
  const names = (body: string) => (json(body) as { username: string }[]).map((s) => s.username);

  it("signs in department accounts whose permissions are for their department, not for any site", async () => {
    const cookie = await env.login("scjg.review");
    const me = json((await env.app.inject({ url: "/api/auth/me", headers: { cookie } })).body);
    expect(me.grants).toEqual([{ role: "back_office", siteId: null, departmentId: scjg }]);
    expect(me.permissions).toEqual({
      district: [],
      sites: {},
      departments: { [scjg]: ["site.read", "queue.read", "case.read", "case.process"] },
    });
    expect(json((await env.app.inject({ url: "/api/sites", headers: { cookie } })).body)).toEqual([]);
    expect((await env.app.inject({ url: `/api/sites/${await env.siteId("scjg-hall")}`, headers: { cookie } })).statusCode).toBe(403);
  });

  it("lets a department manager see and manage the department's staff only", async () => {
    const director = await env.login("scjg.director");
    const listed = names((await env.app.inject({ url: "/api/staff", headers: { cookie: director } })).body);
    expect(listed).toContain("scjg.review");
    expect(listed).not.toContain("scjg.backoffice");
    expect(listed).not.toContain("rsj.review");
    const own = await env.app.inject({ url: `/api/staff?departmentId=${scjg}`, headers: { cookie: director } });
    expect(names(own.body)).toEqual(["scjg.director", "scjg.review"]);
    expect((await env.app.inject({ url: `/api/staff?departmentId=${rsj}`, headers: { cookie: director } })).statusCode).toBe(403);
    expect(await status(director, "scjg.review")).toBe(200);
    expect(await status(director, "scjg.backoffice")).toBe(403);
    expect(await status(director, "rsj.review")).toBe(403);
    // The site manager of the department's own hall does not manage the department's back office.
    expect(await status(await env.login("scjg.manager"), "scjg.review")).toBe(403);
  });

  it("creates department accounts with department roles only", async () => {
    const director = await env.login("scjg.director");
    const mk = (username: string, grants: unknown) =>
      env.app.inject({
        method: "POST",
        url: "/api/staff",
        headers: { cookie: director },
        payload: { username, displayName: "审批员", password: "abc12345", grants },
      });
    const ok = await mk("scjg.review2", [{ role: "back_office", siteId: null, departmentId: scjg }]);
    expect(ok.statusCode).toBe(201);
    expect(json(ok.body).grants).toEqual([{ role: "back_office", siteId: null, departmentId: scjg }]);
    expect(json((await mk("scjg.window9", [{ role: "window_staff", siteId: null, departmentId: scjg }])).body).code).toBe(
      "role_scope_invalid",
    );
    expect((await mk("rsj.review2", [{ role: "back_office", siteId: null, departmentId: rsj }])).statusCode).toBe(403);
    const bogus = await mk("x.review", [{ role: "back_office", siteId: null, departmentId: "0190a0a0-0000-7000-8000-000000000000" }]);
    expect(bogus.statusCode).toBe(403);
  });

  it("lets the district administrator give a site's back office a department role, kept apart from the site role", async () => {
    const admin = await env.login("admin");
    const res = await env.app.inject({
      method: "PUT",
      url: `/api/staff/${await userId("zgc.backoffice")}/grants`,
      headers: { cookie: admin },
      payload: { siteId: null, departmentId: rsj, roles: ["back_office"] },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res.body).grants).toEqual(
      expect.arrayContaining([
        { role: "back_office", siteId: await env.siteId("zgc-street"), departmentId: null },
        { role: "back_office", siteId: null, departmentId: rsj },
      ]),
    );
    const bad = await env.app.inject({
      method: "PUT",
      url: `/api/staff/${await userId("zgc.backoffice")}/grants`,
      headers: { cookie: admin },
      payload: { siteId: await env.siteId("zgc-street"), departmentId: rsj, roles: ["back_office"] },
    });
    expect(json(bad.body).code).toBe("role_scope_invalid");
    const unknown = await env.app.inject({
      method: "PUT",
      url: `/api/staff/${await userId("zgc.backoffice")}/grants`,
      headers: { cookie: admin },
      payload: { siteId: null, departmentId: "0190a0a0-0000-7000-8000-000000000000", roles: ["back_office"] },
    });
    expect(json(unknown.body).code).toBe("department_unknown");
  });
});
