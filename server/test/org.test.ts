import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINE, json, setup, type TestEnv } from "./helpers.js";

const NEW_HALL = {
  code: "rsj-hall",
  kind: "professional_hall",
  name: "海淀区人力资源和社会保障局政务服务大厅",
  plaqueName: "海淀区政务服务中心人力社保分中心",
  parentOrg: "海淀区人力资源和社会保障局",
  responsiblePerson: "马红梅",
  responsiblePhone: "13912345678",
  address: "北京市海淀区万柳中路3号",
  phone: "010-88880000",
  weeklyHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "09:00", closes: "17:00" })),
};

describe("sites, zones, windows and posts", () => {
  let env: TestEnv;
  let admin: string;
  beforeAll(async () => {
    env = await setup();
    admin = await env.login("admin");
  });
  afterAll(() => env.close());

  it("seeds a demo district shaped like the norms", async () => {
    const sites = json((await env.app.inject({ url: "/api/sites", headers: { cookie: admin } })).body) as { kind: string }[];
    const kinds = sites.map((s) => s.kind);
    expect(kinds.filter((k) => k === "professional_hall").length).toBeGreaterThanOrEqual(1);
    expect(kinds.filter((k) => k === "street_center").length).toBeGreaterThanOrEqual(2);
    expect(kinds).toContain("park_station");
    expect(kinds).toContain("community_station");
  });

  it("enforces the naming rules of P4 and S5", async () => {
    const noPlaque = await env.app.inject({
      method: "POST",
      url: "/api/sites",
      headers: { cookie: admin },
      payload: { ...NEW_HALL, plaqueName: null },
    });
    expect(noPlaque.statusCode).toBe(400);
    expect(json(noPlaque.body).code).toBe("site_name_invalid");
    const street = await env.app.inject({
      method: "POST",
      url: "/api/sites",
      headers: { cookie: admin },
      payload: { ...NEW_HALL, code: "bad-street", kind: "street_center", name: "海淀街道便民中心", plaqueName: null },
    });
    expect(json(street.body).message.zh).toContain("××区××镇(街道)政务服务中心");
  });

  it("creates a professional hall with office hours; its code and name are unique", async () => {
    const res = await env.app.inject({ method: "POST", url: "/api/sites", headers: { cookie: admin }, payload: NEW_HALL });
    expect(res.statusCode).toBe(201);
    const site = json(res.body);
    expect(site).toMatchObject({ code: "rsj-hall", plaqueName: "海淀区政务服务中心人力社保分中心", active: true });
    expect(site.weeklyHours).toHaveLength(5);
    const again = await env.app.inject({ method: "POST", url: "/api/sites", headers: { cookie: admin }, payload: NEW_HALL });
    expect(again.statusCode).toBe(409);
    expect(json(again.body).code).toBe("site_code_taken");
  });

  it("refuses overlapping or inverted office hours, and keeps dated exceptions", async () => {
    const cookie = await env.login("zgc.manager");
    const site = await env.siteId("zgc-street");
    const overlap = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${site}/hours`,
      headers: { cookie },
      payload: {
        weeklyHours: [
          { weekday: 1, opens: "09:00", closes: "12:00" },
          { weekday: 1, opens: "11:00", closes: "17:00" },
        ],
      },
    });
    expect(json(overlap.body).code).toBe("hours_overlap");
    const inverted = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${site}/hours`,
      headers: { cookie },
      payload: { weeklyHours: [{ weekday: 2, opens: "17:00", closes: "09:00" }] },
    });
    expect(json(inverted.body).code).toBe("hours_invalid");
    const split = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${site}/hours`,
      headers: { cookie },
      payload: {
        weeklyHours: [
          { weekday: 1, opens: "09:00", closes: "12:00" },
          { weekday: 1, opens: "13:00", closes: "17:00" },
          { weekday: 6, opens: "09:00", closes: "12:00" },
        ],
      },
    });
    expect(json(split.body).weeklyHours).toHaveLength(3);
    const exc = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${site}/hour-exceptions`,
      headers: { cookie },
      payload: { date: "2026-12-24", closed: true, note: "设备检修" },
    });
    expect(json(exc.body).exceptions).toEqual([{ date: "2026-12-24", closed: true, opens: null, closes: null, note: "设备检修" }]);
    const pub = json((await env.app.inject({ url: "/api/public/sites/zgc-street" })).body);
    expect(pub.exceptions[0].note).toBe("设备检修");
    expect(
      (await env.app.inject({ method: "DELETE", url: `/api/sites/${site}/hour-exceptions/2026-12-24`, headers: { cookie } })).statusCode,
    ).toBe(204);
  });

  it("keeps zones of the six kinds, merged ones too, and puts windows only in a window-service zone", async () => {
    const cookie = await env.login("xyl.manager");
    const site = await env.siteId("xyl-street");
    const merged = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/zones`,
      headers: { cookie },
      payload: { name: "二层综合区", kinds: ["window_service", "waiting"] },
    });
    expect(merged.statusCode).toBe(201);
    const waiting = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/zones`,
      headers: { cookie },
      payload: { name: "母婴等候区", kinds: ["waiting"] },
    });
    const w1 = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/windows`,
      headers: { cookie },
      payload: { number: 8, name: "综合受理", zoneId: json(merged.body).id },
    });
    expect(w1.statusCode).toBe(201);
    const w2 = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/windows`,
      headers: { cookie },
      payload: { number: 9, name: "综合受理", zoneId: json(waiting.body).id },
    });
    expect(json(w2.body).code).toBe("zone_not_window_service");
    const del = await env.app.inject({ method: "DELETE", url: `/api/sites/${site}/zones/${json(merged.body).id}`, headers: { cookie } });
    expect(json(del.body).code).toBe("zone_in_use");
    const list = json((await env.app.inject({ url: `/api/sites/${site}/windows`, headers: { cookie } })).body) as { number: number }[];
    expect(list.map((w) => w.number)).toEqual([1, 2, 3, 8]);
  });

  it("names an A and a B post from the site's staff, never the same person, never an outsider", async () => {
    const cookie = await env.login("zgc.manager");
    const site = await env.siteId("zgc-street");
    const windows = json((await env.app.inject({ url: `/api/sites/${site}/windows`, headers: { cookie } })).body) as {
      id: string;
      number: number;
      post: { primary: { displayName: string } | null };
    }[];
    expect(windows.find((w) => w.number === 1)?.post.primary?.displayName).toBe("张伟");
    const staff = json((await env.app.inject({ url: `/api/staff?siteId=${site}`, headers: { cookie } })).body) as {
      id: string;
      username: string;
    }[];
    const id = (u: string) => staff.find((s) => s.username === u)?.id as string;
    const w3 = windows.find((w) => w.number === 3)?.id as string;
    const same = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${site}/windows/${w3}/post`,
      headers: { cookie },
      payload: { primaryUserId: id("zgc.window1"), backupUserId: id("zgc.window1") },
    });
    expect(json(same.body).code).toBe("post_same_person");
    const outsider = (await env.handle.db.selectFrom("users").select("id").where("username", "=", "scjg.window1").executeTakeFirstOrThrow())
      .id;
    const out = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${site}/windows/${w3}/post`,
      headers: { cookie },
      payload: { primaryUserId: outsider, backupUserId: null },
    });
    expect(json(out.body).code).toBe("post_user_not_staff");
    const ok = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${site}/windows/${w3}/post`,
      headers: { cookie },
      payload: { primaryUserId: id("zgc.backoffice"), backupUserId: id("zgc.window2") },
    });
    expect(json(ok.body).post).toMatchObject({ primary: { displayName: "刘洋" }, backup: { displayName: "王芳" } });
  });

  it("shows the public only masked personal data", async () => {
    const res = await env.app.inject({ url: "/api/public/sites" });
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain("海淀区中关村街道政务服务中心");
    expect(body).toContain("李*");
    expect(body).not.toContain("李秀英");
    expect(body).not.toContain("13800002001");
    expect((await env.app.inject({ url: "/api/public/sites/nope" })).statusCode).toBe(404);
  });

  it("tells the public whether a site is open today, holidays included", async () => {
    const friday = json((await env.app.inject({ url: "/api/public/sites/scjg-hall" })).body);
    expect(friday.today).toEqual({ date: "2026-11-27", open: true, periods: [{ opens: "09:00", closes: "17:00" }], nextOpen: null });
    env.clock.set("2026-10-01T02:00:00.000Z"); // National Day
    const holiday = json((await env.app.inject({ url: "/api/public/sites/scjg-hall" })).body);
    expect(holiday.today).toEqual({ date: "2026-10-01", open: false, periods: [], nextOpen: { date: "2026-10-08", time: "09:00" } });
    env.clock.set("2026-11-27T02:00:00.000Z");
  });
});

describe("errors", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup();
  });
  afterAll(() => env.close());

  it("answers unknown API routes with a 404 problem", async () => {
    const res = await env.app.inject({ url: "/api/nothing-here" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(json(res.body)).toMatchObject({ status: 404, code: "route_not_found" });
  });

  it("answers invalid input with 400, a stable code, and both languages, and changes nothing", async () => {
    const cookie = await env.login("zgc.manager");
    const site = await env.siteId("zgc-street");
    const res = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/windows`,
      headers: { cookie },
      payload: { number: "three", name: "" },
    });
    expect(res.statusCode).toBe(400);
    const p = json(res.body);
    expect(p.code).toBe("validation_failed");
    expect(p.message.zh).toContain("请求内容有误");
    expect(p.message.en).toContain("not valid");
    expect(p.errors.length).toBeGreaterThan(0);
    const malformed = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/windows`,
      headers: { cookie, "content-type": "application/json" },
      payload: "{not json",
    });
    expect(malformed.statusCode).toBe(400);
    expect(json(malformed.body).code).toBe("malformed_body");
    const badId = await env.app.inject({ url: "/api/sites/not-a-uuid", headers: { cookie } });
    expect(badId.statusCode).toBe(400);
    const missing = await env.app.inject({ url: "/api/sites/00000000-0000-4000-8000-000000000000", headers: { cookie } });
    expect(missing.statusCode).toBe(403);
  });

  it("refuses bodies over 1 MiB with 413", async () => {
    const cookie = await env.login("zgc.manager");
    const site = await env.siteId("zgc-street");
    const res = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/zones`,
      headers: { cookie, "content-type": "application/json" },
      payload: JSON.stringify({ name: "x".repeat(1_100_000), kinds: ["waiting"] }),
    });
    expect(res.statusCode).toBe(413);
    expect(json(res.body).code).toBe("body_too_large");
  });

  it("reports health and an OpenAPI document in which every operation has an id and a summary", async () => {
    expect(json((await env.app.inject({ url: "/api/health" })).body)).toMatchObject({ status: "ok", db: ENGINE, version: "0.1.0" });
    const doc = json((await env.app.inject({ url: "/api/openapi.json" })).body) as {
      paths: Record<string, Record<string, { operationId?: string; summary?: string }>>;
    };
    const ops = Object.values(doc.paths).flatMap((o) => Object.values(o));
    expect(ops.length).toBeGreaterThan(30);
    for (const op of ops) {
      expect(op.operationId).toBeTruthy();
      expect(op.summary).toBeTruthy();
    }
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
    expect((await env.app.inject({ url: "/api/docs/" })).statusCode).toBe(200);
  });
});
