import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { type DbHandle, migrate, openDatabase } from "../../src/db/index.js";
import { ManualClock } from "../../src/platform/clock.js";
import { createBus, type EventBus } from "../../src/platform/events/bus.js";
import type { JobOutcome } from "../../src/platform/scheduler/scheduler.js";
import { seed } from "../../src/seed/seed.js";
import { freshDatabase } from "../helpers.js";

// Two server instances on one PostgreSQL database, as behind a load balancer, each with its own
// pool and scheduler: a due job runs on exactly one of them, however often both pass at once.
describe("one scheduler across two instances", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  const clock = new ManualClock("2026-12-03T02:00:30.000Z");
  const apps: { app: App; bus: EventBus; handle: DbHandle }[] = [];
  const runs: { instance: number; dueAt: string }[] = [];

  beforeAll(async () => {
    fresh = await freshDatabase();
    await migrate(fresh.handle);
    await seed(fresh.handle, clock, "demo");
    await fresh.handle.close();
    for (let i = 0; i < 2; i++) {
      const handle = openDatabase({ dataDir: fresh.dataDir, databaseUrl: fresh.databaseUrl });
      const bus = await createBus({ databaseUrl: fresh.databaseUrl });
      const config = loadConfig({ DATA_DIR: fresh.dataDir, LOG_LEVEL: "silent", DATABASE_URL: fresh.databaseUrl, SCHEDULER_TICK_MS: "0" });
      const app = await buildApp({ config, db: handle, clock, bus });
      app.scheduler.register({
        name: "test.rollup",
        schedule: { everyMs: 60_000 },
        run: async ({ dueAt, ctx }) => {
          runs.push({ instance: i, dueAt: dueAt.toISOString() });
          // Real work on the database while the other instance tries to claim the same run.
          await ctx.db
            .selectFrom("tickets")
            .select((eb) => eb.fn.countAll().as("n"))
            .execute();
        },
      });
      await app.ready();
      apps.push({ app, bus, handle });
    }
  });
  afterAll(async () => {
    for (const a of apps) {
      await a.app.close();
      await a.bus.close();
      await a.handle.close();
    }
    await fresh?.drop();
  });

  const passBoth = async (times: number): Promise<JobOutcome[]> => {
    const passes: Promise<JobOutcome[]>[] = [];
    for (let k = 0; k < times; k++) for (const a of apps) passes.push(a.app.scheduler.runDue());
    return (await Promise.all(passes)).flat();
  };

  it("a due job runs exactly once, minute after minute", async () => {
    for (let minute = 0; minute < 10; minute++) {
      const out = await passBoth(5);
      expect(out.filter((o) => o.name === "test.rollup")).toHaveLength(1);
      // Every built-in job too: the day-end sweep and the appointment sweep ran once, not twice.
      expect(out.filter((o) => o.name === "queue.day_end")).toHaveLength(1);
      expect(out.filter((o) => o.name === "appointments.sweep")).toHaveLength(1);
      clock.advance(60_000);
    }
    expect(runs).toHaveLength(10);
    expect(new Set(runs.map((r) => r.dueAt)).size).toBe(10);
  });

  it("after the clock moves on by a day, the missed runs are caught up once", async () => {
    const before = runs.length;
    clock.advance(24 * 3_600_000);
    const out = await passBoth(5);
    expect(out.filter((o) => o.name === "test.rollup")).toHaveLength(1);
    expect(runs.length).toBe(before + 1);
    expect(await passBoth(3)).toEqual([]);
    const row = await apps[0]?.handle.db
      .selectFrom("scheduler_jobs")
      .selectAll()
      .where("name", "=", "test.rollup")
      .executeTakeFirstOrThrow();
    expect(row?.last_lag_ms).toBeGreaterThan(23 * 3_600_000);
    expect(row?.lease_holder).toBeNull();
  });
});
