import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskName } from "../src/platform/privacy.js";
import { DEMO_ACCOUNTS, DEMO_SITES } from "../src/seed/demo-district.js";
import { json, setup, type TestEnv } from "./helpers.js";
import { onlineTicket, queues } from "./queue-helpers.js";

/** An 11-digit mainland mobile number, not part of a longer digit run. */
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
const GTGSH = "00013112800001"; // 个体工商户设立登记: market regulator's hall, assisted at the park station

type Coverage = {
  cityList: { count: number } | null;
  summary: Record<string, number>;
  items: { code: string; approved: boolean; inCatalog: boolean; places: string[]; problems: { code: string; severity: string }[] }[];
};

describe("catalog: guide elements, themes, where items are handled, coverage, tickets keep their version", () => {
  let env: TestEnv;
  let admin: string;
  let manager: string;
  const get = (url: string, cookie?: string, headers: Record<string, string> = {}) =>
    env.app.inject({ url, headers: { ...headers, ...(cookie ? { cookie } : {}) } });
  const send = (method: "POST" | "PUT" | "DELETE", url: string, cookie: string, payload?: unknown) =>
    env.app.inject({ method, url, headers: { cookie }, payload: payload as object });
  const itemId = async (code: string) =>
    (json((await get("/api/catalog/items", admin)).body) as { id: string; code: string }[]).find((i) => i.code === code)?.id as string;
  const coverage = async () => json((await get("/api/catalog/coverage", admin)).body) as Coverage;
  const problemsOf = (c: Coverage, code: string) => c.items.find((i) => i.code === code)?.problems.map((p) => p.code) ?? [];
  const auditCount = async () => (await env.handle.db.selectFrom("audit_log").select("id").execute()).length;

  beforeAll(async () => {
    env = await setup();
    admin = await env.login("admin");
    manager = await env.login("scjg.manager");
  });
  afterAll(() => env?.close());

  it("a published guide carries the 2020 standard's elements; versions written before them still read", async () => {
    const item = json((await get(`/api/public/items/DEMO-0005`)).body);
    expect(item.guide).toMatchObject({
      implementingBody: "北京市海淀区市场监督管理局",
      minorGaps: { allowed: true, materials: ["食品安全管理制度目录清单"], deadlineDays: 5 },
      postalDelivery: true,
    });
    expect(item.guide.reviewStandard.length).toBeGreaterThan(0);
    expect(item.guide.materials[0]).toHaveProperty("sampleText");
    expect(item.themes.map((t: { code: string }) => t.code)).toEqual(["business-licence"]);
    expect(item.sites.map((s: { code: string; mode: string }) => `${s.code}:${s.mode}`)).toEqual([
      "scjg-hall:handle",
      "zpark-station:assist",
    ]);

    // A version stored before the new elements existed reads with their defaults.
    const id = await itemId(GTGSH);
    const v1 = await env.handle.db.selectFrom("item_versions").select(["id", "guide"]).where("item_id", "=", id).executeTakeFirstOrThrow();
    const old = JSON.parse(v1.guide);
    for (const k of ["implementingBody", "resultSample", "minorGaps", "reviewStandard", "onlinePayment", "postalDelivery"]) delete old[k];
    for (const m of old.materials) delete m.sampleText;
    await env.handle.db
      .updateTable("item_versions")
      .set({ guide: JSON.stringify(old) })
      .where("id", "=", v1.id)
      .execute();
    const res = await get(`/api/public/items/${GTGSH}`);
    expect(res.statusCode).toBe(200);
    expect(json(res.body).guide).toMatchObject({
      implementingBody: null,
      minorGaps: { allowed: false, materials: [], deadlineDays: null },
      reviewStandard: [],
      onlinePayment: null,
    });
    expect(json(res.body).guide.materials[0]).toMatchObject({ sampleText: null, sample: null });
  });

  it("acceptance with minor gaps must name listed, mandatory materials and a deadline", async () => {
    const id = await itemId("DEMO-0005");
    const g = json((await get(`/api/public/items/DEMO-0005`)).body).guide;
    const cases: [unknown, string][] = [
      [{ ...g, minorGaps: { allowed: true, materials: ["不存在的材料"], deadlineDays: 5 } }, "minor_gaps_material_unknown"],
      [{ ...g, minorGaps: { allowed: true, materials: ["食品经营许可申请书"], deadlineDays: null } }, "minor_gaps_deadline_missing"],
      [{ ...g, minorGaps: { allowed: false, materials: ["食品经营许可申请书"], deadlineDays: null } }, "minor_gaps_not_allowed"],
    ];
    for (const [guide, code] of cases) {
      const res = await send("PUT", `/api/catalog/items/${id}/draft`, admin, { guide });
      expect(res.statusCode, code).toBe(400);
      expect(json(res.body).code).toBe(code);
    }
  });

  it("browses by theme, audience, department and site, a page at a time, and lists themes with counts", async () => {
    const themes = json((await get("/api/public/themes")).body) as { code: string; audience: string; itemCount: number; nameEn: string }[];
    expect(themes.find((t) => t.code === "business-start")).toMatchObject({
      audience: "enterprise",
      itemCount: 2,
      nameEn: "Starting a company",
    });
    expect(themes.find((t) => t.code === "employment")?.itemCount).toBeGreaterThanOrEqual(5);

    const byTheme = json((await get("/api/public/items?theme=marriage")).body) as { code: string; themes: string[] }[];
    expect(byTheme.map((i) => i.code).sort()).toEqual(["3707860701401-001", "DEMO-0014"]);
    expect(byTheme[0]?.themes).toContain("marriage");

    const enterprise = json((await get("/api/public/items?audience=enterprise")).body) as { target: string[] }[];
    expect(enterprise.length).toBeGreaterThan(0);
    expect(enterprise.every((i) => i.target.includes("法人"))).toBe(true);
    const individual = json((await get("/api/public/items?audience=individual&pageSize=200")).body) as { target: string[] }[];
    expect(individual.every((i) => i.target.includes("个人"))).toBe(true);
    expect(individual.length + enterprise.length).toBeGreaterThanOrEqual(30);

    const park = json((await get("/api/public/items?site=zpark-station")).body) as { code: string }[];
    expect(park.map((i) => i.code)).toEqual(expect.arrayContaining([GTGSH, "DEMO-0005", "DEMO-0023"]));
    expect(json((await get("/api/public/items?site=no-such-site")).body)).toEqual([]);
    // Search and filters combine.
    const yyzzAtPark = json((await get("/api/public/items?q=yyzz&site=zpark-station")).body) as { code: string }[];
    expect(yyzzAtPark.map((i) => i.code)).toContain(GTGSH);

    const page1 = await get("/api/public/items?pageSize=7&page=1");
    const page5 = await get("/api/public/items?pageSize=7&page=5");
    expect(page1.headers["x-total-count"]).toBe("30");
    expect(json(page1.body)).toHaveLength(7);
    expect(json(page5.body)).toHaveLength(2);
    expect((await get("/api/public/items?pageSize=500")).statusCode).toBe(400);
    expect((await get("/api/public/items?audience=robots")).statusCode).toBe(400);
  });

  it("public catalog GETs answer any origin (park websites); the rest of the API does not", async () => {
    const res = await get("/api/public/items/DEMO-0005", undefined, { origin: "https://www.zpark.com.cn" });
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    expect(String(res.headers["access-control-expose-headers"])).toContain("x-total-count");
    const pre = await env.app.inject({
      method: "OPTIONS",
      url: "/api/public/items?q=yyzz",
      headers: { origin: "https://www.zpark.com.cn", "access-control-request-method": "GET" },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers["access-control-allow-methods"]).toContain("GET");
    expect((await get("/api/public/themes", undefined, { origin: "https://x.example" })).headers["access-control-allow-origin"]).toBe("*");
    expect(
      (await get("/api/public/sites", undefined, { origin: "https://x.example" })).headers["access-control-allow-origin"],
    ).toBeUndefined();
    expect(
      (await get("/api/catalog/items", admin, { origin: "https://x.example" })).headers["access-control-allow-origin"],
    ).toBeUndefined();
  });

  it("the coverage report shows good and bad cases of the demo district, and the city list's gaps", async () => {
    const c = await coverage();
    expect(c.cityList?.count).toBe(31);
    // Good: handled in exactly one place.
    expect(problemsOf(c, GTGSH)).toEqual([]);
    expect(problemsOf(c, "DEMO-0006")).toEqual([]);
    expect(c.items.find((i) => i.code === "DEMO-0009")?.places).toEqual(["street"]);
    // Bad, each for its own reason.
    expect(problemsOf(c, "440100000000007483033016")).toContain("multiple_places");
    expect(problemsOf(c, "DEMO-0008")).toContain("park_station_handles");
    expect(problemsOf(c, "DEMO-0014")).toEqual(expect.arrayContaining(["other_department_hall", "handled_nowhere"]));
    expect(problemsOf(c, "DEMO-0022")).toContain("handled_nowhere");
    expect(problemsOf(c, "DEMO-0010")).toEqual(["street_partial"]);
    expect(problemsOf(c, "DEMO-0028")).toContain("not_approved");
    expect(problemsOf(c, "DEMO-0023")).toContain("department_mismatch");
    const missing = c.items.find((i) => i.code === "DEMO-0031");
    expect(missing).toMatchObject({ approved: true, inCatalog: false });
    expect(problemsOf(c, "DEMO-0031")).toEqual(["not_in_catalog"]);
    expect(c.summary.handledNowhere).toBe(4); // DEMO-0014, DEMO-0022, DEMO-0031, DEMO-0032
    expect(c.summary.againstRule).toBe(3);
    expect(c.summary.notApproved).toBe(1);
    expect(c.summary.ok).toBeGreaterThan(15);
    // Problems first.
    expect(c.items[0]?.problems.length).toBeGreaterThan(0);
  });

  it("fixing assignments fixes the report; every change is audited; bad input changes nothing", async () => {
    const id = await itemId("DEMO-0022");
    const zgc = await env.siteId("zgc-street");
    const xyl = await env.siteId("xyl-street");
    const before = await auditCount();
    const res = await send("PUT", `/api/catalog/items/${id}/assignments`, admin, {
      sites: [
        { siteId: zgc, mode: "handle" },
        { siteId: xyl, mode: "handle" },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res.body)).toMatchObject({ code: "DEMO-0022", places: ["street"], problems: [] });
    expect(await auditCount()).toBe(before + 1);
    expect(problemsOf(await coverage(), "DEMO-0022")).toEqual([]);
    expect(json((await get(`/api/catalog/items/${id}/assignments`, manager)).body).sites).toHaveLength(2);

    const bad = [
      [{ sites: [{ siteId: "00000000-0000-4000-8000-000000000000", mode: "handle" }] }, 422, "site_not_found"],
      [
        {
          sites: [
            { siteId: zgc, mode: "handle" },
            { siteId: zgc, mode: "assist" },
          ],
        },
        422,
        "site_repeated",
      ],
      [{ sites: [{ siteId: zgc, mode: "serve" }] }, 400, "validation_failed"],
    ] as const;
    for (const [payload, status, code] of bad) {
      const r = await send("PUT", `/api/catalog/items/${id}/assignments`, admin, payload);
      expect(r.statusCode, code).toBe(status);
      expect(json(r.body).code).toBe(code);
    }
    expect((await send("PUT", `/api/catalog/items/${id}/assignments`, manager, { sites: [] })).statusCode).toBe(403);
    expect(await auditCount()).toBe(before + 1);
    expect(json((await get(`/api/catalog/items/${id}/assignments`, admin)).body).sites).toHaveLength(2);
  });

  it("a hall linked to another department, or unlinked, breaks the rule", async () => {
    const halls = json((await get("/api/catalog/halls", admin)).body) as { code: string; role: string; siteId: string }[];
    expect(halls.find((h) => h.code === "district-hall")?.role).toBe("comprehensive");
    expect(halls.find((h) => h.code === "scjg-hall")?.role).toBe("department");
    const zgc = await env.siteId("zgc-street");
    const notHall = await send("PUT", `/api/catalog/halls/${zgc}`, admin, { role: "comprehensive" });
    expect(notHall.statusCode).toBe(422);
    expect(json(notHall.body).code).toBe("not_a_hall");
  });

  it("queues serve only items assigned to their site (422 otherwise), and an item in use stays assigned", async () => {
    const scjg = await env.siteId("scjg-hall");
    const q = await queues(env, manager, scjg);
    const served = json((await get(`/api/sites/${scjg}/queues/${q.B}/items`, manager)).body);
    expect(served.items.map((i: { code: string }) => i.code).sort()).toEqual(["00013112800001", "00013112800003"]);

    const marriage = await itemId("3707860701401-001"); // handled at the comprehensive hall only
    const before = await auditCount();
    const refused = await send("PUT", `/api/sites/${scjg}/queues/${q.B}/items`, manager, { itemIds: [await itemId(GTGSH), marriage] });
    expect(refused.statusCode).toBe(422);
    expect(json(refused.body)).toMatchObject({ code: "item_not_at_site", errors: { items: ["3707860701401-001"] } });
    expect(json(refused.body).message.zh).toContain("3707860701401-001");
    expect(await auditCount()).toBe(before);

    const ok = await send("PUT", `/api/sites/${scjg}/queues/${q.B}/items`, manager, { itemIds: [await itemId(GTGSH)] });
    expect(ok.statusCode).toBe(200);
    expect(json(ok.body).items.map((i: { code: string }) => i.code)).toEqual([GTGSH]);

    // Moving 个体工商户设立登记 away from the hall while queue B serves it is refused.
    const zpark = await env.siteId("zpark-station");
    const move = await send("PUT", `/api/catalog/items/${await itemId(GTGSH)}/assignments`, admin, {
      sites: [{ siteId: zpark, mode: "assist" }],
    });
    expect(move.statusCode).toBe(409);
    expect(json(move.body).code).toBe("item_in_queue_use");
    // Another site's manager cannot set this site's queues.
    const zgcManager = await env.login("zgc.manager");
    expect((await send("PUT", `/api/sites/${scjg}/queues/${q.B}/items`, zgcManager, { itemIds: [] })).statusCode).toBe(403);
  });

  it("discloses a site's items with fees and committed times, without staff data", async () => {
    const res = await get("/api/public/sites/scjg-hall/items");
    expect(res.statusCode).toBe(200);
    const d = json(res.body);
    expect(d.site).toMatchObject({ code: "scjg-hall", kind: "professional_hall" });
    const g = d.items.find((i: { code: string }) => i.code === GTGSH);
    expect(g).toMatchObject({ mode: "handle", committedLimitDays: 0, limitUnit: "工作日", fee: { charged: false }, version: 1 });
    // Nothing personal can leak: no mobile number, no full name of a responsible person or a staff
    // member of the demo district (people the site and its users name), masked if a name shows at all.
    const park = json((await get("/api/public/sites/zpark-station/items")).body);
    for (const site of DEMO_SITES) {
      const body = (await get(`/api/public/sites/${site.code}/items`)).body;
      expect(body, site.code).not.toMatch(MOBILE);
      for (const name of [...DEMO_SITES.map((x) => x.responsiblePerson), ...DEMO_ACCOUNTS.map((a) => a.displayName)]) {
        expect(body, `${site.code}: ${name}`).not.toContain(name);
      }
    }
    // The sites list does show the responsible person, masked (the check above would catch a leak there).
    const sites = (await get("/api/public/sites")).body;
    expect(sites).not.toMatch(MOBILE);
    for (const site of DEMO_SITES) {
      expect(sites).not.toContain(site.responsiblePerson);
      expect(sites).toContain(maskName(site.responsiblePerson));
    }
    expect(park.items.find((i: { code: string }) => i.code === "DEMO-0005")?.mode).toBe("assist");
    expect((await get("/api/public/sites/nowhere/items")).statusCode).toBe(404);
  });

  it("a ticket keeps the guide version in force when it was issued", async () => {
    const scjg = await env.siteId("scjg-hall");
    const q = await queues(env, manager, scjg);
    const window1 = await env.login("scjg.window1");
    const issue = (payload: object) => send("POST", `/api/sites/${scjg}/tickets`, window1, payload);

    const t = await issue({ queueId: q.C, itemCode: "DEMO-0005" });
    expect(t.statusCode, t.body).toBe(201);
    expect(json(t.body)).toMatchObject({ itemCode: "DEMO-0005", itemVersion: 1 });
    const plain = await issue({ queueId: q.C });
    expect(json(plain.body)).toMatchObject({ itemCode: null, itemVersion: null });

    const id = await itemId("DEMO-0005");
    const g = json((await get(`/api/public/items/DEMO-0005`)).body).guide;
    expect(
      (await send("PUT", `/api/catalog/items/${id}/draft`, admin, { guide: { ...g, hours: "周一至周五 8:30-17:30" } })).statusCode,
    ).toBe(200);
    expect((await send("POST", `/api/catalog/items/${id}/publish`, admin, { changeNote: "延长办公时间" })).statusCode).toBe(200);
    expect(json((await get(`/api/public/items/DEMO-0005`)).body).version).toBe(2);

    const later = json((await get(`/api/tickets/${json(t.body).id}`, window1)).body);
    expect(later).toMatchObject({ itemCode: "DEMO-0005", itemVersion: 1 });
    const t2 = await issue({ queueId: q.C, itemCode: "DEMO-0005" });
    expect(json(t2.body).itemVersion).toBe(2);
    // Online too (the portal's guide page can queue for its item).
    const online = await onlineTicket(env, "scjg-hall", {
      queueId: q.C,
      applicantName: "张三",
      applicantPhone: "13912345678",
      itemCode: "DEMO-0005",
    });
    expect(online.statusCode, online.body).toBe(201);
    const row = await env.handle.db.selectFrom("tickets").selectAll().where("code", "=", json(online.body).code).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ item_code: "DEMO-0005", item_version: 2 });

    // The item must be handled here, and served by the queue when the queue lists its items.
    const notHere = await issue({ queueId: q.C, itemCode: "DEMO-0006" });
    expect(notHere.statusCode).toBe(422);
    expect(json(notHere.body).code).toBe("item_not_at_site");
    const wrongQueue = await issue({ queueId: q.C, itemCode: "00013112800003" });
    expect(json(wrongQueue.body).code).toBe("item_not_in_queue");
    const unknown = await issue({ queueId: q.C, itemCode: "NO-SUCH-ITEM" });
    expect(json(unknown.body).code).toBe("item_unknown");
  });

  it("a new item published for a later date is found from that date on, not before", async () => {
    const g = json((await get("/api/public/items/DEMO-0006")).body).guide;
    const dept = json((await get("/api/public/departments")).body)[0].id;
    const created = await send("POST", "/api/catalog/items", admin, {
      code: "TEST-LATER",
      departmentId: dept,
      guide: { ...g, name: "犬只免疫证明" },
    });
    expect(created.statusCode).toBe(201);
    const pub = await send("POST", `/api/catalog/items/${json(created.body).id}/publish`, admin, {
      changeNote: "首次发布",
      effectiveFrom: "2026-12-01T00:00:00.000Z",
    });
    expect(pub.statusCode).toBe(200);
    const find = async () =>
      (json((await get(`/api/public/items?q=${encodeURIComponent("犬只免疫")}`)).body) as { code: string }[]).map((i) => i.code);
    expect(await find()).toEqual([]);
    expect((await get("/api/public/items/TEST-LATER")).statusCode).toBe(404);
    env.clock.set("2026-12-01T00:00:00.000Z");
    try {
      expect(await find()).toEqual(["TEST-LATER"]);
    } finally {
      env.clock.set("2026-11-27T02:00:00.000Z");
    }
  });
});
