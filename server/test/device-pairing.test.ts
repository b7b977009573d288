import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";

/** Issue 11, item 11: a kiosk pairs by a short code a manager confirms, not by typing a 46-character token. */
describe("pairing a device by a short code", () => {
  let env: TestEnv;
  let site: string;
  let manager: string;
  beforeAll(async () => {
    env = await setup();
    site = await env.siteId("zgc-street");
    manager = await env.login("zgc.manager");
  });
  afterAll(() => env.close());

  const start = async (kind = "kiosk") => {
    const res = await env.app.inject({ method: "POST", url: "/api/public/device-pairings", payload: { kind } });
    expect(res.statusCode, res.body).toBe(201);
    return json(res.body) as { id: string; code: string; secret: string; expiresAt: string };
  };
  const claim = (p: { id: string; secret: string }) =>
    env.app.inject({ method: "POST", url: `/api/public/device-pairings/${p.id}/claim`, payload: { secret: p.secret } });
  const confirm = (cookie: string, siteId: string, code: string, payload: Record<string, unknown> = { name: "一楼取号机" }) =>
    env.app.inject({
      method: "POST",
      url: `/api/sites/${siteId}/device-pairings/${encodeURIComponent(code)}/confirm`,
      headers: { cookie },
      payload,
    });

  it("the device shows a code, a manager confirms it, and the device collects its token once", async () => {
    const p = await start();
    expect(p.code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(json((await claim(p)).body)).toMatchObject({ state: "waiting", code: p.code });

    // The manager types it as people do: lower case, without the dash.
    const typed = p.code.replace("-", " ").toLowerCase();
    const look = await env.app.inject({ url: `/api/device-pairings/${encodeURIComponent(typed)}`, headers: { cookie: manager } });
    expect(look.statusCode, look.body).toBe(200);
    expect(json(look.body)).toMatchObject({ code: p.code, kind: "kiosk" });
    const done = await confirm(manager, site, typed);
    expect(done.statusCode, done.body).toBe(200);
    expect(json(done.body)).toMatchObject({ kind: "kiosk", name: "一楼取号机", siteId: site });
    expect(done.body).not.toContain("gd_");

    const paired = json((await claim(p)).body) as { state: string; token: string };
    expect(paired.state).toBe("paired");
    const self = await env.app.inject({ url: "/api/device/self", headers: { authorization: `Bearer ${paired.token}` } });
    expect(json(self.body)).toMatchObject({ kind: "kiosk", name: "一楼取号机", site: { code: "zgc-street" } });
    // Once only: the token is not kept, and a second claim learns nothing.
    const again = await claim(p);
    expect(again.statusCode).toBe(409);
    expect(again.body).not.toContain(paired.token);
    const row = await env.handle.db.selectFrom("device_pairings").selectAll().where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(row.token).toBeNull();
  });

  it("refuses a wrong secret, a stranger, another site's manager and an expired code", async () => {
    const p = await start("display");
    expect((await claim({ id: p.id, secret: "x".repeat(40) })).statusCode).toBe(404);
    const anon = await env.app.inject({ url: `/api/device-pairings/${p.code}` });
    expect(anon.statusCode).toBe(401);
    const staff = await env.login("zgc.window1");
    expect((await env.app.inject({ url: `/api/device-pairings/${p.code}`, headers: { cookie: staff } })).statusCode).toBe(403);
    const other = await env.login("xyl.manager");
    const cross = await confirm(other, site, p.code, { name: "别人的屏" });
    expect(cross.statusCode).toBe(403);
    const bad = await env.app.inject({ url: "/api/device-pairings/0OIL-1234", headers: { cookie: manager } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toContain("application/problem+json");

    env.clock.advance(11 * 60_000);
    const late = await confirm(manager, site, p.code, { name: "大厅叫号屏" });
    expect(late.statusCode).toBe(410);
    expect(json(late.body).code).toBe("pairing_expired");
    expect((await claim(p)).statusCode).toBe(410);
    const devices = json((await env.app.inject({ url: `/api/sites/${site}/devices`, headers: { cookie: manager } })).body) as {
      name: string;
    }[];
    expect(devices.map((d) => d.name)).not.toContain("大厅叫号屏");
  });

  it("an evaluator or counter terminal needs its window, and two managers confirming one code give one device", async () => {
    const p = await start("counter_terminal");
    const noWindow = await confirm(manager, site, p.code, { name: "1号窗口终端" });
    expect(noWindow.statusCode).toBe(400);
    expect(json(noWindow.body).code).toBe("device_window_required");
    const windows = json((await env.app.inject({ url: `/api/sites/${site}/windows`, headers: { cookie: manager } })).body) as {
      id: string;
    }[];
    const admin = await env.login("admin");
    const both = await Promise.all([
      confirm(manager, site, p.code, { name: "终端甲", windowId: windows[0]?.id }),
      confirm(admin, site, p.code, { name: "终端乙", windowId: windows[0]?.id }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const paired = json((await claim(p)).body) as { token: string };
    const self = json((await env.app.inject({ url: "/api/device/self", headers: { authorization: `Bearer ${paired.token}` } })).body);
    const winner = json((both.find((r) => r.statusCode === 200) ?? both[0])?.body ?? "{}");
    expect(self.name).toBe(winner.name);
    const devices = json((await env.app.inject({ url: `/api/sites/${site}/devices`, headers: { cookie: manager } })).body) as {
      name: string;
      revokedAt: string | null;
    }[];
    const active = devices.filter((d) => (d.name === "终端甲" || d.name === "终端乙") && !d.revokedAt);
    expect(active).toHaveLength(1);
  });
});
