import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue } from "../src/modules/notifications/outbox.service.js";
import { setup, type TestEnv } from "./helpers.js";
import { issue, queues } from "./queue-helpers.js";

// What used to run on setInterval timers (day end, appointment sweep, outbox pass) now runs as
// scheduled jobs: moving the clock and passing the scheduler does what the timers did.
describe("the former sweepers as scheduled jobs", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup(); // Friday 2026-11-27, 10:00 in Beijing
  });
  afterAll(async () => env?.close());

  it("registers the day end, the appointment sweep and the outbox pass", () => {
    expect(env.app.scheduler.registered()).toEqual(
      expect.arrayContaining([
        { name: "queue.day_end", schedule: "every 60000 ms" },
        { name: "appointments.sweep", schedule: "every 60000 ms" },
        { name: "notifications.outbox", schedule: "every 2000 ms" },
      ]),
    );
  });

  it("closes the day's open tickets once the site has closed, not before", async () => {
    const site = await env.siteId("zgc-street");
    const guide = await env.login("zgc.guide");
    const q = await queues(env, guide, site);
    const t = await issue(env, guide, site, q.A as string);
    const state = async () =>
      (await env.handle.db.selectFrom("tickets").select("state").where("id", "=", t.id).executeTakeFirstOrThrow()).state;
    let out = await env.app.scheduler.runDue();
    expect(out.find((o) => o.name === "queue.day_end")).toMatchObject({ status: "ok", result: { closed: 0 } });
    expect(await state()).toBe("waiting");
    env.clock.set("2026-11-27T09:01:00.000Z"); // 17:01, after closing
    out = await env.app.scheduler.runDue();
    const dayEnd = out.find((o) => o.name === "queue.day_end");
    expect(dayEnd?.status).toBe("ok");
    expect((dayEnd?.result as { closed: number } | undefined)?.closed).toBeGreaterThanOrEqual(1);
    expect(await state()).toBe("closed_unserved");
  });

  it("sends a queued message at the outbox job's next pass", async () => {
    const id = await enqueue(env.handle.db, env.clock, {
      siteId: null,
      channel: "sms",
      recipient: "13800000000",
      kind: "confirmation",
      subject: "s",
      body: "预约成功",
    });
    const msgState = async () =>
      (await env.handle.db.selectFrom("outbox").select("state").where("id", "=", id).executeTakeFirstOrThrow()).state;
    expect(await msgState()).toBe("pending");
    env.clock.advance(2_000);
    const out = await env.app.scheduler.runDue();
    expect(out.find((o) => o.name === "notifications.outbox")).toMatchObject({ status: "ok" });
    expect(await msgState()).toBe("sent");
  });
});
