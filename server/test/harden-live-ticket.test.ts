import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";
import { act, callNext, issue, openWindow, queues, windowIds } from "./queue-helpers.js";

/**
 * Issue 10, item 5: an anonymous live-ticket read must cost the same at the end of a busy day as
 * at its start. The wait estimate's mean service time came from reading the site's whole day,
 * again after every finished service; now it comes from the queue's day totals (one row), kept
 * as each ticket finishes.
 */
describe("the live-ticket answer at the end of a busy day", () => {
  let env: TestEnv;
  const dayReads: string[] = [];
  let counting = false;
  beforeAll(async () => {
    env = await setup({
      onQuery: (sql) => {
        // The site's whole day (repo.ticketsOfDay) and any other read of tickets by day alone.
        if (counting && /from "tickets" where "origin_queue_id" in \(select "id" from "queues"/.test(sql)) dayReads.push(sql);
      },
    });
  });
  afterAll(() => env.close());

  it("never reads the day's tickets, however many services finish between polls, and the mean stays right", async () => {
    const guide = await env.login("zgc.guide");
    const staff = await env.login("zgc.window1");
    const site = await env.siteId("zgc-street");
    const q = await queues(env, guide, site);
    const w1 = (await windowIds(env, staff, site))[1] as string;
    await openWindow(env, staff, w1);
    const tickets = [];
    for (let i = 0; i < 30; i++) tickets.push(await issue(env, guide, site, q.A as string));
    const last = tickets[tickets.length - 1]?.code as string;
    const poll = async () => {
      counting = true;
      const res = await env.app.inject({ url: `/api/public/tickets/${last}` });
      counting = false;
      expect(res.statusCode).toBe(200);
      return json(res.body).estimatedWaitMin as number | null;
    };
    // Services of 2, 4, 6, 8 minutes, each followed by polls: the mean is 5 min at the end.
    for (const minutes of [2, 4, 6, 8]) {
      const called = json((await callNext(env, staff, w1)).body) as { id: string };
      expect((await act(env, staff, w1, called.id, "start")).statusCode).toBe(200);
      env.clock.advance(minutes * 60_000);
      expect((await act(env, staff, w1, called.id, "finish")).statusCode).toBe(200);
      for (let i = 0; i < 5; i++) await poll();
    }
    expect(dayReads).toEqual([]);
    // 25 ahead, one open window, free: (25 − 1 + 1) × 5 min.
    expect(await poll()).toBe(125);
  });
});
