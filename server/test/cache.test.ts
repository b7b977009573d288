import { describe, expect, it } from "vitest";
import { Caches, defineCache } from "../src/platform/cache/cache.js";
import { ManualClock } from "../src/platform/clock.js";
import { createBus } from "../src/platform/events/bus.js";
import { json, setup } from "./helpers.js";

// The platform cache on its own (one instance, the in-process bus); the two-instance behaviour is
// in test/pg/cache-instances.test.ts.
describe("platform cache", () => {
  const def = defineCache<number>("test.numbers", { ttlMs: 1_000, max: 100, dropOn: { "queue.config": (m) => [m.siteId] } });
  const topical = defineCache<number>("test.topical", { ttlMs: 60_000, max: 100, dependsOn: ["test.topic"] });

  it("expires by the injected clock, shares one load among concurrent readers, and keeps no failure", async () => {
    const clock = new ManualClock("2026-12-04T02:00:00.000Z");
    const caches = new Caches(clock, await createBus({}));
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((r) => setTimeout(r, 5));
      return loads;
    };
    expect(await Promise.all([caches.get(def, "k", load), caches.get(def, "k", load), caches.get(def, "k", load)])).toEqual([1, 1, 1]);
    clock.advance(999);
    expect(await caches.get(def, "k", load)).toBe(1);
    clock.advance(2);
    expect(await caches.get(def, "k", load)).toBe(2);
    await expect(caches.get(def, "bad", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await caches.get(def, "bad", async () => 7)).toBe(7);
    // A value `keep` refuses (not found) is not kept.
    expect(
      await caches.get(
        def,
        "none",
        async () => -1,
        (v) => v >= 0,
      ),
    ).toBe(-1);
    expect(
      await caches.get(
        def,
        "none",
        async () => 3,
        (v) => v >= 0,
      ),
    ).toBe(3);
    caches.close();
  });

  it("drops what a declared event names, empties a cache on its topic, and everything after a bus resync", async () => {
    const clock = new ManualClock("2026-12-04T02:00:00.000Z");
    const bus = await createBus({});
    const caches = new Caches(clock, bus);
    await caches.get(def, "site-1", async () => 1);
    await caches.get(def, "site-2", async () => 2);
    await caches.get(topical, "x", async () => 1);
    caches.committed([
      {
        id: 1,
        siteId: "site-1",
        type: "queue.config",
        at: clock.now().toISOString(),
        ticketId: null,
        windowId: null,
        queueId: null,
        data: {},
      },
    ]);
    expect(await caches.get(def, "site-1", async () => 10)).toBe(10);
    expect(await caches.get(def, "site-2", async () => 20)).toBe(2);
    await caches.changed("principals");
    expect(caches.size(topical)).toBe(1);
    await caches.changed("test.topic");
    expect(caches.size(topical)).toBe(0);
    (bus as unknown as { resync(): void }).resync();
    expect(caches.size(def)).toBe(0);
    caches.close();
  });

  it("through HTTP: a settings change is seen at once, and the service's cached settings last until the clock moves", async () => {
    const env = await setup();
    try {
      const site = await env.siteId("zgc-street");
      const manager = await env.login("zgc.manager");
      const get = async () =>
        json((await env.app.inject({ method: "GET", url: `/api/sites/${site}/queue-settings`, headers: { cookie: manager } })).body);
      const s = await get();
      // On PostgreSQL the instance hears its own event back over LISTEN a moment later (and drops
      // the entry once more): wait for it, so the next read is the one that stays cached.
      const echoed = new Promise<void>((resolve) => {
        const off = env.bus.subscribe((m) => {
          if (m.type !== "queue.config") return;
          off();
          resolve();
        });
      });
      const put = await env.app.inject({
        method: "PUT",
        url: `/api/sites/${site}/queue-settings`,
        headers: { cookie: manager },
        payload: { ...s, notifyAhead: 5 },
      });
      expect(put.statusCode).toBe(200);
      expect((await get()).notifyAhead).toBe(5);
      await echoed;
      expect((await get()).notifyAhead).toBe(5);
      await env.handle.db.updateTable("queue_settings").set({ notify_ahead: 8 }).where("site_id", "=", site).execute();
      expect((await get()).notifyAhead).toBe(5);
      env.clock.advance(10_001);
      expect((await get()).notifyAhead).toBe(8);
    } finally {
      await env.close();
    }
  });
});
