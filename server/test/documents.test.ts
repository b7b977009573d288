import { createHash } from "node:crypto";
import { extractText } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentsOf, issueDocument } from "../src/platform/documents/documents.service.js";
import { holdRenders, renderCount } from "../src/platform/documents/renderer.js";
import { a4, defineTemplate } from "../src/platform/documents/templates.js";
import { createFileStore } from "../src/platform/files/backends.js";
import { defineFilePolicy } from "../src/platform/files/files.service.js";
import { defineNumberKind, formatDocumentNumber } from "../src/platform/numbering/numbering.js";
import { ENGINE, json, setup, type TestEnv } from "./helpers.js";

/** A notice as the case module will declare one: numbered per site and year, read by the district administrator only. */
const NOTICE = defineTemplate<{ applicant: string; missing: string[]; dueOn: string }>({
  kind: "test.correction_notice",
  numbers: defineNumberKind("doc.test.correction_notice", "year"),
  number: (n, o) => formatDocumentNumber(n, { agency: o.agency, year: o.year }),
  files: defineFilePolicy({
    name: "test.notice",
    public: false,
    canRead: (ctx) => ctx.principal?.kind === "user" && ctx.principal.grants.some((g) => g.role === "district_admin"),
  }),
  title: () => "补正告知书",
  build: (d, issue) =>
    a4({
      title: "补正告知书",
      content: [
        { text: "补正材料告知书", style: "title" },
        { text: issue.number, style: "number" },
        `${d.applicant}：您提交的申请材料不齐全，请于 ${d.dueOn} 前补正以下全部材料：`,
        { ol: d.missing },
        `告知日期：${issue.issuedOn}`,
      ],
    }),
});

const flat = (s: string) => s.replace(/\s+/g, "");
const pdfText = async (b: Buffer) => flat((await extractText(new Uint8Array(b), { mergePages: true })).text);

describe(`documents on ${ENGINE}`, () => {
  let env: TestEnv;
  let admin: string;
  let site: string;
  beforeAll(async () => {
    env = await setup();
    admin = await env.login("admin");
    site = await env.siteId("zgc-street");
  }, 60_000);
  afterAll(() => env.close());

  const ctx = () => ({
    db: env.handle.db,
    dialect: env.handle.dialect,
    clock: env.clock,
    principal: null,
    requestId: "test",
    bus: env.bus,
    files: createFileStore(env.config.files),
    caches: env.app.caches,
  });
  const get = (url: string, cookie?: string) => env.app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });

  it("twenty concurrent slip requests render once (on the renderer thread) and /api/health answers while they wait", async () => {
    const before = renderCount();
    const release = holdRenders();
    const slips = Array.from({ length: 20 }, () => get("/api/public/items/00013112800001/slip.pdf"));
    // Every slip request is now waiting for the one render; the server still answers.
    for (let i = 0; i < 5; i++) expect((await get("/api/health")).statusCode).toBe(200);
    release();
    const answers = await Promise.all(slips);
    expect(answers.map((r) => r.statusCode)).toEqual(answers.map(() => 200));
    expect(new Set(answers.map((r) => createHash("sha256").update(r.rawPayload).digest("hex"))).size).toBe(1);
    expect(renderCount() - before).toBe(1);
    // Later requests are served from the file store: no render, the same bytes, the stored hash.
    const again = await get("/api/public/items/00013112800001/slip.pdf");
    expect(renderCount() - before).toBe(1);
    expect(again.rawPayload.equals(answers[0]?.rawPayload as Buffer)).toBe(true);
    const docs = await env.handle.db.selectFrom("documents").selectAll().where("kind", "=", "catalog.slip").execute();
    expect(docs).toHaveLength(1);
    expect(docs[0]?.sha256).toBe(createHash("sha256").update(again.rawPayload).digest("hex"));
    expect(docs[0]?.number).toBe("海淀一次性告知〔2026〕第000001号");
    expect(await pdfText(again.rawPayload)).toContain("海淀一次性告知〔2026〕第000001号");
  });

  it("issues numbered notices in the caller's transaction; a rollback gives the number back; a correction supersedes", async () => {
    const c = ctx();
    const subject = { type: "case", id: "case-1" };
    const data = { applicant: "张三", missing: ["营业执照副本", "法定代表人身份证明"], dueOn: "2026-12-10" };
    const issue = (d: typeof data, supersedes?: string) =>
      env.handle.db
        .transaction()
        .execute((tx) => issueDocument(tx, c, NOTICE, { agency: "海淀中关村", siteId: site, subject, data: d, supersedes }));
    const first = await issue(data);
    expect(first.number).toBe("海淀中关村〔2026〕第000001号");
    // The same input for the same subject is the same document.
    expect((await issue({ ...data })).id).toBe(first.id);
    // A rolled-back transaction leaves no gap.
    await expect(
      env.handle.db.transaction().execute(async (tx) => {
        await issueDocument(tx, c, NOTICE, { agency: "海淀中关村", siteId: site, subject, data: { ...data, dueOn: "2026-12-11" } });
        throw new Error("the case change failed");
      }),
    ).rejects.toThrow("the case change failed");
    const corrected = await issue({ ...data, missing: [...data.missing, "经营场所证明"] }, first.id);
    expect(corrected.number).toBe("海淀中关村〔2026〕第000002号");
    const all = await documentsOf(env.handle.db, subject);
    expect(all.map((d) => [d.number, d.supersededBy])).toEqual([
      ["海淀中关村〔2026〕第000001号", corrected.id],
      ["海淀中关村〔2026〕第000002号", null],
    ]);
    // A document is corrected once; correcting it again is refused and issues nothing.
    const refused = await issue({ ...data, dueOn: "2026-12-12" }, first.id).catch((e) => e);
    expect(refused.code).toBe("document_superseded");
    expect(await documentsOf(env.handle.db, subject)).toHaveLength(2);

    // The PDF reads back with every missing material, its number and date; only the policy's readers get it.
    const url = `/api/documents/${corrected.id}/pdf`;
    const manager = await env.login("zgc.manager");
    expect((await get(url, manager)).statusCode).toBe(403);
    const pdf = await get(url, admin);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const text = await pdfText(pdf.rawPayload);
    for (const s of [
      "补正材料告知书",
      "海淀中关村〔2026〕第000002号",
      "营业执照副本",
      "法定代表人身份证明",
      "经营场所证明",
      "2026-12-10",
      "张三",
    ]) {
      expect(text, s).toContain(flat(s));
    }
    const row = await env.handle.db.selectFrom("documents").selectAll().where("id", "=", corrected.id).executeTakeFirstOrThrow();
    expect(row.sha256).toBe(createHash("sha256").update(pdf.rawPayload).digest("hex"));
    const reads = await env.handle.db
      .selectFrom("file_reads")
      .select("allowed")
      .where("file_id", "=", row.file_id as string)
      .execute();
    expect(reads.map((r) => Number(r.allowed)).sort()).toEqual([0, 1]);
    expect(json((await get("/api/documents/0190a000-0000-7000-8000-000000000000/pdf", admin)).body).code).toBe("not_found");
  });
});
