import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";
import { act, callNext, issue, openWindow, queues, windowIds } from "./queue-helpers.js";
import { ofType, SseClient } from "./sse.js";

describe("real-time streams", () => {
  let env: TestEnv;
  let base: string;
  let site: string;
  let manager: string;
  let guide: string;
  let w1: string;
  let q: Record<string, string>;
  let win: Record<number, string>;
  beforeAll(async () => {
    env = await setup({ env: { STREAM_HEARTBEAT_MS: "200" } });
    // Real time here: streams run over a listening server, and the clock must not expire sessions.
    base = await env.app.listen({ port: 0, host: "127.0.0.1" });
    site = await env.siteId("zgc-street");
    manager = await env.login("zgc.manager");
    guide = await env.login("zgc.guide");
    w1 = await env.login("zgc.window1");
    q = await queues(env, guide, site);
    win = await windowIds(env, w1, site);
    await openWindow(env, w1, win[1] as string);
  });
  afterAll(() => env.close());

  it("pushes a call to a display in one hop, with the new state and no personal data", async () => {
    const kiosk = json(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/sites/${site}/devices`,
          headers: { cookie: manager },
          payload: { kind: "display", name: "大厅屏" },
        })
      ).body,
    );
    const display = await SseClient.open(`${base}/api/sites/${site}/events`, { authorization: `Bearer ${kiosk.token}` });
    const t = await issue(env, guide, site, q.A as string, { applicantName: "赵六", applicantPhone: "13611112222" });
    await callNext(env, w1, win[1] as string);
    const e = await display.next(ofType("ticket.called", t.number));
    expect(display.status).toBe(200);
    expect(e.data).toMatchObject({ type: "ticket.called", data: { ticket: { number: t.number, windowNumber: 1, state: "called" } } });
    expect(JSON.stringify(display.events)).not.toMatch(/赵六|13611112222/);
    await act(env, w1, win[1] as string, t.id, "start");
    await act(env, w1, win[1] as string, t.id, "finish");
    await display.next(ofType("ticket.finished", t.number));
    await display.close();
  });

  it("a screen that drops and reconnects with Last-Event-ID misses nothing", async () => {
    const first = await SseClient.open(`${base}/api/sites/${site}/events`, { cookie: manager });
    const a = await issue(env, guide, site, q.A as string);
    const seen = await first.next(ofType("ticket.issued", a.number));
    await first.close();
    // While disconnected: three more things happen.
    const b = await issue(env, guide, site, q.A as string);
    await callNext(env, w1, win[1] as string);
    const c = await issue(env, guide, site, q.B as string);
    const again = await SseClient.open(`${base}/api/sites/${site}/events`, { cookie: manager, "last-event-id": String(seen.id) });
    await again.next(ofType("ticket.issued", c.number));
    const types = again.events.map((e) => `${e.event}:${(e.data as { data: { ticket?: { number: string } } }).data.ticket?.number}`);
    expect(types).toEqual([`ticket.issued:${b.number}`, `ticket.called:${a.number}`, `ticket.issued:${c.number}`]);
    const ids = again.events.map((e) => e.id as number);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect(ids[0]).toBeGreaterThan(seen.id as number);
    await again.close();
    await act(env, w1, win[1] as string, a.id, "start");
    await act(env, w1, win[1] as string, a.id, "finish");
  });

  it("a window stream gets its own queues' events and not others'", async () => {
    const stream = await SseClient.open(`${base}/api/windows/${win[3]}/events`, { cookie: manager }); // window 3 serves B only
    const a = await issue(env, guide, site, q.A as string);
    const b = await issue(env, guide, site, q.B as string);
    await stream.next(ofType("ticket.issued", b.number));
    expect(stream.events.some(ofType("ticket.issued", a.number))).toBe(false);
    await stream.close();
  });

  it("tells a ticket holder their place as the line moves, and when they are called", async () => {
    // Drain what earlier cases left, so the line is known.
    for (;;) {
      const r = await callNext(env, w1, win[1] as string);
      if (r.statusCode !== 200) break;
      const id = json(r.body).id;
      await act(env, w1, win[1] as string, id, "start");
      await act(env, w1, win[1] as string, id, "finish");
    }
    const first = await issue(env, guide, site, q.A as string);
    const second = await issue(env, guide, site, q.A as string);
    const mine = await issue(env, guide, site, q.A as string);
    const holder = await SseClient.open(`${base}/api/public/tickets/${mine.code}/events`);
    const initial = await holder.next((e) => e.event === "ticket");
    expect(initial.data).toMatchObject({ number: mine.number, state: "waiting", peopleAhead: 2 });
    await callNext(env, w1, win[1] as string);
    expect((await holder.next((e) => e.event === "position" && (e.data as { peopleAhead: number }).peopleAhead === 1)).data).toMatchObject({
      peopleAhead: 1,
    });
    for (const t of [first, second]) {
      if (t !== first) await callNext(env, w1, win[1] as string);
      await act(env, w1, win[1] as string, t.id, "start");
      await act(env, w1, win[1] as string, t.id, "finish");
    }
    await callNext(env, w1, win[1] as string);
    const called = await holder.next((e) => e.event === "ticket" && (e.data as { state: string }).state === "called");
    expect(called.data).toMatchObject({ state: "called", windowNumber: 1 });
    // Sent on to another queue: the page follows it there.
    await act(env, w1, win[1] as string, mine.id, "transfer", { queueId: q.B });
    const moved = await holder.next((e) => e.event === "ticket" && (e.data as { queueName: string }).queueName === "民政服务");
    expect(moved.data).toMatchObject({ state: "waiting", number: mine.number });
    // Closing time: the holder is told the ticket was closed unserved.
    await env.app.inject({ method: "POST", url: `/api/sites/${site}/queue/close-day`, headers: { cookie: manager } });
    const closed = await holder.next((e) => e.event === "ticket" && (e.data as { state: string }).state === "closed_unserved");
    expect(closed.data).toMatchObject({ number: mine.number });
    await holder.close();
  });

  it("ignores a Last-Event-ID no event can have, instead of freezing the stream", async () => {
    const odd = await SseClient.open(`${base}/api/sites/${site}/events`, { cookie: manager, "last-event-id": "99999999999999999999" });
    const t = await issue(env, guide, site, q.B as string);
    await odd.next(ofType("ticket.issued", t.number));
    await odd.close();
    expect(
      (await env.app.inject({ url: `/api/sites/${site}/events?lastEventId=99999999999999999999`, headers: { cookie: manager } }))
        .statusCode,
    ).toBe(400);
  });

  it("ends the stream of a display whose device is revoked", async () => {
    const d = json(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/sites/${site}/devices`,
          headers: { cookie: manager },
          payload: { kind: "display", name: "二楼屏" },
        })
      ).body,
    );
    const display = await SseClient.open(`${base}/api/sites/${site}/events`, { authorization: `Bearer ${d.token}` });
    expect(display.status).toBe(200);
    await env.app.inject({ method: "POST", url: `/api/sites/${site}/devices/${d.id}/revoke`, headers: { cookie: manager } });
    const ended = await Promise.race([display.ended.then(() => "ended"), new Promise((r) => setTimeout(() => r("still open"), 3000))]);
    expect(ended).toBe("ended");
  });

  it("refuses a stream to anonymous callers and to other sites' staff", async () => {
    const anon = await SseClient.open(`${base}/api/sites/${site}/events`);
    const other = await SseClient.open(`${base}/api/sites/${site}/events`, { cookie: await env.login("xyl.manager") });
    await new Promise((r) => setTimeout(r, 300));
    expect(anon.status).toBe(401);
    expect(other.status).toBe(403);
    await anon.close();
    await other.close();
  });
});
