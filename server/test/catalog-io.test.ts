import ExcelJS from "exceljs";
import { extractText } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyPng } from "./file-samples.js";
import { json, setup, type TestEnv } from "./helpers.js";

const GTGSH = "00013112800001"; // 个体工商户设立登记
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function workbookOf(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}
const bufferOf = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());
/** The 1-based column of a header in row 1. */
function col(ws: ExcelJS.Worksheet, header: string): number {
  let found = -1;
  ws.getRow(1).eachCell((c, n) => {
    if (String(c.value).startsWith(header)) found = n;
  });
  if (found < 0) throw new Error(`no column ${header}`);
  return found;
}
function rowOf(ws: ExcelJS.Worksheet, code: string): number {
  let found = -1;
  ws.eachRow((r, n) => {
    if (r.getCell(1).value === code) found = n;
  });
  return found;
}

describe("catalog: spreadsheets, the city list, samples and the one-time notification slip", () => {
  let env: TestEnv;
  let admin: string;
  let manager: string;
  const get = (url: string, cookie?: string) => env.app.inject({ url, headers: cookie ? { cookie } : {} });
  const upload = (url: string, cookie: string, body: Buffer | string, type: string) =>
    env.app.inject({ method: "POST", url, headers: { cookie, "content-type": type }, payload: body });
  const exported = async () => {
    const res = await get("/api/catalog/export.xlsx", admin);
    expect(res.statusCode).toBe(200);
    return res.rawPayload;
  };
  const count = async (table: "items" | "item_versions" | "audit_log" | "departments" | "city_items") =>
    (
      await env.handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n;
  const itemId = async (code: string) =>
    (json((await get("/api/catalog/items", admin)).body) as { id: string; code: string }[]).find((i) => i.code === code)?.id as string;

  beforeAll(async () => {
    env = await setup();
    admin = await env.login("admin");
    manager = await env.login("scjg.manager");
  });
  afterAll(() => env?.close());

  it("exports every item, materials on a second sheet; importing the export back changes nothing", async () => {
    const res = await get("/api/catalog/export.xlsx", manager);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain(XLSX);
    const wb = await workbookOf(res.rawPayload);
    const [items, materials] = wb.worksheets;
    expect(items?.rowCount).toBe(31);
    const r = rowOf(items as ExcelJS.Worksheet, GTGSH);
    expect(items?.getRow(r).getCell(col(items as ExcelJS.Worksheet, "事项名称")).value).toBe("个体工商户设立登记");
    expect(items?.getRow(r).getCell(col(items as ExcelJS.Worksheet, "主题")).value).toBe("business-start、employment");
    const names: string[] = [];
    materials?.eachRow((row, n) => {
      if (n > 1 && row.getCell(1).value === GTGSH) names.push(String(row.getCell(3).value));
    });
    expect(names).toContain("经营者身份证明");

    const before = { versions: await count("item_versions"), audit: await count("audit_log") };
    const again = await upload("/api/catalog/import", admin, res.rawPayload, XLSX);
    expect(again.statusCode, again.body).toBe(200);
    expect(json(again.body)).toMatchObject({ created: 0, updated: 0, unchanged: 30 });
    expect(await count("item_versions")).toBe(before.versions);
    expect(await count("audit_log")).toBe(before.audit + 1); // the import itself
  });

  it("an import with bad rows names each row, column and reason, and changes nothing", async () => {
    const wb = await workbookOf(await exported());
    const items = wb.worksheets[0] as ExcelJS.Worksheet;
    const materials = wb.worksheets[1] as ExcelJS.Worksheet;
    const r = rowOf(items, GTGSH);
    items.getRow(r).getCell(col(items, "事项名称")).value = "个体工商户设立登记（改）"; // a good change, not applied
    items.getRow(r + 1).getCell(col(items, "事项类型")).value = "行政审批";
    items.getRow(r + 2).getCell(col(items, "承诺时限")).value = 999;
    items.getRow(r + 3).getCell(col(items, "主题")).value = "没有这个主题";
    items.getRow(r + 4).getCell(col(items, "是否收费")).value = "也许";
    items.getRow(r + 5).getCell(1).value = items.getRow(r + 6).getCell(1).value; // duplicate code
    materials.getRow(2).getCell(col(materials, "材料形式")).value = "传真件";
    materials.getRow(3).getCell(1).value = "NOT-AN-ITEM";
    const before = { items: await count("items"), versions: await count("item_versions"), audit: await count("audit_log") };

    const res = await upload("/api/catalog/import", admin, await bufferOf(wb), XLSX);
    expect(res.statusCode).toBe(422);
    const body = json(res.body);
    expect(body.code).toBe("import_rows_invalid");
    expect(res.headers["content-type"]).toContain("application/problem+json");
    // The whole problem goes out, not only what the route's schema named.
    expect(body).toMatchObject({
      type: "https://govhall.local/problems/import_rows_invalid",
      title: expect.stringContaining("nothing was imported"),
      status: 422,
      detail: expect.stringContaining("未导入任何内容"),
      requestId: expect.any(String),
    });
    const errs = body.errors as { sheet: string; row: number; column: string; reason: string; reasonEn: string }[];
    const at = (row: number, column: string, sheet = "事项 Items") =>
      errs.find((e) => e.sheet === sheet && e.row === row && e.column.startsWith(column));
    expect(at(r + 1, "事项类型")?.reason).toContain("应为以下之一");
    expect(at(r + 2, "承诺时限")?.reason).toBe("承诺办结时限不能长于法定时限");
    expect(at(r + 3, "主题")?.reason).toContain("没有这个主题");
    expect(at(r + 4, "是否收费")?.reasonEn).toContain("yes");
    expect(at(r + 6, "事项编码")?.reason).toContain(`第 ${r + 5} 行重复`);
    expect(at(2, "材料形式", "材料 Materials")?.reason).toContain("应为以下之一");
    expect(at(3, "事项编码", "材料 Materials")?.reason).toContain("NOT-AN-ITEM");
    expect(errs.every((e) => e.reason && e.reasonEn && e.row > 1)).toBe(true);

    expect(await count("items")).toBe(before.items);
    expect(await count("item_versions")).toBe(before.versions);
    expect(await count("audit_log")).toBe(before.audit);
    expect(json((await get(`/api/public/items/${GTGSH}`)).body).guide.name).toBe("个体工商户设立登记");
  });

  it("a good import creates new items and drafts changed ones (published with a note like any edit)", async () => {
    const wb = await workbookOf(await exported());
    const items = wb.worksheets[0] as ExcelJS.Worksheet;
    const materials = wb.worksheets[1] as ExcelJS.Worksheet;
    const r = rowOf(items, GTGSH);
    items.getRow(r).getCell(col(items, "办理时间")).value = "周一至周五 8:30-17:30";
    const copy = items.getRow(r).values as ExcelJS.CellValue[];
    const added = items.addRow(copy.slice(1));
    added.getCell(1).value = "TEST-IMPORT-1";
    added.getCell(col(items, "实施部门")).value = "区城市管理委员会";
    added.getCell(col(items, "事项名称")).value = "户外广告设施设置许可";
    added.getCell(col(items, "主题")).value = "准营准办";
    materials.addRow(["TEST-IMPORT-1", 1, "户外广告设施设置申请表", "原件", 1, "是", "", "", "如实填写"]);
    materials.addRow(["TEST-IMPORT-1", 2, "设计图", "复印件", 2, "否", "设置大型户外广告时", "", ""]);

    const res = await upload("/api/catalog/import", admin, await bufferOf(wb), XLSX);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res.body)).toMatchObject({ created: 1, updated: 1, unchanged: 29, departmentsCreated: ["区城市管理委员会"] });

    const staff = json((await get("/api/catalog/items", admin)).body) as {
      code: string;
      latest: { version: number; status: string; guide: { hours: string; materials: { name: string }[] } };
      themes: { code: string }[];
    }[];
    const changed = staff.find((i) => i.code === GTGSH);
    expect(changed?.latest).toMatchObject({ version: 2, status: "draft", guide: { hours: "周一至周五 8:30-17:30" } });
    const created = staff.find((i) => i.code === "TEST-IMPORT-1");
    expect(created?.latest).toMatchObject({ version: 1, status: "draft" });
    expect(created?.latest.guide.materials.map((m) => m.name)).toEqual(["户外广告设施设置申请表", "设计图"]);
    expect(created?.themes.map((t) => t.code)).toEqual(["business-licence"]);
    // Drafts are not public until published.
    expect(json((await get(`/api/public/items/${GTGSH}`)).body).guide.hours).not.toBe("周一至周五 8:30-17:30");
    expect((await get("/api/public/items/TEST-IMPORT-1")).statusCode).toBe(404);
  });

  it("only a district administrator imports; uploads must be spreadsheets", async () => {
    const file = await exported();
    expect((await upload("/api/catalog/import", manager, file, XLSX)).statusCode).toBe(403);
    const notXlsx = await upload("/api/catalog/import", admin, "hello", XLSX);
    expect(notXlsx.statusCode).toBe(422);
    expect(json(notXlsx.body).code).toBe("file_unreadable");
    const wrongType = await env.app.inject({
      method: "POST",
      url: "/api/catalog/import",
      headers: { cookie: admin, "content-type": "application/zip" },
      payload: file,
    });
    expect(wrongType.statusCode).toBe(415);
    const asJson = await env.app.inject({ method: "POST", url: "/api/catalog/import", headers: { cookie: admin }, payload: { a: 1 } });
    expect(asJson.statusCode).toBe(415);
  });

  it("imports the city's list as CSV (UTF-8 or GBK) or .xlsx; bad rows are named and change nothing", async () => {
    const csv =
      '事项编码,事项名称,实施部门\r\n00013112800001,个体工商户设立登记,海淀区市场监督管理局\r\nNEW-0001,"养犬登记,首次",海淀区公安分局\r\n';
    const ok = await upload("/api/catalog/city-list", admin, csv, "text/csv; charset=utf-8");
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok.body).count).toBe(2);
    const list = json((await get("/api/catalog/city-list", manager)).body);
    expect(list.items[1]).toEqual({ code: "NEW-0001", name: "养犬登记,首次", department: "海淀区公安分局" });
    const report = json((await get("/api/catalog/coverage", admin)).body);
    expect(report.cityList.count).toBe(2);
    expect(report.items.find((i: { code: string }) => i.code === "DEMO-0005").problems.map((p: { code: string }) => p.code)).toContain(
      "not_approved",
    );

    const gbkCsv = Buffer.concat([
      Buffer.from("code,name,department\r\nGBK-1,", "ascii"),
      Buffer.from([0xd1, 0xf8, 0xc8, 0xae, 0xb5, 0xc7, 0xbc, 0xc7]), // 养犬登记 in GBK
      Buffer.from(",", "ascii"),
      Buffer.from([0xb9, 0xab, 0xb0, 0xb2, 0xb7, 0xd6, 0xbe, 0xd6]), // 公安分局
      Buffer.from("\r\n", "ascii"),
    ]);
    const fromGbk = await upload("/api/catalog/city-list", admin, gbkCsv, "text/csv");
    expect(fromGbk.statusCode, fromGbk.body).toBe(200);
    expect(json((await get("/api/catalog/city-list", admin)).body).items[0]).toEqual({
      code: "GBK-1",
      name: "养犬登记",
      department: "公安分局",
    });

    const before = await count("city_items");
    const bad = "事项编码,事项名称,实施部门\nA-1,甲,部门\n,乙,部门\nA-1,丙,部门\nB 2,丁,\n";
    const res = await upload("/api/catalog/city-list", admin, bad, "text/csv");
    expect(res.statusCode).toBe(422);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(json(res.body)).toMatchObject({
      type: "https://govhall.local/problems/import_rows_invalid",
      title: expect.any(String),
      status: 422,
      code: "import_rows_invalid",
      detail: expect.stringContaining("4 处错误"),
      message: { zh: expect.any(String), en: expect.any(String) },
      requestId: expect.any(String),
    });
    const errs = json(res.body).errors as { row: number; column: string; reason: string }[];
    expect(errs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, column: "事项编码", reason: "事项编码为空" }),
        expect.objectContaining({ row: 4, column: "事项编码", reason: "事项编码与第 2 行重复" }),
        expect.objectContaining({ row: 5, column: "事项编码" }),
        expect.objectContaining({ row: 5, column: "实施部门", reason: "实施部门为空" }),
      ]),
    );
    expect(await count("city_items")).toBe(before);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("目录");
    ws.addRow(["实施部门", "事项编码", "事项名称"]);
    ws.addRow(["海淀区市场监督管理局", GTGSH, "个体工商户设立登记"]);
    ws.addRow(["海淀区市场监督管理局", "DEMO-0005", "食品经营许可（新办）"]);
    const x = await upload("/api/catalog/city-list", admin, await bufferOf(wb), XLSX);
    expect(x.statusCode, x.body).toBe(200);
    expect(json((await get("/api/catalog/city-list", admin)).body).items.map((i: { code: string }) => i.code)).toEqual([
      GTGSH,
      "DEMO-0005",
    ]);
    expect((await upload("/api/catalog/city-list", manager, csv, "text/csv")).statusCode).toBe(403);
  });

  it("a material's sample is uploaded to the draft and downloadable once published; earlier versions keep theirs", async () => {
    const id = await itemId("DEMO-0009");
    const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(2 * 1024 * 1024, 0x20), Buffer.from("\n%%EOF\n")]); // > 1 MiB
    const url = `/api/catalog/items/${id}/materials/0/sample?fileName=${encodeURIComponent("失业人员登记表（样表）.pdf")}`;
    const res = await upload(url, admin, pdf, "application/pdf");
    expect(res.statusCode, res.body).toBe(200);
    const item = json(res.body);
    expect(item.latest).toMatchObject({ version: 2, status: "draft" });
    expect(item.latest.guide.materials[0].sample).toMatchObject({
      fileName: "失业人员登记表（样表）.pdf",
      contentType: "application/pdf",
      size: pdf.length,
    });
    expect((await get("/api/public/items/DEMO-0009/materials/0/sample")).statusCode).toBe(404);

    // Editing the draft without the sample keeps it.
    const g = { ...item.latest.guide, materials: item.latest.guide.materials.map((m: object) => ({ ...m, sample: null })) };
    const edited = await env.app.inject({
      method: "PUT",
      url: `/api/catalog/items/${id}/draft`,
      headers: { cookie: admin },
      payload: { guide: g },
    });
    expect(json(edited.body).latest.guide.materials[0].sample?.fileName).toBe("失业人员登记表（样表）.pdf");

    await env.app.inject({
      method: "POST",
      url: `/api/catalog/items/${id}/publish`,
      headers: { cookie: admin },
      payload: { changeNote: "提供样表" },
    });
    const dl = await get("/api/public/items/DEMO-0009/materials/0/sample");
    expect(dl.statusCode).toBe(200);
    expect(dl.headers["content-type"]).toBe("application/pdf");
    expect(String(dl.headers["content-disposition"])).toContain(`filename*=UTF-8''${encodeURIComponent("失业人员登记表（样表）.pdf")}`);
    expect(dl.rawPayload.equals(pdf)).toBe(true);
    expect((await get("/api/public/items/DEMO-0009/materials/0/sample?version=1")).statusCode).toBe(404);
    expect((await get("/api/public/items/DEMO-0009/materials/1/sample")).statusCode).toBe(404);

    const png = await tinyPng();
    const cases: [Buffer, string, number, string][] = [
      [png, "application/pdf", 415, "file_type_mismatch"],
      [Buffer.alloc(6 * 1024 * 1024, 0x25), "application/pdf", 413, "body_too_large"],
      [Buffer.from("GIF89a"), "image/gif", 415, "unsupported_media_type"],
    ];
    const versions = await count("item_versions");
    for (const [body, type, status, code] of cases) {
      const r = await upload(`/api/catalog/items/${id}/materials/1/sample`, admin, body, type);
      expect(r.statusCode, code).toBe(status);
      expect(json(r.body).code).toBe(code);
    }
    expect((await upload(`/api/catalog/items/${id}/materials/9/sample`, admin, png, "image/png")).statusCode).toBe(404);
    expect((await upload(`/api/catalog/items/${id}/materials/1/sample`, manager, png, "image/png")).statusCode).toBe(403);
    expect(await count("item_versions")).toBe(versions);

    const removed = await env.app.inject({
      method: "DELETE",
      url: `/api/catalog/items/${id}/materials/0/sample`,
      headers: { cookie: admin },
    });
    expect(json(removed.body).latest).toMatchObject({ version: 3, status: "draft" });
    expect(json(removed.body).latest.guide.materials[0].sample).toBeNull();
    // Version 2 (in force) still serves its file.
    expect((await get("/api/public/items/DEMO-0009/materials/0/sample")).statusCode).toBe(200);
  });

  it("the slip lists a park station as assisting, never as handling, even if assigned to handle", async () => {
    const id = await itemId(GTGSH);
    const before = json((await get(`/api/catalog/items/${id}/assignments`, admin)).body) as {
      sites: { siteId: string; code: string; mode: "handle" | "assist" }[];
    };
    const park = before.sites.find((s) => s.code === "zpark-station");
    expect(park).toBeDefined();
    const set = await env.app.inject({
      method: "PUT",
      url: `/api/catalog/items/${id}/assignments`,
      headers: { cookie: admin },
      payload: { sites: before.sites.map((s) => ({ siteId: s.siteId, mode: s.code === "zpark-station" ? "handle" : s.mode })) },
    });
    expect(set.statusCode, set.body).toBe(200);
    try {
      const res = await get(`/api/public/items/${GTGSH}/slip.pdf`);
      const all = (await extractText(new Uint8Array(res.rawPayload), { mergePages: true })).text.replace(/\s+/g, "");
      const handled = all.slice(all.indexOf("可办理的场所"), all.indexOf("帮办代办场所"));
      expect(all).toContain("帮办代办场所");
      expect(all.slice(all.indexOf("帮办代办场所"))).toContain("中关村软件园政务服务站");
      expect(handled).not.toContain("中关村软件园政务服务站");
    } finally {
      await env.app.inject({
        method: "PUT",
        url: `/api/catalog/items/${id}/assignments`,
        headers: { cookie: admin },
        payload: { sites: before.sites.map((s) => ({ siteId: s.siteId, mode: s.mode })) },
      });
    }
  });

  it("the one-time notification slip is a PDF listing every material, with sample texts, place, limits and version", async () => {
    const res = await get(`/api/public/items/${GTGSH}/slip.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const { text } = await extractText(new Uint8Array(res.rawPayload), { mergePages: true });
    const flat = (s: string) => s.replace(/\s+/g, "");
    const all = flat(text);
    const item = json((await get(`/api/public/items/${GTGSH}`)).body);
    for (const m of item.guide.materials) expect(all, m.name).toContain(flat(m.name));
    for (const s of [
      "一次性告知单",
      "个体工商户设立登记",
      "受理条件",
      "办理流程",
      "办理地点",
      "即办",
      "不收费",
      "咨询电话",
      "投诉渠道",
      "第1版",
      "苏州街36号",
    ]) {
      expect(all, s).toContain(flat(s));
    }
    expect(all).toContain(flat("以家庭形式经营时")); // the condition of a conditional material
    expect(all).toContain(flat(item.guide.materials[0].sampleText.slice(0, 12)));

    const v1 = await get(`/api/public/items/${GTGSH}/slip.pdf?version=1`);
    expect(v1.statusCode).toBe(200);
    expect((await get(`/api/public/items/${GTGSH}/slip.pdf?version=9`)).statusCode).toBe(404);
    expect((await get("/api/public/items/NO-SUCH/slip.pdf")).statusCode).toBe(404);
  });
});
