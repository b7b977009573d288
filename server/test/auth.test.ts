import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";

describe("sign-in, lock-out and sessions", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup();
  });
  afterAll(() => env.close());

  it("signs in with a session cookie that is HttpOnly and SameSite=Strict", async () => {
    const res = await env.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "zgc.manager", password: "govhall2026" },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res.body)).toMatchObject({ username: "zgc.manager", displayName: "李秀英", mustChangePassword: false });
    const cookie = res.cookies.find((c) => c.name === "govhall_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Strict");
    const me = await env.app.inject({ url: "/api/auth/me", headers: { cookie: `govhall_session=${cookie?.value}` } });
    const zgc = await env.siteId("zgc-street");
    expect(json(me.body).grants).toEqual([{ role: "site_manager", siteId: zgc, departmentId: null }]);
    // What the user may do comes from the server, per scope: nothing district-wide, a manager's permissions at the site.
    const { permissions } = json(me.body);
    expect(permissions.district).toEqual([]);
    expect(permissions.departments).toEqual({});
    expect(Object.keys(permissions.sites)).toEqual([zgc]);
    expect(permissions.sites[zgc]).toContain("staff.write");
    expect(permissions.sites[zgc]).not.toContain("site.create");
  });

  it("answers a wrong password and an unknown user alike", async () => {
    const a = await env.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "zgc.window1", password: "nope12345" } });
    const b = await env.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "nobody", password: "nope12345" } });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.headers["content-type"]).toContain("application/problem+json");
    expect(json(a.body).code).toBe("invalid_credentials");
    expect(json(b.body).code).toBe("invalid_credentials");
  });

  it("lets a manager unlock a locked colleague at once", async () => {
    // Wrong passwords no longer lock an account (harden-signin.test.ts); a lock set on the account still holds until lifted.
    await env.handle.db
      .updateTable("users")
      .set({ locked_until: "2099-01-01T00:00:00.000Z" })
      .where("username", "=", "zgc.backoffice")
      .execute();
    const cookie = await env.login("zgc.manager");
    const staff = json((await env.app.inject({ url: "/api/staff", headers: { cookie } })).body) as {
      id: string;
      username: string;
      locked: boolean;
    }[];
    const bo = staff.find((s) => s.username === "zgc.backoffice");
    expect(bo?.locked).toBe(true);
    const res = await env.app.inject({ method: "POST", url: `/api/staff/${bo?.id}/unlock`, headers: { cookie } });
    expect(json(res.body).locked).toBe(false);
    await env.login("zgc.backoffice");
  });

  it("signs out: the old cookie no longer works", async () => {
    const cookie = await env.login("scjg.window1");
    expect((await env.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie } })).statusCode).toBe(204);
    const after = await env.app.inject({ url: "/api/sites", headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(json(after.body).code).toBe("unauthenticated");
  });

  it("changes a password under the policy, and the old one stops working", async () => {
    const cookie = await env.login("scjg.window2");
    const weak = await env.app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers: { cookie },
      payload: { currentPassword: "govhall2026", newPassword: "short" },
    });
    expect(json(weak.body).code).toBe("weak_password");
    const wrong = await env.app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers: { cookie },
      payload: { currentPassword: "bad", newPassword: "newpass2026" },
    });
    expect(json(wrong.body).code).toBe("wrong_current_password");
    const ok = await env.app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers: { cookie },
      payload: { currentPassword: "govhall2026", newPassword: "newpass2026" },
    });
    expect(ok.statusCode).toBe(204);
    await expect(env.login("scjg.window2")).rejects.toThrow(/401/);
    await env.login("scjg.window2", "newpass2026");
  });

  it("sessions expire after 12 hours", async () => {
    const cookie = await env.login("xyl.manager");
    env.clock.advance(13 * 3_600_000);
    expect((await env.app.inject({ url: "/api/sites", headers: { cookie } })).statusCode).toBe(401);
  });
});

describe("first sign-in outside demo mode", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup({ seed: "minimal" });
  });
  afterAll(() => env.close());

  it("makes the seeded administrator change the initial password before anything else", async () => {
    const cookie = await env.login("admin", "initial123");
    const me = await env.app.inject({ url: "/api/auth/me", headers: { cookie } });
    expect(json(me.body).mustChangePassword).toBe(true);
    const blocked = await env.app.inject({ url: "/api/sites", headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(json(blocked.body).code).toBe("password_change_required");
    const ch = await env.app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers: { cookie },
      payload: { currentPassword: "initial123", newPassword: "district2026" },
    });
    expect(ch.statusCode).toBe(204);
    const now = await env.app.inject({ url: "/api/sites", headers: { cookie } });
    expect(now.statusCode).toBe(200);
    expect(json(now.body)).toEqual([]);
  });

  it("makes an account created by a manager change its password at first sign-in", async () => {
    const admin = await env.login("admin", "district2026");
    const res = await env.app.inject({
      method: "POST",
      url: "/api/staff",
      headers: { cookie: admin },
      payload: { username: "sup2", displayName: "钱督查", password: "temp12345", grants: [{ role: "district_supervisor", siteId: null }] },
    });
    expect(res.statusCode).toBe(201);
    const cookie = await env.login("sup2", "temp12345");
    expect(json((await env.app.inject({ url: "/api/audit", headers: { cookie } })).body).code).toBe("password_change_required");
  });
});

describe("behind a TLS-terminating proxy", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup({ env: { TRUST_PROXY: "1" } });
  });
  afterAll(() => env.close());

  it("marks the session cookie Secure when the request came over HTTPS", async () => {
    const login = (proto: string) =>
      env.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username: "zgc.guide", password: "govhall2026" },
        headers: { "x-forwarded-proto": proto },
      });
    expect((await login("https")).cookies[0]?.secure).toBe(true);
    expect((await login("http")).cookies[0]?.secure).toBeFalsy();
  });
});
