import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actors, applicant, type CaseActors, ID_CARD, ok, openCase, PHOTO, pdfText, problem, SOCIAL_CARD, step } from "./cases-helpers.js";
import { ENGINE, json, setup, type TestEnv } from "./helpers.js";

/**
 * The case lifecycle through HTTP (issue 12): intake against the guide, the one correction
 * notice, acceptance with the committed date, the back office at the department, decision,
 * delivery; every illegal transition refused with 409 and nothing changed.
 */
describe(`cases on ${ENGINE}`, () => {
  let env: TestEnv;
  let a: CaseActors;

  beforeAll(async () => {
    // Monday 2026-12-07, 10:00 Beijing.
    env = await setup({ now: "2026-12-07T02:00:00.000Z" });
    a = await actors(env);
  });
  afterAll(() => env.close());

  const open = async (materials: unknown[] = [{ name: ID_CARD, status: "received" }], n = 1) =>
    ok(await openCase(env, a.front, a.zgc, { itemCode: SOCIAL_CARD, applicant: applicant(n), materials }), 201);

  it("receives a case with the guide version in force, a number per site and year, a receipt and an SMS", async () => {
    const r = await open();
    const c = r.case;
    expect(c.number).toMatch(/^中关村街道 2026 第\d{6}号$/);
    expect(c.state).toBe("received");
    expect(c.item).toMatchObject({ code: SOCIAL_CARD, version: 1, name: "社会保障卡申领" });
    expect(c.department.name).toBe("区人力资源和社会保障局");
    expect(c.applicant.masked).toBe(false); // the person serving sees it in full
    expect(c.receivedBy.name).toBe("张伟");
    expect(c.firstInquiry.name).toBe("张伟");
    expect(c.checklist.find((m: { name: string }) => m.name === ID_CARD).status).toBe("received");
    expect(c.checklist.find((m: { name: string }) => m.name === PHOTO).status).toBe("not_applicable");
    expect(r.document.title).toBe("收件凭证");
    expect(r.document.number).toMatch(/^中关村街道收〔2026〕第000001号$/);
    expect(c.allowed).toEqual(expect.arrayContaining(["accept", "refuse", "forward", "withdraw"]));
    expect(c.allowed).not.toContain("claim");
    const text = await pdfText(env, a.front, r.document.id);
    expect(text).toContain(c.number.replace(/\s/g, ""));
    expect(text).toContain(ID_CARD);
    expect(text).toContain(c.queryCode);
    const sms = await env.handle.db.selectFrom("outbox").selectAll().where("subject", "=", c.number).execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]?.body).toContain("材料已收到");
    expect(sms[0]?.body).not.toContain(applicant().idNumber);
    const second = await open();
    expect(Number(second.case.number.slice(-7, -1))).toBe(Number(c.number.slice(-7, -1)) + 1);
  });

  it("one correction notice lists everything missing; a second is refused; only listed materials are checked again", async () => {
    const { case: c } = await open([
      { name: ID_CARD, status: "nonconforming", note: "证件已过有效期" },
      { name: PHOTO, status: "missing" },
    ]);
    await problem(await step(env, a.front, c.id, "accept"), 409, "materials_incomplete");
    const r = await ok(await step(env, a.front, c.id, "correction", { dueDays: 5 }));
    expect(r.case.state).toBe("correction_requested");
    expect(r.case.correctionDue).toBe("2026-12-14");
    expect(r.document.title).toBe("补正告知书");
    const text = await pdfText(env, a.front, r.document.id);
    expect(text).toContain(ID_CARD);
    expect(text).toContain("证件已过有效期");
    expect(text).toContain(PHOTO);
    expect(text).toContain("2026-12-14");
    expect(text).toContain("一次性告知");
    await problem(await step(env, a.front, c.id, "correction", {}), 409, "case_bad_state");
    await problem(
      await step(env, a.front, c.id, "supply", { materials: [{ name: "监护人身份证件", status: "received" }] }),
      422,
      "material_not_in_correction",
    );
    const s = await ok(
      await step(env, a.front, c.id, "supply", {
        materials: [
          { name: ID_CARD, status: "received" },
          { name: PHOTO, status: "received" },
        ],
      }),
    );
    expect(s.case.state).toBe("supplied");
    // A second notice for the same submission is refused, even though the state allows corrections.
    await problem(await step(env, a.front, c.id, "correction", {}), 409, "correction_already_issued");
    const acc = await ok(await step(env, a.front, c.id, "accept"));
    expect(acc.case.state).toBe("accepted");
  });

  it("accepts with the committed date from the guide's limit, explained, and prints it", async () => {
    const { case: c } = await open();
    const r = await ok(await step(env, a.front, c.id, "accept"));
    // 10 working days from Monday 2026-12-07: 2026-12-21.
    expect(r.case.dueDate).toBe("2026-12-21");
    expect(r.case.clock.explanation).toContain("自2026-12-07起10个工作日");
    expect(r.case.clock.explanation).toContain("应于2026-12-21前办结");
    expect(r.case.acceptanceNumber).toBe(r.document.number);
    const text = await pdfText(env, a.front, r.document.id);
    expect(text).toContain("受理通知书");
    expect(text).toContain("2026-12-21");
    expect(text).toContain(r.case.queryCode);
  });

  it("the back office of the department claims, reviews, decides; the result comes back to the receiving site", async () => {
    const { case: c } = await open();
    await ok(await step(env, a.front, c.id, "accept"));
    // The street's window staff cannot process; the department's back office (another site's staff) can.
    await problem(await step(env, a.front, c.id, "claim"), 403, "forbidden");
    const inbox = await ok(await env.app.inject({ url: "/api/cases?view=back&unclaimed=true", headers: { cookie: a.back } }));
    expect(inbox.items.map((x: { id: string }) => x.id)).toContain(c.id);
    expect(inbox.items[0].applicant.masked).toBe(true);
    const claimed = await ok(await step(env, a.back, c.id, "claim"));
    expect(claimed.case.state).toBe("processing");
    expect(claimed.case.handler.name).toBe("蒋涛");
    expect(claimed.case.applicant.masked).toBe(false);
    await problem(await step(env, a.back2, c.id, "submit-review", { opinion: "同意" }), 409, "case_held_by_other");
    await ok(await step(env, a.back, c.id, "submit-review", { opinion: "材料齐全，符合条件，拟准予" }));
    await problem(await step(env, a.back, c.id, "decide", { decision: "denied", opinion: "不符合" }), 422, "reasons_required");
    const d = await ok(await step(env, a.back, c.id, "decide", { decision: "granted", opinion: "准予" }));
    expect(d.case.state).toBe("decided");
    await problem(await step(env, a.front, c.id, "deliver", { method: "post", trackingNumber: "SF1234567890" }), 409, "case_bad_state");
    await ok(await step(env, a.back, c.id, "complete", { resultNumber: "SB-2026-0001" }));
    const ready = await ok(await env.app.inject({ url: "/api/cases?view=delivery", headers: { cookie: a.front2 } }));
    expect(ready.items.map((x: { id: string }) => x.id)).toContain(c.id);
    await problem(
      await step(env, a.front, c.id, "deliver", { method: "pickup", collectedBy: "张三丰", idChecked: false }),
      400,
      "validation_failed",
    );
    const out = await ok(await step(env, a.front2, c.id, "deliver", { method: "pickup", collectedBy: "张三丰", idChecked: true }));
    expect(out.case.state).toBe("delivered");
    expect(out.case.allowed).toEqual([]);
    const text = await pdfText(env, a.front2, out.document.id);
    expect(text).toContain("送达回证");
    expect(text).toContain("SB-2026-0001");
    expect(out.case.steps.map((s: { action: string }) => s.action)).toEqual([
      "receive",
      "accept",
      "claim",
      "submit_review",
      "decide",
      "complete",
      "deliver",
    ]);
  });

  it("refusal and denial need reasons and state the reconsideration and litigation rights", async () => {
    const { case: c } = await open();
    await problem(await step(env, a.front, c.id, "refuse", {}), 400, "validation_failed");
    const r = await ok(await step(env, a.front, c.id, "refuse", { reason: "申请人不属于本事项服务对象" }));
    expect(r.case.state).toBe("refused");
    expect(r.case.result).toBe("refused");
    const text = await pdfText(env, a.front, r.document.id);
    expect(text).toContain("不予受理决定书");
    expect(text).toContain("申请人不属于本事项服务对象");
    expect(text).toContain("六十日内向北京市海淀区人民政府申请行政复议");
    expect(text).toContain("六个月内");
    expect(text).toContain("提起行政诉讼");

    const { case: d } = await open();
    await ok(await step(env, a.front, d.id, "accept"));
    await ok(await step(env, a.back, d.id, "claim"));
    await ok(await step(env, a.back, d.id, "submit-review", { opinion: "拟不予许可" }));
    const den = await ok(
      await step(env, a.back, d.id, "decide", { decision: "denied", opinion: "不予许可", reasons: "经核查，申请人已持有有效社会保障卡" }),
    );
    expect(den.document.title).toBe("不予许可决定书");
    const t2 = await pdfText(env, a.back, den.document.id);
    expect(t2).toContain("经核查，申请人已持有有效社会保障卡");
    expect(t2).toContain("申请行政复议");
  });

  it("bad input is 4xx problem+json with a code, and nothing changes", async () => {
    const count = async () =>
      Number(
        (
          await env.handle.db
            .selectFrom("cases")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirst()
        )?.n,
      );
    const before = await count();
    await problem(
      await openCase(env, a.front, a.zgc, { itemCode: "NO-SUCH-ITEM", applicant: applicant(), materials: [] }),
      422,
      "item_unknown",
    );
    await problem(
      await openCase(env, a.front, a.zgc, {
        itemCode: SOCIAL_CARD,
        applicant: applicant(),
        materials: [{ name: "户口本", status: "received" }],
      }),
      422,
      "material_not_in_guide",
    );
    await problem(
      await openCase(env, a.front, a.zgc, {
        itemCode: SOCIAL_CARD,
        applicant: applicant(),
        materials: [{ name: ID_CARD, status: "not_applicable" }],
      }),
      422,
      "material_required",
    );
    await problem(
      await openCase(env, a.front, a.zgc, { itemCode: "DEMO-0005", applicant: applicant(), materials: [] }),
      422,
      "item_not_at_site",
    );
    const xyl = await env.siteId("xyl-street");
    await problem(await openCase(env, a.front, xyl, { itemCode: SOCIAL_CARD, applicant: applicant(), materials: [] }), 403, "forbidden");
    expect(await count()).toBe(before);
    // Another site's case and its documents.
    const r = await open();
    const res = await env.app.inject({ url: `/api/cases/${r.case.id}`, headers: { cookie: a.other } });
    await problem(res, 403, "forbidden");
    const pdf = await env.app.inject({ url: `/api/documents/${r.document.id}/pdf`, headers: { cookie: a.other } });
    expect(pdf.statusCode).toBe(403);
    await problem(await step(env, a.other, r.case.id, "accept"), 403, "forbidden");
    const after = await ok(await env.app.inject({ url: `/api/cases/${r.case.id}`, headers: { cookie: a.front } }));
    expect(after.state).toBe("received");
    expect(after.steps).toHaveLength(1);
  });

  it("the public progress page shows state and dates by number and query code, never personal data", async () => {
    const { case: c } = await open();
    await ok(await step(env, a.front, c.id, "accept"));
    const url = `/api/public/cases/progress?number=${encodeURIComponent(c.number)}&code=${c.queryCode}`;
    const p = await ok(await env.app.inject({ url }));
    expect(p).toMatchObject({ number: c.number, state: "accepted", dueDate: "2026-12-21", itemName: "社会保障卡申领" });
    expect(JSON.stringify(p)).not.toContain("张");
    expect(JSON.stringify(p)).not.toContain("1391234");
    await problem(
      await env.app.inject({ url: `/api/public/cases/progress?number=${encodeURIComponent(c.number)}&code=AAAAAAAA` }),
      404,
      "case_not_found",
    );
  });

  it("supervisors read every case masked; lists are masked; search by number suffix and ID number", async () => {
    const { case: c } = await open([{ name: ID_CARD, status: "received" }], 77);
    const sup = await ok(await env.app.inject({ url: `/api/cases/${c.id}`, headers: { cookie: a.supervisor } }));
    expect(sup.applicant.masked).toBe(true);
    expect(sup.applicant.idNumber).not.toBe(applicant(77).idNumber);
    expect(sup.queryCode).toBeNull();
    expect(sup.allowed).toEqual([]);
    const byId = await ok(await env.app.inject({ url: `/api/cases?q=${applicant(77).idNumber}`, headers: { cookie: a.front } }));
    expect(byId.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const suffix = c.number.slice(-7, -1);
    const byNo = await ok(await env.app.inject({ url: `/api/cases?q=${Number(suffix)}`, headers: { cookie: a.front } }));
    expect(byNo.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const other = await ok(await env.app.inject({ url: "/api/cases", headers: { cookie: a.other } }));
    expect(other.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    await problem(await env.app.inject({ url: "/api/cases?q=abc", headers: { cookie: a.front } }), 400, "case_query_invalid");
  });

  it("every transition writes one audit record and one event in its transaction", async () => {
    const { case: c } = await open();
    await ok(await step(env, a.front, c.id, "accept"));
    const audits = await env.handle.db.selectFrom("audit_log").select(["action"]).where("entity_id", "=", c.id).execute();
    expect(audits.map((x) => x.action).sort()).toEqual(["case.accept", "case.receive"]);
    const events = await env.handle.db.selectFrom("events").select(["type", "refs"]).where("refs", "like", `%${c.id}%`).execute();
    expect(
      events
        .map((e) => e.type)
        .filter((t) => t.startsWith("case."))
        .sort(),
    ).toEqual(["case.accepted", "case.received"]);
    expect(json(events[0]?.refs as string).caseId).toBe(c.id);
  });
});
