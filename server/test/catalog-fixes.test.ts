import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readWorkbook } from "../src/modules/catalog/catalog.sheets.js";
import { tinyPng } from "./file-samples.js";
import { ENGINE, json, setup, type TestEnv } from "./helpers.js";
import { queues } from "./queue-helpers.js";

const GTGSH = "00013112800001"; // 个体工商户设立登记, handled at scjg-hall
const GSSL = "00013112700401"; // 公司设立登记, result 营业执照
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const START = "2026-11-27T02:00:00.000Z";
type Reply = { statusCode: number; body: string };

/** Whether a request has answered yet, read without waiting for it. */
function track(p: Promise<unknown>): { settled: boolean } {
  const state = { settled: false };
  const done = () => {
    state.settled = true;
  };
  p.then(done, done);
  return state;
}

/** Findings of the catalog review (issue 4): each test fails without its fix. */
describe("catalog: review fixes", () => {
  let env: TestEnv;
  let admin: string;
  let manager: string;
  const get = (url: string, cookie?: string) => env.app.inject({ url, headers: cookie ? { cookie } : {} });
  const send = (method: "POST" | "PUT", url: string, cookie: string, payload: unknown) =>
    env.app.inject({ method, url, headers: { cookie }, payload: payload as object });
  const upload = (url: string, body: Buffer | string, type: string) =>
    env.app.inject({ method: "POST", url, headers: { cookie: admin, "content-type": type }, payload: body });
  const itemId = async (code: string) =>
    (json((await get("/api/catalog/items", admin)).body) as { id: string; code: string }[]).find((i) => i.code === code)?.id as string;
  const find = async (q: string, extra = "") =>
    (json((await get(`/api/public/items?q=${encodeURIComponent(q)}${extra}`)).body) as { code: string }[]).map((i) => i.code);
  const auditCount = async () => (await env.handle.db.selectFrom("audit_log").select("id").execute()).length;
  const cityList = async () => json((await get("/api/catalog/city-list", admin)).body) as { items: { code: string; department: string }[] };

  /**
   * Returns once the competing request waits for a lock our open transaction holds, and fails if
   * it answers first (it did not wait). PostgreSQL: a backend of this database waits on a lock
   * (`pg_locks`, not granted). SQLite: transactions are serial from BEGIN on the one connection, so
   * the request cannot begin its own while ours is open; there is no lock to observe, and the
   * check that it has not answered when we commit is the whole proof.
   */
  async function blockedOn(request: { settled: boolean }): Promise<void> {
    if (ENGINE === "sqlite") return;
    for (let polls = 0; ; polls++) {
      if (request.settled) throw new Error("the competing request answered without waiting for the lock");
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where not l.granted and a.datname = current_database()`.execute(env.handle.db);
      if ((rows[0]?.n ?? 0) > 0) return;
      if (polls > 3000) throw new Error("no request waited for the lock");
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  beforeAll(async () => {
    env = await setup();
    admin = await env.login("admin");
    manager = await env.login("scjg.manager");
  });
  afterAll(() => env?.close());

  it("a version announced for a later date changes public search only on that date (finding 2)", async () => {
    const id = await itemId(GSSL);
    const v1 = json((await get(`/api/public/items/${GSSL}`)).body);
    const guide = { ...v1.guide, name: "企业开办登记", resultName: "企业开办通知书", target: ["个人", "法人"] };
    expect((await send("PUT", `/api/catalog/items/${id}/draft`, admin, { guide })).statusCode).toBe(200);
    const later = "2027-11-27T00:00:00.000Z";
    const pub = await send("POST", `/api/catalog/items/${id}/publish`, admin, { changeNote: "更名", effectiveFrom: later });
    expect(pub.statusCode, pub.body).toBe(200);

    expect(await find("公司设立")).toContain(GSSL);
    expect(await find("yyzz")).toContain(GSSL);
    expect(await find("企业开办")).not.toContain(GSSL);
    expect(await find("qykb")).not.toContain(GSSL);
    expect(await find("", "&audience=individual&pageSize=100")).not.toContain(GSSL);
    expect(await find("", "&audience=enterprise&pageSize=100")).toContain(GSSL);

    env.clock.set("2027-11-27T00:00:01.000Z");
    try {
      expect(await find("公司设立")).not.toContain(GSSL);
      expect(await find("yyzz")).not.toContain(GSSL);
      expect(await find("企业开办")).toEqual([GSSL]);
      expect(await find("qykb")).toEqual([GSSL]);
      expect(await find("", "&audience=individual&pageSize=100")).toContain(GSSL);
      // Paging and totals count it once, in code order with the others.
      const all = await get("/api/public/items?pageSize=100");
      const codes = (json(all.body) as { code: string }[]).map((i) => i.code);
      expect(codes.filter((c) => c === GSSL)).toHaveLength(1);
      expect(codes).toEqual([...codes].sort());
    } finally {
      env.clock.set(START);
    }
  });

  it("refuses an effective date in the past, allowing a minute of clock skew (finding 7)", async () => {
    env.clock.set("2026-11-27T03:00:00.000Z");
    try {
      await pastAndSkew();
    } finally {
      env.clock.set(START);
    }
  });
  async function pastAndSkew() {
    const id = await itemId(GTGSH);
    const v = json((await get(`/api/public/items/${GTGSH}`)).body);
    expect((await send("PUT", `/api/catalog/items/${id}/draft`, admin, { guide: { ...v.guide, hours: "全天" } })).statusCode).toBe(200);
    const before = await auditCount();
    const past = await send("POST", `/api/catalog/items/${id}/publish`, admin, {
      changeNote: "补记",
      effectiveFrom: "2026-11-26T02:00:00.000Z",
    });
    expect(past.statusCode).toBe(422);
    expect(past.headers["content-type"]).toContain("application/problem+json");
    expect(json(past.body)).toMatchObject({ code: "effective_in_past", status: 422 });
    expect(json(past.body).message.zh).toBeTruthy();
    expect(json(past.body).message.en).toBeTruthy();
    expect(await auditCount()).toBe(before);
    expect(json((await get(`/api/public/items/${GTGSH}`)).body).version).toBe(v.version);

    const skewed = await send("POST", `/api/catalog/items/${id}/publish`, admin, {
      changeNote: "调整办理时间",
      effectiveFrom: "2026-11-27T02:59:30.000Z",
    });
    expect(skewed.statusCode, skewed.body).toBe(200);
    expect(json((await get(`/api/public/items/${GTGSH}`)).body).guide.hours).toBe("全天");
  }

  it("publish waits for a concurrent draft change and publishes, indexes and audits the same guide (finding 4)", async () => {
    const code = "DEMO-0006";
    const id = await itemId(code);
    const v = json((await get(`/api/public/items/${code}`)).body);
    expect((await send("PUT", `/api/catalog/items/${id}/draft`, admin, { guide: { ...v.guide, name: "甲版名称" } })).statusCode).toBe(200);
    let published: Promise<Reply> | undefined;
    await env.handle.db.transaction().execute(async (tx) => {
      // Another writer holds the item (as every draft change now does) and changes the draft
      // while the publish waits for it.
      await sql`update items set id = id where id = ${id}`.execute(tx);
      published = send("POST", `/api/catalog/items/${id}/publish`, admin, { changeNote: "更名" });
      const request = track(published);
      await blockedOn(request);
      const draft = await tx
        .selectFrom("item_versions" as never)
        .select(["id", "guide"] as never)
        .where("item_id" as never, "=", id as never)
        .where("status" as never, "=", "draft" as never)
        .executeTakeFirstOrThrow();
      const d = draft as unknown as { id: string; guide: string };
      const guide = JSON.stringify({ ...JSON.parse(d.guide), name: "乙版名称" });
      await sql`update item_versions set guide = ${guide} where id = ${d.id}`.execute(tx);
      expect(request.settled, "publish answered before the other writer committed").toBe(false);
    });
    const res = await (published as Promise<Reply>);
    expect(res.statusCode, res.body).toBe(200);
    expect(json((await get(`/api/public/items/${code}`)).body).guide.name).toBe("乙版名称");
    expect(await find("乙版名称")).toEqual([code]);
    expect(await find("甲版名称")).toEqual([]);
  });

  it("a sample upload waits for a concurrent draft change instead of overwriting it (finding 4)", async () => {
    const code = "DEMO-0005";
    const id = await itemId(code);
    let uploaded: Promise<Reply> | undefined;
    const png = await tinyPng();
    await env.handle.db.transaction().execute(async (tx) => {
      // Another writer holds the item and starts a draft with a new name.
      await sql`update items set id = id where id = ${id}`.execute(tx);
      uploaded = env.app.inject({
        method: "POST",
        url: `/api/catalog/items/${id}/materials/0/sample`,
        headers: { cookie: admin, "content-type": "image/png" },
        payload: png,
      });
      const request = track(uploaded);
      await blockedOn(request);
      const latest = (await tx
        .selectFrom("item_versions" as never)
        .selectAll()
        .where("item_id" as never, "=", id as never)
        .orderBy("version" as never, "desc")
        .executeTakeFirstOrThrow()) as unknown as { version: number; guide: string; status: string };
      expect(latest.status).toBe("published");
      const guide = JSON.stringify({ ...JSON.parse(latest.guide), name: "丙版名称" });
      await sql`insert into item_versions (id, item_id, version, status, effective_from, published_at, guide, change_note, created_at, updated_at)
        values (${crypto.randomUUID()}, ${id}, ${latest.version + 1}, 'draft', null, null, ${guide}, null, ${START}, ${START})`.execute(tx);
      expect(request.settled, "the upload answered before the other writer committed").toBe(false);
    });
    const res = await (uploaded as Promise<Reply>);
    expect(res.statusCode, res.body).toBe(200);
    // Both changes are in the draft: the other writer's name and the uploaded sample.
    const draft = json(res.body).latest;
    expect(draft.status).toBe("draft");
    expect(draft.guide.name).toBe("丙版名称");
    expect(draft.guide.materials[0].sample).toMatchObject({ contentType: "image/png" });
  });

  it("a queue cannot take an item whose assignment is being removed meanwhile (finding 8)", async () => {
    const scjg = await env.siteId("scjg-hall");
    const q = await queues(env, manager, scjg);
    expect((await send("PUT", `/api/sites/${scjg}/queues/${q.B}/items`, manager, { itemIds: [] })).statusCode).toBe(200);
    const id = await itemId(GTGSH);
    let set: Promise<Reply> | undefined;
    await env.handle.db.transaction().execute(async (tx) => {
      // What setAssignments does: lock the item, see no queue serving it there, drop the assignment.
      await sql`update items set id = id where id = ${id}`.execute(tx);
      await sql`delete from item_sites where item_id = ${id} and site_id = ${scjg}`.execute(tx);
      set = send("PUT", `/api/sites/${scjg}/queues/${q.B}/items`, manager, { itemIds: [id] });
      const request = track(set);
      await blockedOn(request);
      expect(request.settled, "the queue answered before the assignment's removal committed").toBe(false);
    });
    const res = await (set as Promise<Reply>);
    expect(res.statusCode, res.body).toBe(422);
    expect(json(res.body).code).toBe("item_not_at_site");
    const served = await env.handle.db
      .selectFrom("queue_items" as never)
      .select("item_id" as never)
      .where("queue_id" as never, "=", q.B as never)
      .execute();
    expect(served).toEqual([]);
  });

  it("a city list .xlsx with blank cells gets an answer, never a 500 (finding 3)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("目录");
    ws.getCell("A1").value = "事项编码";
    ws.getCell("C1").value = "事项名称"; // B1 blank
    ws.getCell("D1").value = "实施部门";
    ws.getCell("A2").value = "CITY-1";
    ws.getCell("C2").value = "养犬登记";
    ws.getCell("D2").value = "区公安分局";
    ws.getCell("A3").value = "CITY-2";
    ws.getCell("D3").value = "区公安分局"; // C3 blank: the name is missing
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    // Blank cells read as "", not as holes that every later step would have to step around.
    const [sheet] = await readWorkbook(buf);
    expect(sheet?.rows.map((r) => Array.from(r.cells, (c) => c))).toEqual([
      ["事项编码", "", "事项名称", "实施部门"],
      ["CITY-1", "", "养犬登记", "区公安分局"],
      ["CITY-2", "", "", "区公安分局"],
    ]);
    const res = await upload("/api/catalog/city-list", buf, XLSX);
    expect(res.statusCode, res.body).toBe(422);
    expect(json(res.body).errors).toEqual([expect.objectContaining({ row: 3, column: "事项名称", reason: "事项名称为空" })]);

    ws.getCell("C3").value = "犬只免疫";
    const ok = await upload("/api/catalog/city-list", Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await cityList()).items.map((i) => i.code)).toEqual(["CITY-1", "CITY-2"]);
  });

  it("city list headers match exactly first, a prefix only as an annotation, and ambiguity is refused (finding 5)", async () => {
    const csv = "事项编码,事项名称,部门编码,实施部门\r\nH-1,养犬登记,11010800,区公安分局\r\n";
    const ok = await upload("/api/catalog/city-list", csv, "text/csv");
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await cityList()).items).toEqual([{ code: "H-1", name: "养犬登记", department: "区公安分局" }]);

    const annotated = "事项编码（必填）,事项名称 Name,实施部门 Department\r\nH-2,养犬登记,区公安分局\r\n";
    expect((await upload("/api/catalog/city-list", annotated, "text/csv")).statusCode).toBe(200);
    expect((await cityList()).items).toEqual([{ code: "H-2", name: "养犬登记", department: "区公安分局" }]);

    // 部门编码 is not a department: the column is missing, not taken from the codes.
    const codesOnly = await upload("/api/catalog/city-list", "事项编码,事项名称,部门编码\r\nH-3,养犬登记,11010800\r\n", "text/csv");
    expect(codesOnly.statusCode).toBe(422);
    expect(json(codesOnly.body).errors).toEqual([expect.objectContaining({ row: 1, column: "实施部门" })]);

    const ambiguous = "事项编码,事项名称,实施部门（市级）,实施部门（区级）\r\nH-4,养犬登记,市公安局,区公安分局\r\n";
    const res = await upload("/api/catalog/city-list", ambiguous, "text/csv");
    expect(res.statusCode).toBe(422);
    expect(json(res.body).errors).toEqual([expect.objectContaining({ row: 1, column: "实施部门" })]);
    expect(json(res.body).errors[0].reason).toContain("多列");
    expect((await cityList()).items.map((i) => i.code)).toEqual(["H-2"]);
  });

  it("an import refuses department names longer than 100 characters and trims them (finding 9)", async () => {
    const exported = await get("/api/catalog/export.xlsx", admin);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ExcelJS.Buffer);
    const items = wb.worksheets[0] as ExcelJS.Worksheet;
    let deptCol = -1;
    items.getRow(1).eachCell((c, n) => {
      if (String(c.value).startsWith("实施部门")) deptCol = n;
    });
    items.getRow(2).getCell(deptCol).value = "部".repeat(101);
    const before = (await env.handle.db.selectFrom("departments").select("id").execute()).length;
    const res = await upload("/api/catalog/import", Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
    expect(res.statusCode).toBe(422);
    expect(json(res.body).errors).toEqual([
      expect.objectContaining({ row: 2, column: "实施部门 Department", reason: "实施部门超过100个字" }),
    ]);
    expect((await env.handle.db.selectFrom("departments").select("id").execute()).length).toBe(before);
  });
});
