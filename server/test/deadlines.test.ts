import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadlineSweepJob } from "../src/platform/deadlines/deadline-sweep.js";
import {
  type ClockScope,
  extendClock,
  getClock,
  getClocks,
  openClock,
  pauseClock,
  provisionalYears,
  registerClockOwner,
  resumeClock,
  type StoredClock,
  stopClock,
} from "../src/platform/deadlines/deadlines.service.js";
import { withEvents } from "../src/platform/events/store.js";
import { systemCtx } from "./appointments-helpers.js";
import { json, setup, type TestEnv } from "./helpers.js";

// Stored legal clocks through the platform service, calendar changes through HTTP, the sweep
// through the scheduler with the moved test clock. Both engines.
const KIND = "testcase";
const beijing = (date: string, time = "10:00") => new Date(`${date}T${time}:00+08:00`).toISOString();

describe("stored legal clocks", () => {
  let env: TestEnv;
  let admin: string;
  let site: string;
  const moved: { ownerId: string; explanation: string }[] = [];
  const run = <T>(fn: (s: ClockScope) => Promise<T>) => withEvents(systemCtx(env), (tx, emit) => fn({ ctx: systemCtx(env), tx, emit }));
  const ref = (ownerId: string) => ({ ownerKind: KIND, ownerId });
  const read = async (ownerId: string) => (await getClock(env.handle.db, systemCtx(env), ref(ownerId))) as StoredClock;
  const events = async (type: string) =>
    (await env.handle.db.selectFrom("events").selectAll().where("type", "=", type).orderBy("seq").execute()).map((e) => ({
      stream: e.stream,
      refs: e.refs ? JSON.parse(e.refs) : null,
      data: JSON.parse(e.payload),
    }));

  beforeAll(async () => {
    env = await setup({ now: beijing("2026-09-28") });
    admin = await env.login("admin");
    site = await env.siteId("zgc-street");
    registerClockOwner(KIND, {
      onMoved: async (_s, c, effect) => {
        moved.push({ ownerId: c.ownerId, explanation: effect.explanation.zh });
      },
    });
  });
  afterAll(async () => env?.close());

  it("opens, pauses, resumes and extends; the date is derived and explained", async () => {
    const opened = await run((s) => openClock(s, { ...ref("c1"), siteId: site, start: "2026-09-28", budget: 20 }));
    expect(opened.view).toMatchObject({ dueDate: "2026-10-30", state: "running", provisional: false });
    env.clock.set(beijing("2026-10-12"));
    const paused = await run((s) => pauseClock(s, ref("c1"), { reason: "专家评审", note: "专家评审会" }));
    expect(paused.view.state).toBe("paused");
    await expect(run((s) => pauseClock(s, ref("c1"), { reason: "检验" }))).rejects.toMatchObject({
      status: 409,
      code: "legal_clock_state",
    });
    env.clock.set(beijing("2026-10-14", "16:00"));
    const resumed = await run((s) => resumeClock(s, ref("c1")));
    expect(resumed.view.dueDate).toBe("2026-11-04");
    expect(resumed.view.explanation.zh).toBe(
      "自2026-09-28起20个工作日；10-01至10-07为法定节假日（国庆节），10-10为调休工作日；因专家评审暂停3个工作日（10-12至10-14）；应于2026-11-04前办结",
    );
    const row = await env.handle.db.selectFrom("legal_clocks").selectAll().where("owner_id", "=", "c1").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ due_date: "2026-11-04", due_soon_from: "2026-11-02", paused_since: null, provisional: 0 });
    const c = await read("c1");
    expect(c.ledger).toMatchObject([
      { kind: "pause", from: "2026-10-12", to: "2026-10-14", reason: "专家评审", note: "专家评审会", seq: 1 },
    ]);
    expect(c.view.used).toBe(5);
  });

  it("refuses what the law does not allow, with codes", async () => {
    await expect(run((s) => resumeClock(s, ref("c1")))).rejects.toMatchObject({ status: 409, code: "legal_clock_state" });
    await expect(run((s) => openClock(s, { ...ref("c1"), siteId: site, start: "2026-09-28", budget: 20 }))).rejects.toMatchObject({
      status: 409,
      code: "legal_clock_exists",
    });
    await expect(run((s) => pauseClock(s, ref("c1"), { reason: "休假" as never }))).rejects.toMatchObject({
      status: 400,
      code: "legal_clock_invalid",
    });
    await expect(run((s) => pauseClock(s, ref("nobody"), { reason: "检验" }))).rejects.toMatchObject({
      status: 404,
      code: "legal_clock_not_found",
    });
    // Nothing of the refused writes stayed.
    expect((await read("c1")).ledger).toHaveLength(1);
  });

  it("two pauses at once on one clock: one wins, the other is refused", async () => {
    await run((s) => openClock(s, { ...ref("race"), siteId: site, start: "2026-10-14", budget: 10 }));
    const out = await Promise.allSettled([1, 2].map(() => run((s) => pauseClock(s, ref("race"), { reason: "检测" }))));
    expect(out.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(out.find((o) => o.status === "rejected")).toMatchObject({ reason: { code: "legal_clock_state" } });
    expect((await read("race")).ledger).toHaveLength(1);
  });

  it("a day marked a holiday moves the open clocks it touches and says which day; cleared, it moves them back", async () => {
    env.clock.set(beijing("2026-10-15"));
    admin = await env.login("admin"); // sessions last 12 hours of the moved clock
    await run((s) => openClock(s, { ...ref("late"), siteId: site, start: "2026-12-01", budget: 5 })); // not touched by 10-16
    const res = await env.app.inject({
      method: "PUT",
      url: "/api/calendar/days/2026-10-16",
      headers: { cookie: admin },
      payload: { kind: "holiday", name: "调休" },
    });
    expect(res.statusCode, res.body).toBe(204);
    expect((await read("c1")).view.dueDate).toBe("2026-11-05");
    expect((await read("late")).view.dueDate).toBe("2026-12-08");
    const changed = (await events("calendar.changed")).at(-1);
    expect(changed).toMatchObject({
      stream: "district",
      data: { change: "day_set", changedDays: [{ date: "2026-10-16", wasWorking: true, isWorking: false, name: "调休" }] },
    });
    const ev = (await events("deadline.moved")).find((e) => e.data.clock.ownerId === "c1");
    expect(ev).toMatchObject({
      stream: site,
      refs: { testcaseId: "c1" },
      data: { previousDueDate: "2026-11-04", clock: { dueDate: "2026-11-05" } },
    });
    expect(ev?.data.explanation.zh).toBe("工作日历调整：10-16改为休息日（调休）；办结日期由2026-11-04调整为2026-11-05");
    expect(moved.find((m) => m.ownerId === "c1")?.explanation).toContain("10-16改为休息日");
    expect(moved.find((m) => m.ownerId === "late")).toBeUndefined();
    const clear = await env.app.inject({
      method: "PUT",
      url: "/api/calendar/days/2026-10-16",
      headers: { cookie: admin },
      payload: { kind: null },
    });
    expect(clear.statusCode).toBe(204);
    expect((await read("c1")).view.dueDate).toBe("2026-11-04");
  });

  it("recomputes in short transactions: 450 clocks across three chunks all move", async () => {
    for (let b = 0; b < 450; b += 150)
      await run(async (s) => {
        for (let i = b; i < b + 150; i++)
          await openClock(s, { ownerKind: "bulk", ownerId: `b${i}`, siteId: site, start: "2026-10-15", budget: 10 });
      });
    const put = (kind: string | null) =>
      env.app.inject({ method: "PUT", url: "/api/calendar/days/2026-10-20", headers: { cookie: admin }, payload: { kind, name: "调休" } });
    expect((await put("holiday")).statusCode).toBe(204);
    const due = async () =>
      (await env.handle.db.selectFrom("legal_clocks").select("due_date").where("owner_kind", "=", "bulk").execute()).map((r) => r.due_date);
    expect(new Set(await due())).toEqual(new Set(["2026-10-30"]));
    expect((await events("deadline.moved")).filter((e) => e.data.clock.ownerKind === "bulk")).toHaveLength(450);
    expect((await put(null)).statusCode).toBe(204);
    expect(new Set(await due())).toEqual(new Set(["2026-10-29"]));
  });

  it("a provisional clock into 2027 alerts the district, and is recomputed when 2027 is imported", async () => {
    env.clock.set(beijing("2026-12-21"));
    const c = await run((s) => openClock(s, { ...ref("p1"), siteId: site, start: "2026-12-21", budget: 20 }));
    expect(c.view).toMatchObject({ dueDate: "2027-01-18", provisional: true, uncoveredYears: [2027] });
    expect(c.view.explanation.zh).toContain("暂定应于2027-01-18前办结");
    const alert = (await events("deadline.provisional")).find((e) => e.data.clock.ownerId === "p1");
    expect(alert).toMatchObject({ stream: "district", data: { clock: { uncoveredYears: [2027], dueDate: "2027-01-18" } } });
    expect(await provisionalYears(env.handle.db)).toEqual([{ year: 2027, openClocks: 1, earliestDue: "2027-01-18" }]);
    admin = await env.login("admin");
    const res = await env.app.inject({
      method: "PUT",
      url: "/api/calendar/years/2027",
      headers: { cookie: admin },
      payload: {
        source: "国办发明电〔2026〕",
        days: [
          { date: "2027-01-01", kind: "holiday", name: "元旦" },
          { date: "2027-01-02", kind: "holiday", name: "元旦" },
          { date: "2027-01-03", kind: "holiday", name: "元旦" },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    // p1, and "race": paused since 10-14, so as of today it too reaches into 2027.
    expect(json(res.body)).toMatchObject({ year: 2027, clocksMoved: 2 });
    expect((await read("p1")).view).toMatchObject({ dueDate: "2027-01-19", provisional: false });
    expect(moved.find((m) => m.ownerId === "p1")?.explanation).toBe(
      "2027年节假日安排已录入；工作日历调整：2027-01-01改为休息日（元旦）；办结日期由2027-01-18调整为2027-01-19",
    );
    expect(await provisionalYears(env.handle.db)).toEqual([]);
  });

  it("reads the clocks of a page of owners at once", async () => {
    const m = await getClocks(env.handle.db, systemCtx(env), KIND, ["c1", "p1", "late", "nobody"]);
    expect([...m.keys()].sort()).toEqual(["c1", "late", "p1"]);
    expect(m.get("c1")?.view.dueDate).toBe("2026-11-04");
    expect(m.get("p1")?.view).toMatchObject({ dueDate: "2027-01-19", provisional: false });
  });

  it("a stopped clock keeps its verdict and refuses changes", async () => {
    const s1 = await run((s) => stopClock(s, ref("race"), "2026-12-21"));
    expect(s1.view).toMatchObject({ state: "stopped", stoppedLate: false });
    await expect(
      run((s) => extendClock(s, ref("race"), { days: 1, reason: "x", approvedBy: "u", approvedOn: "2026-12-21" })),
    ).rejects.toMatchObject({
      code: "legal_clock_state",
    });
  });
});

describe("the due-soon / overdue sweep as a scheduled job", () => {
  let env: TestEnv;
  const seen: string[] = [];
  let failNext = false;
  const run = <T>(fn: (s: ClockScope) => Promise<T>) => withEvents(systemCtx(env), (tx, emit) => fn({ ctx: systemCtx(env), tx, emit }));
  const ref = (ownerId: string) => ({ ownerKind: "sweepcase", ownerId });
  const pass = async () => (await env.app.scheduler.runDue()).find((o) => o.name === "tests.deadlines");

  beforeAll(async () => {
    env = await setup({ now: beijing("2026-10-15") });
    env.app.scheduler.register(
      deadlineSweepJob({
        name: "tests.deadlines",
        ownerKind: "sweepcase",
        schedule: { everyMs: 60_000 },
        onDueSoon: async (_s, c) => {
          if (failNext) {
            failNext = false;
            throw new Error("sms gateway down");
          }
          seen.push(`soon ${c.ownerId} ${c.view.dueDate}`);
        },
        onOverdue: async (_s, c) => {
          seen.push(`overdue ${c.ownerId} ${c.view.dueDate}`);
        },
      }),
    );
    const site = await env.siteId("zgc-street");
    await run((s) => openClock(s, { ...ref("a"), siteId: site, start: "2026-10-15", budget: 5 })); // due 10-22
    await run((s) => openClock(s, { ...ref("b"), siteId: site, start: "2026-10-15", budget: 10 })); // due 10-29
    await run((s) => openClock(s, { ...ref("p"), siteId: site, start: "2026-10-15", budget: 5 }));
    await run((s) => pauseClock(s, ref("p"), { from: "2026-10-16", reason: "鉴定" })); // paused: never flagged
  });
  afterAll(async () => env?.close());

  it("flags each clock once per due date, judged on the moved clock", async () => {
    expect(await pass()).toMatchObject({ status: "ok", result: { found: 0, handled: 0 } });
    env.clock.set(beijing("2026-10-20", "09:00")); // a: remaining 2
    failNext = true;
    expect(await pass()).toMatchObject({ status: "failed" }); // the only candidate failed: its flag is undone
    env.clock.advance(60_000);
    expect(await pass()).toMatchObject({ status: "ok", result: { handled: 1 } });
    expect(seen).toEqual(["soon a 2026-10-22"]);
    env.clock.advance(60_000);
    expect(await pass()).toMatchObject({ result: { handled: 0 } }); // once only
    env.clock.set(beijing("2026-10-23", "09:00")); // a overdue; b remaining 4
    expect(await pass()).toMatchObject({ result: { handled: 1 } });
    expect(seen.at(-1)).toBe("overdue a 2026-10-22");
  });

  it("an extension moves the date: the clock is no longer overdue, and is flagged again for its new date", async () => {
    await run((s) => extendClock(s, ref("a"), { days: 3, reason: "需现场核查", approvedBy: "u-director", approvedOn: "2026-10-23" }));
    const a = (await getClock(env.handle.db, systemCtx(env), ref("a"))) as StoredClock;
    expect(a.view).toMatchObject({ dueDate: "2026-10-27", state: "due_soon" });
    env.clock.advance(60_000);
    await pass();
    expect(seen.at(-1)).toBe("soon a 2026-10-27");
    env.clock.set(beijing("2026-10-28", "09:00"));
    await pass();
    expect(seen.filter((x) => x.startsWith("overdue a"))).toEqual(["overdue a 2026-10-22", "overdue a 2026-10-27"]);
    expect(seen).toContain("soon b 2026-10-29");
    expect(seen.some((x) => x.includes(" p "))).toBe(false);
  });
});
