import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/platform/clock.js";
import { call, type Instance, login, openSiteWithQueue, startInstances } from "./instances.js";

/** Polls `read` (real time, no fixed sleep) until it returns `want`; returns what it saw last. */
async function eventually<T>(read: () => Promise<T>, want: T, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let seen = await read();
  while (seen !== want && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 10));
    seen = await read();
  }
  return seen;
}

// Two instances on one PostgreSQL database, each with its own caches (platform/cache). The clock
// stands still unless a test moves it, so no entry expires by age: what instance B drops after a
// write on instance A it drops because the change reached it over the event bus.
for (const via of ["postgres", "redis"] as const) {
  describe(`caches across two instances (${via} bus)`, () => {
    const clock = new ManualClock(new Date());
    let env: Awaited<ReturnType<typeof startInstances>>;
    let a: Instance;
    let b: Instance;
    let managerA: string;
    let managerB: string;
    let site: string;
    let queueId: string;

    beforeAll(async () => {
      env = await startInstances(2, via, {}, clock);
      [a, b] = env.instances as [Instance, Instance];
      managerA = await login(a.base, "scjg.manager");
      managerB = await login(b.base, "scjg.manager");
      ({ site, queueId } = await openSiteWithQueue(a.base, managerA, "K"));
    });
    afterAll(() => env?.close());

    const notifyAheadOnB = async () =>
      (await call(b.base, "GET", `/api/sites/${site}/queue-settings`, managerB)).body.notifyAhead as number;

    it("settings: a change on A (its stored queue.config event) drops B's entry; otherwise it lasts 10 s by the clock", async () => {
      // B holds the settings before A changes them, so only the event can make it drop them.
      const held = await notifyAheadOnB();
      expect(held).not.toBe(4);
      const settings = (
        await call(a.base, "PUT", `/api/sites/${site}/queue-settings`, managerA, {
          ...(
            await call(a.base, "GET", `/api/sites/${site}/queue-settings`, managerA)
          ).body,
          notifyAhead: 4,
        })
      ).body;
      expect(await eventually(notifyAheadOnB, 4)).toBe(4);
      // Behind every cache's back: B keeps what it holds while the clock stands still.
      await b.handle.db.updateTable("queue_settings").set({ notify_ahead: 9 }).where("site_id", "=", site).execute();
      expect(await notifyAheadOnB()).toBe(4);
      clock.advance(9_000);
      expect(await notifyAheadOnB()).toBe(4);
      // Past ten seconds by the clock, B reads the database again.
      clock.advance(1_001);
      expect(await notifyAheadOnB()).toBe(9);
      // A write on A, the clock standing still: B drops its entry when the event reaches it.
      expect((await call(a.base, "PUT", `/api/sites/${site}/queue-settings`, managerA, { ...settings, notifyAhead: 6 })).status).toBe(200);
      expect(await eventually(notifyAheadOnB, 6)).toBe(6);
    });

    it("queue names: renaming a queue on A shows on B's tickets at once, not after the 10 s", async () => {
      const issued = await call(a.base, "POST", `/api/sites/${site}/tickets`, managerA, { queueId });
      expect(issued.status).toBe(201);
      const ticketId = issued.body.id as string;
      const nameOnB = async () => (await call(b.base, "GET", `/api/tickets/${ticketId}`, managerB)).body.queueName as string;
      expect(await nameOnB()).toBe("测试K");
      expect((await call(a.base, "PATCH", `/api/sites/${site}/queues/${queueId}`, managerA, { name: "改名K" })).status).toBe(200);
      expect(await eventually(nameOnB, "改名K")).toBe("改名K");
    });

    it("opening hours: closing today on A closes the site on B (no stored event: a cache invalidation on the bus)", async () => {
      const code = (await call(a.base, "GET", `/api/sites/${site}`, managerA)).body.code as string;
      const openOnB = async () => (await call(b.base, "GET", `/api/public/sites/${code}/queues`, "")).body.open as boolean;
      expect(await openOnB()).toBe(true);
      const today = new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      const closed = await call(a.base, "PUT", `/api/sites/${site}/hour-exceptions`, managerA, { date: today, closed: true, note: "测试" });
      expect(closed.status).toBe(200);
      expect(await eventually(openOnB, false)).toBe(false);
    });

    it("sign-ins: disabling an account on A ends its session on B at once (the principals topic)", async () => {
      const staff = await call(a.base, "GET", "/api/staff", managerA);
      const user = staff.body.find((u: { username: string }) => u.username === "scjg.window2");
      const session = await login(b.base, "scjg.window2");
      const meOnB = async () => (await call(b.base, "GET", "/api/auth/me", session)).status;
      expect(await meOnB()).toBe(200);
      expect((await call(a.base, "PATCH", `/api/staff/${user.id}`, managerA, { active: false })).status).toBe(200);
      expect(await eventually(meOnB, 401)).toBe(401);
    });
  });
}
