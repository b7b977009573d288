import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicant, ID_CARD, ok, openCase, problem, SOCIAL_CARD, step } from "./cases-helpers.js";
import { ENGINE, json, setup, type TestEnv } from "./helpers.js";

/**
 * Cases against time and each other (issue 12): two processors claiming one case at once over
 * real HTTP, forwarding (转报) with acceptance upstream, the 5-working-day rule with a moved clock,
 * a deadline across National Day 2026 and a pause, overdue with a 督办 record, an extension, and
 * a provisional date into 2027 recomputed when the year is imported.
 */
const RELIEF = ["临时救助申请书（表）", "身份证件或户口簿", "困难情况证明材料", "家庭经济状况核对授权书"].map((name) => ({
  name,
  status: "received",
}));

describe(`cases in time on ${ENGINE}`, () => {
  let env: TestEnv;
  let zgc: string;
  let n = 500;
  const login = async (u: string) => env.login(u);

  beforeAll(async () => {
    env = await setup({ now: "2026-12-07T02:00:00.000Z" });
    zgc = await env.siteId("zgc-street");
  });
  afterAll(() => env.close());

  async function received(
    cookie: string,
    siteId = zgc,
    itemCode = SOCIAL_CARD,
    materials: unknown[] = [{ name: ID_CARD, status: "received" }],
  ) {
    return (await ok(await openCase(env, cookie, siteId, { itemCode, applicant: applicant(n++), materials }), 201)).case;
  }
  const read = async (cookie: string, id: string) => json((await env.app.inject({ url: `/api/cases/${id}`, headers: { cookie } })).body);

  it("two processors claim the same cases at once over HTTP: exactly one wins each", async () => {
    const front = await login("zgc.window1");
    const p1 = await login("rsj.review");
    const p2 = await login("admin");
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await received(front);
      await ok(await step(env, front, c.id, "accept"));
      ids.push(c.id);
    }
    const base = await env.app.listen({ port: 0, host: "127.0.0.1" });
    const pool = new Pool(base, { connections: 20 });
    const claim = async (id: string, cookie: string) => {
      const r = await pool.request({
        method: "POST",
        path: `/api/cases/${id}/claim`,
        headers: { cookie, "content-type": "application/json" },
        body: "{}",
      });
      return { status: r.statusCode, body: json(await r.body.text()) };
    };
    const results = await Promise.all(ids.map(async (id) => ({ id, r: await Promise.all([claim(id, p1), claim(id, p2)]) })));
    await pool.close();
    for (const { id, r } of results) {
      const won = r.filter((x) => x.status === 200);
      const lost = r.filter((x) => x.status === 409);
      expect(won, JSON.stringify(r)).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(["case_already_claimed", "case_bad_state"]).toContain(lost[0]?.body.code);
      const c = await read(p2, id);
      expect(c.handler.id).toBe(won[0]?.body.case.handler.id);
      expect(c.steps.filter((s: { action: string }) => s.action === "claim")).toHaveLength(1);
    }
  });

  it("a street center forwards (转报); the deciding department accepts upstream; the applicant is told", async () => {
    const front = await login("zgc.window1");
    const dept = await login("rsj.review");
    const c = await received(front);
    const f = await ok(await step(env, front, c.id, "forward", { reason: "由区人力社保局受理" }));
    expect(f.case.state).toBe("forwarded");
    await problem(await step(env, front, c.id, "accept"), 403, "forbidden");
    const a = await ok(await step(env, dept, c.id, "accept"));
    expect(a.case.state).toBe("accepted");
    const sms = await env.handle.db.selectFrom("outbox").select("body").where("subject", "=", c.number).execute();
    expect(sms.map((m) => m.body).join("\n")).toContain("已转报");
    expect(sms.map((m) => m.body).join("\n")).toContain("已受理");
  });

  it("5 working days: warned on day 4, then accepted from the day of receipt", async () => {
    const front = await login("zgc.window1");
    const c = await received(front); // Monday 2026-12-07
    env.clock.set("2026-12-11T02:00:00.000Z"); // Friday, the 4th working day
    await env.app.scheduler.runDue();
    const admin = await login("admin");
    let now = await read(admin, c.id);
    expect(now.state).toBe("received");
    expect(now.steps.map((s: { action: string }) => s.action)).toContain("acceptance_warning");
    env.clock.set("2026-12-14T08:00:00.000Z"); // Monday, the 5th: still time
    await env.app.scheduler.runDue();
    expect((await read(await login("admin"), c.id)).state).toBe("received");
    env.clock.set("2026-12-15T02:00:00.000Z"); // after the 5th working day
    await env.app.scheduler.runDue();
    now = await read(await login("admin"), c.id);
    expect(now.state).toBe("accepted");
    expect(now.deemedAccepted).toBe(true);
    expect(now.clock.start).toBe("2026-12-07");
    expect(now.dueDate).toBe("2026-12-21");
    expect(now.documents.map((d: { title: string }) => d.title)).toContain("受理通知书");
  });

  it("a deadline across National Day 2026 and a pause, explained; overdue gets a 督办 record; an extension lifts it", async () => {
    // A district seeded before National Day (the guide versions are in force from the seed).
    const outer = env;
    env = await setup({ now: "2026-09-28T01:00:00.000Z" });
    try {
      await nationalDay();
    } finally {
      await env.close();
      env = outer;
    }
  });

  async function nationalDay() {
    env.clock.set("2026-09-28T02:00:00.000Z"); // Monday
    const front = await login("zgc.window1");
    const c = await received(front, await env.siteId("zgc-street"), "DEMO-0016", RELIEF);
    const a = await ok(await step(env, front, c.id, "accept"));
    const due0 = a.case.dueDate;
    expect(a.case.clock.explanation).toContain("10-01");
    const admin = await login("admin");
    await ok(await step(env, admin, c.id, "claim"));
    env.clock.set("2026-10-12T02:00:00.000Z");
    const adm = await login("admin");
    await ok(await step(env, adm, c.id, "pause", { reasonCode: "专家评审", reason: "组织专家评审", expectedDays: 3 }));
    env.clock.set("2026-10-15T02:00:00.000Z");
    const adm2 = await login("admin");
    const r = await ok(await step(env, adm2, c.id, "resume"));
    expect(r.case.dueDate > due0).toBe(true);
    expect(r.case.clock.explanation).toContain("专家评审");
    expect(r.case.clock.ledger[0]).toMatchObject({ kind: "pause", reasonCode: "专家评审", from: "2026-10-12", to: "2026-10-14", days: 3 });
    // Past the due date: the sweep flags it overdue and writes one 督办 record.
    const due = r.case.dueDate as string;
    env.clock.set(`${due}T02:00:00.000Z`);
    env.clock.advance(2 * 86_400_000);
    await env.app.scheduler.runDue();
    await env.app.scheduler.runDue();
    const late = await read(await login("admin"), c.id);
    expect(late.dueFlag).toBe("overdue");
    expect(late.chases).toHaveLength(1);
    const list = await ok(await env.app.inject({ url: "/api/cases?dueFlag=overdue", headers: { cookie: await login("supervisor") } }));
    expect(list.items.map((x: { id: string }) => x.id)).toContain(c.id);
    const ext = await ok(await step(env, await login("admin"), c.id, "extend", { days: 10, reason: "情况复杂，经负责人批准延长" }));
    expect(ext.case.dueFlag).not.toBe("overdue");
    expect(ext.case.dueDate > due).toBe(true);
  }

  it("a deadline into 2027 is provisional, and recomputed (and the applicant told) when 2027 is imported", async () => {
    env.clock.set("2026-12-28T02:00:00.000Z");
    const front = await login("zgc.window1");
    const c = await received(front, zgc, "DEMO-0016", [
      { name: "临时救助申请书（表）", status: "received" },
      { name: "身份证件或户口簿", status: "received" },
      { name: "困难情况证明材料", status: "received" },
      { name: "家庭经济状况核对授权书", status: "received" },
    ]);
    const a = await ok(await step(env, front, c.id, "accept"));
    expect(a.case.dueProvisional).toBe(true);
    const before = a.case.dueDate as string;
    expect(before.startsWith("2027-01")).toBe(true);
    const admin = await login("admin");
    const res = await env.app.inject({
      method: "PUT",
      url: "/api/calendar/years/2027",
      headers: { cookie: admin },
      payload: { source: "国办发明电〔2026〕", days: [1, 2, 3].map((d) => ({ date: `2027-01-0${d}`, kind: "holiday", name: "元旦" })) },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await read(admin, c.id);
    expect(after.dueProvisional).toBe(false);
    expect(after.dueDate > before).toBe(true);
    expect(after.steps.map((s: { action: string }) => s.action)).toContain("recompute");
    const sms = await env.handle.db.selectFrom("outbox").select("body").where("subject", "=", c.number).execute();
    expect(sms.map((m) => m.body).join("\n")).toContain(`办结日期核定为 ${after.dueDate}`);
  });
});
