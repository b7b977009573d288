import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDay } from "../src/modules/queue/dayend.service.js";
import { databaseFileStore } from "../src/platform/files/backends.js";
import { json, setup, type TestEnv, testIdNumber } from "./helpers.js";
import { act, callNext, issue, onlineTicket, openWindow, queues, smsCode, windowIds } from "./queue-helpers.js";

// The demo clock starts at 2026-11-27T02:00Z: Friday 10:00 in Beijing, during office hours.
describe("queue and calling", () => {
  let env: TestEnv;
  let site: string;
  let guide: string;
  let w1: string;
  let q: Record<string, string>;
  let win: Record<number, string>;
  beforeAll(async () => {
    env = await setup();
    site = await env.siteId("zgc-street");
    guide = await env.login("zgc.guide");
    w1 = await env.login("zgc.window1");
    q = await queues(env, guide, site);
    win = await windowIds(env, w1, site);
  });
  afterAll(() => env.close());
  beforeEach(async () => {
    // Every case starts from an empty hall at 10:00 with window 1 open: close what the last one left.
    env.clock.set("2026-11-27T02:00:00.000Z");
    await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/queue/close-day`,
      headers: { cookie: await env.login("zgc.manager") },
    });
    guide = await env.login("zgc.guide");
    w1 = await env.login("zgc.window1");
    await openWindow(env, w1, win[1] as string);
  });

  it("numbers tickets per queue and day: A001, A002, then B001", async () => {
    const a1 = await issue(env, guide, site, q.A as string);
    const a2 = await issue(env, guide, site, q.A as string);
    const b1 = await issue(env, guide, site, q.B as string);
    expect([a1.number, a2.number, b1.number]).toEqual([
      expect.stringMatching(/^A\d{3}$/),
      expect.stringMatching(/^A\d{3}$/),
      expect.stringMatching(/^B\d{3}$/),
    ]);
    expect(Number(a2.number.slice(1))).toBe(Number(a1.number.slice(1)) + 1);
    env.clock.set("2026-11-30T01:30:00.000Z"); // Monday 09:30: numbering starts again
    expect((await issue(env, await env.login("zgc.guide"), site, q.A as string)).number).toBe("A001");
  });

  it("refuses tickets outside office hours and says when the site opens", async () => {
    env.clock.set("2026-11-28T02:00:00.000Z"); // Saturday
    guide = await env.login("zgc.guide");
    const res = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/tickets`,
      headers: { cookie: guide },
      payload: { queueId: q.A },
    });
    expect(res.statusCode).toBe(409);
    const p = json(res.body);
    expect(p.code).toBe("site_closed");
    expect(p.message.zh).toContain("2026-11-30 09:00");
    env.clock.set("2026-10-01T02:00:00.000Z"); // National Day, a Thursday
    guide = await env.login("zgc.guide");
    expect(
      json(
        (await env.app.inject({ method: "POST", url: `/api/sites/${site}/tickets`, headers: { cookie: guide }, payload: { queueId: q.A } }))
          .body,
      ).message.zh,
    ).toContain("2026-10-08 09:00");
  });

  it("runs a ticket through call, recall, start and finish, recording who, where and when", async () => {
    const t = await issue(env, guide, site, q.A as string, {
      applicantName: "张三",
      applicantPhone: "13812345678",
      applicantIdNumber: "110101199001011237",
    });
    const called = json((await callNext(env, w1, win[1] as string)).body);
    expect(called).toMatchObject({ id: t.id, state: "called", windowNumber: 1, callCount: 1 });
    env.clock.advance(20_000);
    expect(json((await act(env, w1, win[1] as string, t.id, "recall")).body).callCount).toBe(2);
    env.clock.advance(40_000);
    expect(json((await act(env, w1, win[1] as string, t.id, "start")).body).state).toBe("serving");
    env.clock.advance(5 * 60_000);
    const done = json((await act(env, w1, win[1] as string, t.id, "finish")).body);
    expect(done).toMatchObject({ state: "done", staffUserId: expect.any(String) });
    expect(Date.parse(done.finishedAt) - Date.parse(done.startedAt)).toBe(5 * 60_000);
    const ev = await env.handle.db.selectFrom("events").select(["type", "window_id"]).where("ticket_id", "=", t.id).orderBy("id").execute();
    expect(ev.map((e) => e.type)).toEqual(["ticket.issued", "ticket.called", "ticket.recalled", "ticket.started", "ticket.finished"]);
  });

  it("allows a no-show only after the configured recalls and interval", async () => {
    const t = await issue(env, guide, site, q.A as string);
    await callNext(env, w1, win[1] as string);
    const early = await act(env, w1, win[1] as string, t.id, "no-show");
    expect(early.statusCode).toBe(409);
    expect(json(early.body).code).toBe("no_show_too_early");
    for (let i = 0; i < 2; i++) {
      env.clock.advance(31_000);
      await act(env, w1, win[1] as string, t.id, "recall");
    }
    expect((await act(env, w1, win[1] as string, t.id, "no-show")).statusCode).toBe(409);
    env.clock.advance(31_000);
    expect(json((await act(env, w1, win[1] as string, t.id, "no-show")).body).state).toBe("no_show");
  });

  it("a double click on call next calls one person, never two", async () => {
    await issue(env, guide, site, q.A as string);
    await issue(env, guide, site, q.A as string);
    const both = await Promise.all([callNext(env, w1, win[1] as string), callNext(env, w1, win[1] as string)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const atWindow = await env.handle.db
      .selectFrom("tickets")
      .select("number")
      .where("window_id", "=", win[1] as string)
      .where("state", "=", "called")
      .execute();
    expect(atWindow).toHaveLength(1);
  });

  it("refuses to call the next while a ticket is still at the window", async () => {
    const t = await issue(env, guide, site, q.A as string);
    await issue(env, guide, site, q.A as string);
    await callNext(env, w1, win[1] as string);
    const busy = await callNext(env, w1, win[1] as string);
    expect(json(busy.body).code).toBe("window_busy");
    await act(env, w1, win[1] as string, t.id, "start");
    await act(env, w1, win[1] as string, t.id, "finish");
    expect((await callNext(env, w1, win[1] as string)).statusCode).toBe(200);
  });

  it("transfers to another queue keeping the arrival time and the referrer, and to a named window", async () => {
    const t = await issue(env, guide, site, q.A as string);
    env.clock.advance(60_000);
    const later = await issue(env, guide, site, q.B as string);
    await callNext(env, w1, win[1] as string);
    const moved = json((await act(env, w1, win[1] as string, t.id, "transfer", { queueId: q.B, reason: "需民政窗口办理" })).body);
    expect(moved).toMatchObject({ state: "waiting", queueId: q.B, number: t.number, arrivedAt: t.arrivedAt, transferCount: 1 });
    // Window 3 serves B: the transferred ticket keeps its place, before the ticket that came later.
    const w3user = await env.login("zgc.window2");
    await openWindow(env, w3user, win[3] as string);
    expect(json((await callNext(env, w3user, win[3] as string)).body).id).toBe(t.id);
    const audit = json(
      (await env.app.inject({ url: `/api/audit?entityId=${t.id}`, headers: { cookie: await env.login("zgc.manager") } })).body,
    );
    expect(audit[0]).toMatchObject({ action: "ticket.transfer", after: { reason: "需民政窗口办理" } });
    // To a named window: only that window calls it, ahead of its queues.
    const named = json((await act(env, w3user, win[3] as string, t.id, "transfer", { windowId: win[1] })).body);
    expect(named.targetWindowId).toBe(win[1]);
    expect(json((await callNext(env, w1, win[1] as string)).body).id).toBe(t.id);
    // Window 3 goes on with its own queue: the B ticket that came later.
    expect(json((await callNext(env, w3user, win[3] as string)).body).id).toBe(later.id);
    await act(env, w3user, win[3] as string, later.id, "start");
    await act(env, w3user, win[3] as string, later.id, "finish");
    await env.app.inject({ method: "POST", url: `/api/windows/${win[3]}/close`, headers: { cookie: w3user } });
  });

  it("calls a specific ticket out of order only with a reason, and audits it", async () => {
    await issue(env, guide, site, q.A as string);
    const second = await issue(env, guide, site, q.A as string);
    const noReason = await env.app.inject({
      method: "POST",
      url: `/api/windows/${win[1]}/call`,
      headers: { cookie: w1 },
      payload: { ticketId: second.id },
    });
    expect(noReason.statusCode).toBe(400);
    const ok = await env.app.inject({
      method: "POST",
      url: `/api/windows/${win[1]}/call`,
      headers: { cookie: w1 },
      payload: { ticketId: second.id, reason: "老人行动不便" },
    });
    expect(json(ok.body).id).toBe(second.id);
    const audit = json(
      (await env.app.inject({ url: `/api/audit?entityId=${second.id}`, headers: { cookie: await env.login("zgc.manager") } })).body,
    );
    expect(audit[0]).toMatchObject({ action: "ticket.call_out_of_order", after: { reason: "老人行动不便" } });
  });

  it("parks a ticket and brings it back", async () => {
    const t = await issue(env, guide, site, q.A as string);
    await callNext(env, w1, win[1] as string);
    await act(env, w1, win[1] as string, t.id, "start");
    expect(json((await act(env, w1, win[1] as string, t.id, "park", { reason: "回家取户口本" })).body).state).toBe("parked");
    const other = await issue(env, guide, site, q.A as string);
    expect(json((await callNext(env, w1, win[1] as string)).body).id).toBe(other.id);
    await act(env, w1, win[1] as string, other.id, "start");
    await act(env, w1, win[1] as string, other.id, "finish");
    expect(json((await act(env, w1, win[1] as string, t.id, "resume")).body).state).toBe("serving");
    expect(json((await act(env, w1, win[1] as string, t.id, "finish")).body).state).toBe("done");
  });

  it("enforces the daily cap without gaps, and the per-person limit by ID number", async () => {
    const manager = await env.login("zgc.manager");
    const res = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/queues`,
      headers: { cookie: manager },
      payload: { prefix: "X", name: "限号测试", dailyCap: 2, perPersonLimit: 1 },
    });
    const qx = json(res.body).id as string;
    await issue(env, guide, site, qx, { applicantIdNumber: "11010119880505123x" });
    const twice = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/tickets`,
      headers: { cookie: guide },
      payload: { queueId: qx, applicantIdNumber: "11010119880505123X" },
    });
    expect(json(twice.body).code).toBe("person_limit_reached");
    await issue(env, guide, site, qx);
    const full = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/tickets`,
      headers: { cookie: guide },
      payload: { queueId: qx },
    });
    expect(json(full.body).code).toBe("daily_cap_reached");
    await env.app.inject({
      method: "PATCH",
      url: `/api/sites/${site}/queues/${qx}`,
      headers: { cookie: manager },
      payload: { dailyCap: 3 },
    });
    expect((await issue(env, guide, site, qx)).number).toBe("X003");
  });

  it("an old ticket left over from an earlier day never closes today's windows at midday", async () => {
    const t = await issue(env, guide, site, q.A as string);
    await callNext(env, w1, win[1] as string);
    await act(env, w1, win[1] as string, t.id, "start");
    await act(env, w1, win[1] as string, t.id, "park", { reason: "等材料" });
    // Next working day, 10:00: the sweeper closes Friday's parked ticket, and window 1 (reopened) must stay open.
    env.clock.set("2026-11-30T02:00:00.000Z");
    const staff = await env.login("zgc.window1");
    const manager = await env.login("zgc.manager");
    await env.app.inject({ method: "POST", url: `/api/windows/${win[1]}/open`, headers: { cookie: staff } });
    // What the minute sweeper does on every instance.
    await closeDay(
      {
        db: env.handle.db,
        dialect: env.handle.dialect,
        clock: env.clock,
        principal: null,
        requestId: "sweep",
        bus: env.bus,
        files: databaseFileStore,
        caches: env.app.caches,
      },
      site,
    );
    const snap = json((await env.app.inject({ url: `/api/sites/${site}/queue-snapshot`, headers: { cookie: manager } })).body);
    expect(snap.windows.find((w: { number: number }) => w.number === 1).state).toBe("open");
    const left = await env.handle.db.selectFrom("tickets").select("state").where("id", "=", t.id).executeTakeFirstOrThrow();
    expect(left.state).toBe("closed_unserved");
  });

  it("closes what is left at day end as unserved, and counts it", async () => {
    await issue(env, guide, site, q.C as string);
    await issue(env, guide, site, q.C as string);
    env.clock.set("2026-11-27T09:01:00.000Z"); // 17:01, after closing
    const closed = json(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/sites/${site}/queue/close-day`,
          headers: { cookie: await env.login("zgc.manager") },
        })
      ).body,
    );
    expect(closed.closed).toBeGreaterThanOrEqual(2);
    const stats = json(
      (await env.app.inject({ url: `/api/sites/${site}/queue-stats?date=2026-11-27`, headers: { cookie: await env.login("zgc.manager") } }))
        .body,
    );
    expect(stats.byQueue.find((r: { key: string }) => r.key === q.C).closedUnserved).toBeGreaterThanOrEqual(2);
  });

  it("lets the kiosk issue but not serve, and keeps personal data off public surfaces", async () => {
    const manager = await env.login("zgc.manager");
    const kiosk = json(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/sites/${site}/devices`,
          headers: { cookie: manager },
          payload: { kind: "kiosk", name: "取号机" },
        })
      ).body,
    );
    const auth = { authorization: `Bearer ${kiosk.token}` };
    const res = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/tickets`,
      headers: auth,
      payload: {
        queueId: q.A,
        applicantName: "李四",
        applicantPhone: "13900001111",
        applicantIdNumber: "110101198001011232",
        priorityClass: "elderly",
      },
    });
    expect(json(res.body).channel).toBe("kiosk");
    const t = json(res.body);
    expect((await env.app.inject({ method: "POST", url: `/api/windows/${win[1]}/call-next`, headers: auth })).statusCode).toBe(403);
    // Applicants' data stays with staff: a kiosk reads neither a ticket in full nor a window's list, nor cancels.
    expect((await env.app.inject({ url: `/api/tickets/${t.id}`, headers: auth })).statusCode).toBe(403);
    expect((await env.app.inject({ url: `/api/windows/${win[1]}/console`, headers: auth })).statusCode).toBe(403);
    expect((await env.app.inject({ method: "POST", url: `/api/tickets/${t.id}/cancel`, headers: auth })).statusCode).toBe(403);
    const print = json((await env.app.inject({ url: `/api/tickets/${t.id}/print`, headers: auth })).body);
    expect(print).toMatchObject({ applicantName: "李*", applicantPhone: "139****1111", applicantIdNumber: "110101********1232" });
    const pub = (await env.app.inject({ url: `/api/public/tickets/${t.code}` })).body;
    expect(pub).not.toContain("李四");
    expect(pub).not.toContain("13900001111");
    const events = await env.handle.db.selectFrom("events").select("payload").where("ticket_id", "=", t.id).execute();
    expect(JSON.stringify(events)).not.toMatch(/李四|13900001111|110101198001011232/);
    const audit = json((await env.app.inject({ url: `/api/audit?entityId=${t.id}`, headers: { cookie: manager } })).body);
    expect(audit[0]).toMatchObject({ action: "ticket.priority_declared", actorKind: "device", after: { priorityClass: "elderly" } });
  });

  it("refuses a queue of another site, even one this server has just used", async () => {
    const other = await env.siteId("xyl-street");
    const xyl = await env.login("xyl.manager");
    const otherQueue = (
      json((await env.app.inject({ url: `/api/sites/${other}/queues`, headers: { cookie: xyl } })).body) as { id: string }[]
    )[0]?.id;
    // Use it at its own site first, so it is cached.
    await env.app.inject({
      method: "PUT",
      url: `/api/sites/${other}/hour-exceptions`,
      headers: { cookie: xyl },
      payload: { date: "2026-11-27", closed: false, opens: "00:00", closes: "23:59" },
    });
    expect(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/sites/${other}/tickets`,
          headers: { cookie: xyl },
          payload: { queueId: otherQueue },
        })
      ).statusCode,
    ).toBe(201);
    const res = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/tickets`,
      headers: { cookie: guide },
      payload: { queueId: otherQueue },
    });
    expect(res.statusCode).toBe(404);
  });

  it("holds the per-person limits against parallel requests", async () => {
    const phone = "13800005555";
    const code = await smsCode(env, phone);
    const online = await Promise.all(
      Array.from({ length: 5 }, () =>
        onlineTicket(env, "zgc-street", { queueId: q.C, applicantName: "并发", applicantPhone: phone }, code),
      ),
    );
    expect(online.filter((r) => r.statusCode === 201)).toHaveLength(1);
    const byId = await Promise.all(
      Array.from({ length: 5 }, () =>
        env.app.inject({
          method: "POST",
          url: `/api/sites/${site}/tickets`,
          headers: { cookie: guide },
          payload: { queueId: q.A, applicantIdNumber: "110101199202021239" },
        }),
      ),
    );
    expect(byId.filter((r) => r.statusCode === 201)).toHaveLength(3); // queue A allows 3 a day per ID
    const numbers = byId.filter((r) => r.statusCode === 201).map((r) => Number(json(r.body).number.slice(1)));
    expect(Math.max(...numbers) - Math.min(...numbers)).toBe(2); // refusals left no gaps
  });

  it("takes remote tickets online, limited per mobile, and lets the holder cancel", async () => {
    const r = await onlineTicket(env, "zgc-street", { queueId: q.B, applicantName: "王五", applicantPhone: "13700002222" });
    expect(r.statusCode).toBe(201);
    const t = json(r.body);
    expect(t).toMatchObject({ state: "waiting", queueName: "民政服务" });
    expect(r.body).not.toContain("王五");
    const again = await onlineTicket(env, "zgc-street", {
      queueId: q.B,
      applicantName: "王五",
      applicantPhone: "13700002222",
      applicantIdNumber: testIdNumber(7001),
    });
    expect(json(again.body).code).toBe("person_limit_reached");
    expect((await env.app.inject({ method: "POST", url: `/api/public/tickets/${t.code}/cancel` })).statusCode).toBe(204);
    expect(json((await env.app.inject({ url: `/api/public/tickets/${t.code}` })).body).state).toBe("cancelled");
  });

  it("shows a manager the live view with alerts when waits or crowds pass the thresholds", async () => {
    const manager = await env.login("zgc.manager");
    await env.app.inject({
      method: "PUT",
      url: `/api/sites/${site}/queue-settings`,
      headers: { cookie: manager },
      payload: { priorityEvery: 2, minRecalls: 2, recallIntervalSec: 30, alertWaitMin: 30, alertWaiting: 3, notifyAhead: 3 },
    });
    for (let i = 0; i < 3; i++) await issue(env, guide, site, q.B as string);
    env.clock.advance(31 * 60_000);
    const snap = json((await env.app.inject({ url: `/api/sites/${site}/queue-snapshot`, headers: { cookie: manager } })).body);
    const b = snap.queues.find((x: { id: string }) => x.id === q.B);
    expect(b.waiting).toBe(3);
    expect(b.longestWaitMin).toBeGreaterThanOrEqual(31);
    const kinds = snap.alerts
      .filter((a: { queueId: string }) => a.queueId === q.B)
      .map((a: { kind: string }) => a.kind)
      .sort();
    expect(kinds).toEqual(["crowded", "long_wait"]);
    expect(snap.windows.find((w: { number: number }) => w.number === 1)).toMatchObject({
      state: "open",
      staffName: "张伟",
      post: "primary",
    });
  });

  it("dispatch: a manager reassigns a window's queues and the next call follows", async () => {
    const manager = await env.login("zgc.manager");
    const b = await issue(env, guide, site, q.B as string);
    const none = await callNext(env, w1, win[1] as string); // window 1 serves A and C only
    expect(json(none.body).code).toBe("no_waiting_ticket");
    const d = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${site}/windows/${win[1]}/queues`,
      headers: { cookie: manager },
      payload: { queueIds: [q.B, q.A] },
    });
    expect(d.statusCode).toBe(200);
    expect(json((await callNext(env, w1, win[1] as string)).body).id).toBe(b.id);
    await env.app.inject({
      method: "PUT",
      url: `/api/sites/${site}/windows/${win[1]}/queues`,
      headers: { cookie: manager },
      payload: { queueIds: [q.A, q.C] },
    });
    const staffOnly = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${site}/windows/${win[1]}/queues`,
      headers: { cookie: w1 },
      payload: { queueIds: [q.A] },
    });
    expect(staffOnly.statusCode).toBe(403);
  });

  it("a window is one person's: another cannot act at it, and the records show A or B post", async () => {
    const w2 = await env.login("zgc.window2");
    const taken = await env.app.inject({ method: "POST", url: `/api/windows/${win[1]}/open`, headers: { cookie: w2 } });
    expect(json(taken.body).code).toBe("window_taken");
    expect(json((await callNext(env, w2, win[1] as string)).body).code).toBe("window_taken");
    // zgc.window2 is the backup (B post) of window 1 and the primary of window 2.
    expect((await openWindow(env, w2, win[2] as string)).post).toBe("primary");
    await env.app.inject({ method: "POST", url: `/api/windows/${win[2]}/close`, headers: { cookie: w2 } });
    const paused = json(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/windows/${win[1]}/pause`,
          headers: { cookie: w1 },
          payload: { reason: "午间休息" },
        })
      ).body,
    );
    expect(paused).toMatchObject({ state: "paused", pauseReason: "午间休息" });
    expect(json((await callNext(env, w1, win[1] as string)).body).code).toBe("window_paused");
    await env.app.inject({ method: "POST", url: `/api/windows/${win[1]}/resume`, headers: { cookie: w1 } });
  });

  it("the waiting count that events carry stays equal to the real line through every kind of move", async () => {
    const manager = await env.login("zgc.manager");
    const a = await issue(env, guide, site, q.A as string);
    const b = await issue(env, guide, site, q.A as string);
    await issue(env, guide, site, q.C as string);
    await env.app.inject({ method: "POST", url: `/api/tickets/${b.id}/cancel`, headers: { cookie: guide } });
    await callNext(env, w1, win[1] as string);
    await act(env, w1, win[1] as string, a.id, "transfer", { queueId: q.C });
    const lastOf = async (queueId: string) => {
      const rows = await env.handle.db
        .selectFrom("events")
        .select("payload")
        .where("queue_id", "=", queueId)
        .where("type", "like", "ticket.%")
        .orderBy("id", "desc")
        .limit(1)
        .execute();
      return (JSON.parse(rows[0]?.payload ?? "{}") as { queue: { waiting: number } }).queue.waiting;
    };
    const snap = json((await env.app.inject({ url: `/api/sites/${site}/queue-snapshot`, headers: { cookie: manager } })).body);
    for (const id of [q.A, q.C] as string[]) {
      expect(await lastOf(id), id).toBe(snap.queues.find((x: { id: string }) => x.id === id).waiting);
    }
    expect(snap.queues.find((x: { id: string }) => x.id === q.C).waiting).toBe(2);
  });

  it("exports the day's statistics as a workbook", async () => {
    const manager = await env.login("zgc.manager");
    const t = await issue(env, guide, site, q.A as string);
    await callNext(env, w1, win[1] as string);
    await act(env, w1, win[1] as string, t.id, "start");
    env.clock.advance(4 * 60_000);
    await act(env, w1, win[1] as string, t.id, "finish");
    const res = await env.app.inject({ url: `/api/sites/${site}/queue-stats.xlsx?date=2026-11-27`, headers: { cookie: manager } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("按窗口 By window");
    const row = ws?.getRows(2, 10)?.find((r) => String(r.getCell(1).value).startsWith("1号"));
    expect(Number(row?.getCell(3).value)).toBeGreaterThanOrEqual(1);
  });
});
