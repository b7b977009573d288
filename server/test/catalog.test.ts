import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";

const GTGSH = "00013112800001"; // 个体工商户设立登记, result 营业执照

const GUIDE = {
  name: "养犬登记",
  type: "行政许可",
  target: ["个人"],
  legalBasis: ["《北京市养犬管理规定》"],
  conditions: ["在重点管理区内养犬"],
  materials: [
    { name: "养犬人身份证明", form: "原件", copies: 1, required: true, condition: null, note: null },
    { name: "委托书", form: "原件", copies: 1, required: false, condition: "委托他人办理时", note: null },
  ],
  statutoryLimitDays: 20,
  committedLimitDays: 5,
  limitUnit: "工作日",
  fee: { charged: false, amount: null, basis: null },
  steps: ["申请", "受理", "审查", "发证"],
  handlingForms: ["窗口"],
  resultName: "养犬登记证",
  appointment: null,
  tongban: null,
  consultationPhone: "010-12345678",
  complaintChannel: "12345",
  place: "区政务服务中心一层",
  hours: "周一至周五 9:00-17:00",
};

describe("catalog: items, guides and their versions", () => {
  let env: TestEnv;
  let admin: string;
  let manager: string;
  const get = (url: string, cookie?: string) => env.app.inject({ url, headers: cookie ? { cookie } : {} });
  const send = (method: "POST" | "PUT", url: string, cookie: string, payload: unknown) =>
    env.app.inject({ method, url, headers: { cookie }, payload: payload as object });
  const staffItems = async () => json((await get("/api/catalog/items", admin)).body) as { id: string; code: string }[];
  const itemId = async (code: string) => (await staffItems()).find((i) => i.code === code)?.id as string;
  const departments = async () => json((await get("/api/public/departments")).body) as { id: string; name: string }[];
  const auditCount = async (action: string) =>
    (await env.handle.db.selectFrom("audit_log").select("id").where("action", "=", action).execute()).length;

  beforeAll(async () => {
    env = await setup();
    admin = await env.login("admin");
    manager = await env.login("zgc.manager");
  });
  afterAll(() => env?.close());

  it("seeds 30 published demo items of 11 departments", async () => {
    expect(await departments()).toHaveLength(11);
    const all = json((await get("/api/public/items")).body);
    expect(all).toHaveLength(30);
    const item = json((await get(`/api/public/items/${GTGSH}`)).body);
    expect(item).toMatchObject({ version: 1, inForce: true, changeNote: "首次发布", department: { name: "区市场监督管理局" } });
    expect(item.guide).toMatchObject({ name: "个体工商户设立登记", committedLimitDays: 0, resultName: "营业执照" });
  });

  it("finds 个体工商户设立登记 by its result 营业执照, by 执照 and by the initials yyzz", async () => {
    for (const q of ["营业执照", "执照", "yyzz", "YYZZ", "个体工商户", "gtgsh"]) {
      const res = await get(`/api/public/items?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      const codes = (json(res.body) as { code: string; name: string }[]).map((i) => i.code);
      expect(codes, q).toContain(GTGSH);
    }
    const none = json((await get(`/api/public/items?q=${encodeURIComponent("zzzzqq")}`)).body);
    expect(none).toEqual([]);
    const smr = (await departments()).find((d) => d.name === "区市场监督管理局")?.id as string;
    const byDept = json((await get(`/api/public/items?department=${smr}`)).body) as { department: { id: string } }[];
    expect(byDept).toHaveLength(5);
    expect(byDept.every((i) => i.department.id === smr)).toBe(true);
  });

  it("a new item is a draft, and a draft is not public", async () => {
    const dept = (await departments())[0]?.id;
    const res = await send("POST", "/api/catalog/items", admin, { code: "TEST-0001", departmentId: dept, guide: GUIDE });
    expect(res.statusCode).toBe(201);
    expect(json(res.body)).toMatchObject({ code: "TEST-0001", latest: { version: 1, status: "draft" }, inForceVersion: null });
    expect((await get("/api/public/items/TEST-0001")).statusCode).toBe(404);
    expect((await get("/api/public/items/TEST-0001/versions/1")).statusCode).toBe(404);
    expect((await get("/api/public/items/TEST-0001/changes")).statusCode).toBe(404);
    expect(json((await get(`/api/public/items?q=${encodeURIComponent("养犬")}`)).body)).toEqual([]);
    expect(await auditCount("item.create")).toBe(1);

    const id = json(res.body).id;
    const pub = await send("POST", `/api/catalog/items/${id}/publish`, admin, { changeNote: "首次发布" });
    expect(pub.statusCode).toBe(200);
    expect(json((await get(`/api/public/items?q=yqdj`)).body).map((i: { code: string }) => i.code)).toContain("TEST-0001");
    const again = await send("POST", `/api/catalog/items/${id}/publish`, admin, { changeNote: "再次发布" });
    expect(again.statusCode).toBe(409);
    expect(json(again.body).code).toBe("no_draft");
  });

  it("publishing a new version changes what the public sees; version 1 stays readable", async () => {
    const id = await itemId(GTGSH);
    const v1 = json((await get(`/api/public/items/${GTGSH}`)).body);
    const guide = { ...v1.guide, hours: "周一至周五 9:00-17:00", committedLimitDays: 0, steps: [...v1.guide.steps, "邮寄送达"] };

    const draft = await send("PUT", `/api/catalog/items/${id}/draft`, admin, { guide });
    expect(draft.statusCode).toBe(200);
    expect(json(draft.body)).toMatchObject({ latest: { version: 2, status: "draft" }, inForceVersion: 1 });
    // A second edit changes the same draft rather than making version 3.
    const edited = await send("PUT", `/api/catalog/items/${id}/draft`, admin, { guide: { ...guide, place: "区政务服务中心二层" } });
    expect(json(edited.body).latest).toMatchObject({ version: 2, status: "draft" });
    // The draft is not public yet.
    expect(json((await get(`/api/public/items/${GTGSH}`)).body).version).toBe(1);
    expect((await get(`/api/public/items/${GTGSH}/versions/2`)).statusCode).toBe(404);

    const pub = await send("POST", `/api/catalog/items/${id}/publish`, admin, { changeNote: "增加邮寄送达，明确办公时间" });
    expect(pub.statusCode).toBe(200);
    expect(json(pub.body)).toMatchObject({ latest: { version: 2, status: "published" }, inForceVersion: 2 });

    const now = json((await get(`/api/public/items/${GTGSH}`)).body);
    expect(now).toMatchObject({ version: 2, inForce: true, changeNote: "增加邮寄送达，明确办公时间" });
    expect(now.guide).toMatchObject({ hours: "周一至周五 9:00-17:00", place: "区政务服务中心二层" });
    const old = json((await get(`/api/public/items/${GTGSH}/versions/1`)).body);
    expect(old).toMatchObject({ version: 1, inForce: false });
    expect(old.guide.hours).toBe(v1.guide.hours);
    expect(old.guide.hours).not.toBe(now.guide.hours);
    const changes = json((await get(`/api/public/items/${GTGSH}/changes`)).body);
    expect(changes.map((c: { version: number }) => c.version)).toEqual([2, 1]);
    expect(changes[0]).toMatchObject({ changeNote: "增加邮寄送达，明确办公时间", effectiveFrom: "2026-11-27T02:00:00.000Z" });
    expect(await auditCount("item.publish")).toBeGreaterThanOrEqual(2);
  });

  it("a version published for a later date comes into force on that date", async () => {
    const id = await itemId(GTGSH);
    const v2 = json((await get(`/api/public/items/${GTGSH}`)).body);
    await send("PUT", `/api/catalog/items/${id}/draft`, admin, { guide: { ...v2.guide, consultationPhone: "010-88880000" } });
    const effectiveFrom = "2026-12-01T00:00:00.000Z";
    const pub = await send("POST", `/api/catalog/items/${id}/publish`, admin, { changeNote: "公布咨询电话", effectiveFrom });
    expect(pub.statusCode).toBe(200);
    expect(json((await get(`/api/public/items/${GTGSH}`)).body).version).toBe(2);
    env.clock.set("2026-12-01T00:00:01.000Z");
    try {
      const v3 = json((await get(`/api/public/items/${GTGSH}`)).body);
      expect(v3).toMatchObject({ version: 3, effectiveFrom });
      expect(v3.guide.consultationPhone).toBe("010-88880000");
    } finally {
      env.clock.set("2026-11-27T02:00:00.000Z");
    }
  });

  it("only a district administrator changes the catalog", async () => {
    const dept = (await departments())[0]?.id;
    const id = await itemId(GTGSH);
    const create = await send("POST", "/api/catalog/items", manager, { code: "TEST-0002", departmentId: dept, guide: GUIDE });
    expect(create.statusCode).toBe(403);
    expect(json(create.body).code).toBe("forbidden");
    expect((await send("PUT", `/api/catalog/items/${id}/draft`, manager, { guide: GUIDE })).statusCode).toBe(403);
    expect((await send("POST", `/api/catalog/items/${id}/publish`, manager, { changeNote: "x" })).statusCode).toBe(403);
    const anon = await env.app.inject({
      method: "POST",
      url: "/api/catalog/items",
      payload: { code: "TEST-0002", departmentId: dept, guide: GUIDE },
    });
    expect(anon.statusCode).toBe(401);
    // Staff may read the catalog, drafts included.
    expect((await get("/api/catalog/items", manager)).statusCode).toBe(200);
    expect((await get("/api/public/items/TEST-0002")).statusCode).toBe(404);
  });

  it("bad input gives a 400 problem with a code and changes nothing", async () => {
    const dept = (await departments())[0]?.id;
    const before = (await staffItems()).length;
    const audits = (await env.handle.db.selectFrom("audit_log").select("id").execute()).length;
    const cases: [unknown, string][] = [
      [{ code: "TEST-0003", departmentId: dept, guide: { ...GUIDE, limitUnit: "小时" } }, "validation_failed"],
      [{ code: "bad code!", departmentId: dept, guide: GUIDE }, "validation_failed"],
      [{ code: "TEST-0003", departmentId: dept, guide: { ...GUIDE, committedLimitDays: 30 } }, "committed_exceeds_statutory"],
      [
        { code: "TEST-0003", departmentId: dept, guide: { ...GUIDE, materials: [{ ...GUIDE.materials[1], condition: null }] } },
        "material_condition_missing",
      ],
      [{ code: "TEST-0003", departmentId: "00000000-0000-4000-8000-000000000000", guide: GUIDE }, "department_not_found"],
    ];
    for (const [payload, code] of cases) {
      const res = await send("POST", "/api/catalog/items", admin, payload);
      expect(res.statusCode, code).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(json(res.body)).toMatchObject({ status: 400, code });
      expect(json(res.body).message.zh).toBeTruthy();
    }
    const id = await itemId(GTGSH);
    const badPublish = await send("POST", `/api/catalog/items/${id}/publish`, admin, { changeNote: "" });
    expect(badPublish.statusCode).toBe(400);
    const badDraft = await send("PUT", `/api/catalog/items/${id}/draft`, admin, { guide: { ...GUIDE, committedLimitDays: 30 } });
    expect(json(badDraft.body).code).toBe("committed_exceeds_statutory");
    const dup = await send("POST", "/api/catalog/items", admin, { code: GTGSH, departmentId: dept, guide: GUIDE });
    expect(dup.statusCode).toBe(409);
    expect(json(dup.body).code).toBe("item_code_taken");

    expect((await staffItems()).length).toBe(before);
    expect((await env.handle.db.selectFrom("audit_log").select("id").execute()).length).toBe(audits);
    expect(json((await get(`/api/public/items/${GTGSH}`)).body).version).toBe(2);
    const latest = (
      json((await get("/api/catalog/items", admin)).body) as { code: string; latest: { version: number; status: string } }[]
    ).find((i) => i.code === GTGSH);
    expect(latest?.latest).toMatchObject({ version: 3, status: "published" });
  });
});
