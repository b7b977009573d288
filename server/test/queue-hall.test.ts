import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";
import { act, callNext, issue, openWindow, queues, windowIds } from "./queue-helpers.js";

// What the hall shows and calls (issue 11, items 1, 2, 4, 5): recalls on the board, the item a
// ticket was taken for on every surface, honest wait estimates, and 依法优先 in the demo.
// The demo clock starts at 2026-11-27T02:00Z: Friday 10:00 in Beijing, during office hours.
describe("the hall: calls, items, estimates, priority", () => {
  let env: TestEnv;
  let site: string;
  let guide: string;
  let staff: string;
  let manager: string;
  let q: Record<string, string>;
  let win: Record<number, string>;
  const w1 = () => win[1] as string;
  beforeAll(async () => {
    env = await setup();
    site = await env.siteId("zgc-street");
    guide = await env.login("zgc.guide");
    staff = await env.login("zgc.window1");
    manager = await env.login("zgc.manager");
    q = await queues(env, guide, site);
    win = await windowIds(env, staff, site);
  });
  afterAll(() => env.close());
  beforeEach(async () => {
    env.clock.set("2026-11-27T02:00:00.000Z");
    await env.app.inject({ method: "POST", url: `/api/sites/${site}/queue/close-day`, headers: { cookie: manager } });
    await openWindow(env, staff, w1());
  });
  const setPriorityEvery = async (priorityEvery: number) => {
    const res = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${site}/queue-settings`,
      headers: { cookie: manager },
      payload: { priorityEvery, minRecalls: 0, recallIntervalSec: 0, alertWaitMin: 30, alertWaiting: 50, notifyAhead: 3 },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const next = async () => {
    const res = await callNext(env, staff, w1());
    expect(res.statusCode, res.body).toBe(200);
    const t = json(res.body) as { id: string; number: string };
    for (const step of ["start", "finish"]) expect((await act(env, staff, w1(), t.id, step)).statusCode).toBe(200);
    return t.id;
  };

  it("names the service item on the ticket, the live page, the print view and the console", async () => {
    const t = await issue(env, guide, site, q.A as string, { itemCode: "DEMO-0007" });
    const name = "社会保障卡申领";
    expect(json((await env.app.inject({ url: `/api/tickets/${t.id}`, headers: { cookie: staff } })).body).itemName).toBe(name);
    expect(json((await env.app.inject({ url: `/api/public/tickets/${t.code}` })).body).itemName).toBe(name);
    const print = json((await env.app.inject({ url: `/api/tickets/${t.id}/print`, headers: { cookie: guide } })).body);
    expect(print.itemName).toBe(name);
    expect(print.queueName).toBe("社会保障");
    const console = json((await env.app.inject({ url: `/api/windows/${w1()}/console`, headers: { cookie: staff } })).body);
    expect(console.waiting.find((x: { id: string }) => x.id === t.id).itemName).toBe(name);
    // A ticket for a queue alone names no item.
    const plain = await issue(env, guide, site, q.A as string);
    expect(json((await env.app.inject({ url: `/api/public/tickets/${plain.code}` })).body).itemName).toBeNull();
  });

  it("marks a priority ticket on the print view", async () => {
    const t = await issue(env, guide, site, q.A as string, { priorityClass: "elderly" });
    const print = json((await env.app.inject({ url: `/api/tickets/${t.id}/print`, headers: { cookie: guide } })).body);
    expect(print).toMatchObject({ priority: true, priorityClass: "elderly" });
  });

  it("puts the queue on a recall's event, so the hall display shows and speaks it again", async () => {
    const t = await issue(env, guide, site, q.A as string);
    expect((await callNext(env, staff, w1())).statusCode).toBe(200);
    expect((await act(env, staff, w1(), t.id, "recall")).statusCode).toBe(200);
    const snap = json((await env.app.inject({ url: `/api/sites/${site}/queue-snapshot`, headers: { cookie: manager } })).body);
    const recall = snap.lastCalls.find((e: { type: string }) => e.type === "ticket.recalled");
    expect(recall.data.queue).toEqual({ id: q.A });
    expect(recall.data.ticket).toMatchObject({ number: t.number, windowNumber: 1, callCount: 2 });
  });

  it("takes a no-show and a transferred ticket off the board", async () => {
    await setPriorityEvery(0);
    const a = await issue(env, guide, site, q.A as string);
    const b = await issue(env, guide, site, q.A as string);
    const c = await issue(env, guide, site, q.A as string);
    expect((await callNext(env, staff, w1())).statusCode).toBe(200);
    expect((await act(env, staff, w1(), a.id, "no-show")).statusCode).toBe(200);
    expect((await callNext(env, staff, w1())).statusCode).toBe(200);
    expect((await act(env, staff, w1(), b.id, "transfer", { queueId: q.B })).statusCode).toBe(200);
    expect((await callNext(env, staff, w1())).statusCode).toBe(200);
    const snap = json((await env.app.inject({ url: `/api/sites/${site}/queue-snapshot`, headers: { cookie: manager } })).body);
    const shown = snap.lastCalls.map((e: { data: { ticket: { number: string } } }) => e.data.ticket.number);
    expect(shown).toEqual([c.number]);
    // The display reads the same calls from its board, with its own token, and nothing for staff only.
    const reg = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/devices`,
      headers: { cookie: manager },
      payload: { kind: "display", name: "大厅屏" },
    });
    const display = { authorization: `Bearer ${json(reg.body).token}` };
    const board = await env.app.inject({ url: `/api/sites/${site}/queue-board`, headers: display });
    expect(board.statusCode, board.body).toBe(200);
    const shownOnBoard = json(board.body);
    expect(shownOnBoard.lastCalls.map((e: { data: { ticket: { number: string } } }) => e.data.ticket.number)).toEqual([c.number]);
    expect(shownOnBoard.queues.find((x: { id: string }) => x.id === q.B).waiting).toBe(1);
    expect(Object.keys(shownOnBoard).sort()).toEqual(["date", "lastCalls", "lastEventId", "queues", "site"]);
  });

  it("estimates the wait from the place alone: 即将叫号 at a free window, nothing invented before a service ends", async () => {
    const first = await issue(env, guide, site, q.A as string);
    const second = await issue(env, guide, site, q.A as string);
    const wait = async (code: string) => json((await env.app.inject({ url: `/api/public/tickets/${code}` })).body).estimatedWaitMin;
    // Window 1 is open and free: the first in line is called at once; the second has no honest estimate yet.
    expect(await wait(first.code)).toBe(0);
    expect(await wait(second.code)).toBeNull();
    // One service of 4 minutes; then every place reads the same whichever ticket holds it.
    const called = json((await callNext(env, staff, w1())).body) as { id: string };
    env.clock.advance(4 * 60_000);
    expect((await act(env, staff, w1(), called.id, "start")).statusCode).toBe(200);
    expect((await act(env, staff, w1(), called.id, "finish")).statusCode).toBe(200);
    const third = await issue(env, guide, site, q.A as string);
    const secondCalled = json((await callNext(env, staff, w1())).body) as { id: string };
    expect(secondCalled.id).toBe(second.id);
    // The window is busy now: the next in line (0 ahead) waits about one service (4 min).
    expect(await wait(third.code)).toBe(4);
    const fourth = await issue(env, guide, site, q.A as string);
    expect(await wait(fourth.code)).toBe(8);
  });

  it("calls an elderly ticket next in line by default, and says so in the settings", async () => {
    const settings = json((await env.app.inject({ url: `/api/sites/${site}/queue-settings`, headers: { cookie: manager } })).body);
    expect(settings.priorityEvery).toBe(0);
    await issue(env, guide, site, q.A as string);
    const elderly = await issue(env, guide, site, q.A as string, { priorityClass: "elderly" });
    await issue(env, guide, site, q.A as string);
    const first = json((await callNext(env, staff, w1())).body);
    expect(first.id).toBe(elderly.id);
  });

  it("keeps a window's priority streak across closing and reopening it", async () => {
    await setPriorityEvery(2);
    const n1 = await issue(env, guide, site, q.A as string);
    const n2 = await issue(env, guide, site, q.A as string);
    const n3 = await issue(env, guide, site, q.A as string);
    const p1 = await issue(env, guide, site, q.A as string, { priorityClass: "elderly" });
    expect(await next()).toBe(n1.id);
    expect((await env.app.inject({ method: "POST", url: `/api/windows/${w1()}/close`, headers: { cookie: staff } })).statusCode).toBe(200);
    await openWindow(env, staff, w1());
    expect(await next()).toBe(n2.id);
    // Two normal tickets since the last priority one: the elderly ticket now, not after n3.
    expect(await next()).toBe(p1.id);
    expect(await next()).toBe(n3.id);
  });

  it("does not let forty early appointment check-ins push an elderly ticket back", async () => {
    await setPriorityEvery(2);
    await issue(env, guide, site, q.A as string);
    for (let i = 0; i < 40; i++) {
      await issue(env, guide, site, q.A as string, { appointmentAt: "2026-11-27T06:00:00.000Z" });
    }
    const elderly = await issue(env, guide, site, q.A as string, { priorityClass: "elderly" });
    // The early check-ins count as normal tickets until their slot. With one priority ticket per two
    // normal ones the elderly ticket comes within three calls, whatever streak the window carries.
    const order = [await next(), await next(), await next()];
    expect(order).toContain(elderly.id);
  });
});
