import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/platform/context.js";
import { databaseFileStore } from "../src/platform/files/backends.js";
import { type JobSpec, nextTick, Scheduler } from "../src/platform/scheduler/scheduler.js";
import { json, setup, type TestEnv } from "./helpers.js";

// The one scheduler, on the engine under test, driven by the test's clock: nothing runs on a timer
// here (SCHEDULER_TICK_MS=0); a pass runs what is due when the test calls `runDue()`.
describe("scheduler", () => {
  let env: TestEnv;
  const ctxOf = (requestId: string): Ctx => ({
    db: env.handle.db,
    dialect: env.handle.dialect,
    clock: env.clock,
    principal: null,
    requestId,
    bus: env.bus,
    files: databaseFileStore,
    caches: env.app.caches,
  });
  /** Another instance on the same database (its own lease holder id). */
  const another = () => new Scheduler({ db: env.handle.db, clock: env.clock, makeCtx: ctxOf, log: () => undefined });
  const row = (name: string) => env.handle.db.selectFrom("scheduler_jobs").selectAll().where("name", "=", name).executeTakeFirstOrThrow();

  beforeAll(async () => {
    env = await setup({ now: "2026-12-03T02:00:30.000Z" });
  });
  afterAll(async () => env?.close());

  it("runs an interval job when due, once, and again after the clock moves one interval", async () => {
    const runs: string[] = [];
    env.app.scheduler.register({
      name: "test.every_minute",
      schedule: { everyMs: 60_000 },
      run: async ({ dueAt }) => {
        runs.push(dueAt.toISOString());
        return { n: runs.length };
      },
    });
    // Registered just now: due at once.
    let out = await env.app.scheduler.runDue();
    expect(out.filter((o) => o.name === "test.every_minute")).toHaveLength(1);
    await env.app.scheduler.runDue();
    expect(runs).toHaveLength(1);
    // Next tick is the next whole minute: 02:01:00.
    expect((await row("test.every_minute")).next_due_at).toBe("2026-12-03T02:01:00.000Z");
    env.clock.set("2026-12-03T02:00:59.000Z");
    await env.app.scheduler.runDue();
    expect(runs).toHaveLength(1);
    env.clock.set("2026-12-03T02:01:05.000Z");
    out = await env.app.scheduler.runDue();
    expect(runs).toEqual(["2026-12-03T02:00:30.000Z", "2026-12-03T02:01:00.000Z"]);
    const r = await row("test.every_minute");
    expect(r.last_status).toBe("ok");
    expect(r.last_lag_ms).toBe(5_000);
    expect(r.last_result).toBe('{"n":2}');
    expect(r.runs).toBe(2);
  });

  it("catches up a missed stretch once, not once per missed tick", async () => {
    const before = (await row("test.every_minute")).runs;
    env.clock.set("2026-12-03T03:01:10.000Z"); // an hour of ticks missed
    await env.app.scheduler.runDue();
    await env.app.scheduler.runDue();
    const r = await row("test.every_minute");
    expect(r.runs).toBe(before + 1);
    expect(r.last_due_at).toBe("2026-12-03T02:02:00.000Z");
    expect(r.last_lag_ms).toBe(59 * 60_000 + 10_000);
    expect(r.next_due_at).toBe("2026-12-03T03:02:00.000Z");
  });

  it("a job that asks for each missed tick gets them all, in order", async () => {
    const ticks: string[] = [];
    env.app.scheduler.register({
      name: "test.each_tick",
      schedule: { everyMs: 600_000 },
      catchUp: "each",
      run: async ({ dueAt }) => void ticks.push(dueAt.toISOString()),
    });
    await env.app.scheduler.runDue(); // first run, at registration
    env.clock.advance(35 * 60_000); // 03:36:10: the ticks 03:10, 03:20, 03:30 were missed
    await env.app.scheduler.runDue();
    expect(ticks).toEqual(["2026-12-03T03:01:10.000Z", "2026-12-03T03:10:00.000Z", "2026-12-03T03:20:00.000Z", "2026-12-03T03:30:00.000Z"]);
    expect((await row("test.each_tick")).next_due_at).toBe("2026-12-03T03:40:00.000Z");
  });

  it("a failing job records its error, runs again at its next tick, and a success clears the error", async () => {
    let fail = true;
    let calls = 0;
    env.app.scheduler.register({
      name: "test.flaky",
      schedule: { everyMs: 60_000 },
      run: async () => {
        calls++;
        if (fail) throw new Error("gateway down");
        return "fine";
      },
    });
    const out = await env.app.scheduler.runDue();
    expect(out.find((o) => o.name === "test.flaky")).toMatchObject({ status: "failed", error: "gateway down" });
    let r = await row("test.flaky");
    expect(r).toMatchObject({ last_status: "failed", last_error: "gateway down", failures: 1, lease_holder: null, lease_until: null });
    await env.app.scheduler.runDue();
    expect(calls).toBe(1); // not before its next tick
    fail = false;
    env.clock.advance(60_000);
    await env.app.scheduler.runDue();
    r = await row("test.flaky");
    expect(calls).toBe(2);
    expect(r).toMatchObject({ last_status: "ok", last_error: null, last_result: '"fine"', failures: 1, runs: 2 });
  });

  it("a calendar rule follows Beijing time", async () => {
    // 02:30 Beijing = 18:30 UTC the day before.
    expect(nextTick({ cron: "0 30 2 * * *" }, new Date("2026-12-03T12:00:00.000Z")).toISOString()).toBe("2026-12-03T18:30:00.000Z");
    const runs: string[] = [];
    env.app.scheduler.register({
      name: "test.nightly",
      schedule: { cron: "0 30 2 * * *" },
      run: async ({ dueAt }) => void runs.push(dueAt.toISOString()),
    });
    await env.app.scheduler.runDue();
    expect(runs).toEqual([]); // a calendar job waits for its first tick
    env.clock.set("2026-12-03T18:29:59.000Z");
    await env.app.scheduler.runDue();
    expect(runs).toEqual([]);
    env.clock.set("2026-12-05T19:00:00.000Z"); // two nights missed: one run
    await env.app.scheduler.runDue();
    await env.app.scheduler.runDue();
    expect(runs).toEqual(["2026-12-03T18:30:00.000Z"]);
    expect((await row("test.nightly")).next_due_at).toBe("2026-12-06T18:30:00.000Z");
  });

  it("of two schedulers on one database passing at the same moment, exactly one runs a due job", async () => {
    let runs = 0;
    const job = (): JobSpec => ({
      name: "test.shared",
      schedule: { everyMs: 60_000 },
      run: async () => {
        runs++;
        // Hold the lease a little while the other instance tries.
        await new Promise((r) => setImmediate(r));
      },
    });
    const a = another();
    const b = another();
    a.register(job());
    b.register(job());
    for (let round = 0; round < 5; round++) {
      await Promise.all([a.runDue(), b.runDue(), a.runDue(), b.runDue()]);
      expect(runs).toBe(round + 1);
      env.clock.advance(60_000);
    }
  });

  it("a run whose instance died is taken over once its lease has run out; the dead run's late finish changes nothing", async () => {
    let release: () => void = () => undefined;
    const hung = new Promise<void>((r) => {
      release = r;
    });
    const a = another();
    const b = another();
    const seen: string[] = [];
    a.register({
      name: "test.lease",
      schedule: { everyMs: 3_600_000 },
      leaseMs: 120_000,
      run: async () => {
        seen.push("a");
        await hung;
      },
    });
    b.register({ name: "test.lease", schedule: { everyMs: 3_600_000 }, leaseMs: 120_000, run: async () => void seen.push("b") });
    const stuck = a.runDue();
    // Wait until a holds the lease (its run has begun).
    while (seen.length === 0) await new Promise((r) => setImmediate(r));
    expect((await row("test.lease")).lease_holder).toBe(a.instanceId);
    await b.runDue();
    expect(seen).toEqual(["a"]); // lease still held
    env.clock.advance(121_000);
    await b.runDue();
    expect(seen).toEqual(["a", "b"]);
    const afterB = await row("test.lease");
    release();
    await stuck;
    expect(await row("test.lease")).toEqual(afterB);
  });

  it("the district administrator sees every job with its schedule, last run, lag and error; others may not", async () => {
    await env.app.scheduler.runDue();
    const admin = await env.login("admin");
    const res = await env.app.inject({ url: "/api/system/jobs", headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    const jobs = json(res.body) as {
      name: string;
      schedule: string;
      lastStatus: string;
      lastError: string | null;
      registeredHere: boolean;
    }[];
    const names = jobs.map((j) => j.name);
    expect(names).toEqual(expect.arrayContaining(["queue.day_end", "appointments.sweep", "notifications.outbox", "test.flaky"]));
    expect(jobs.find((j) => j.name === "queue.day_end")).toMatchObject({
      schedule: "every 60000 ms",
      lastStatus: "ok",
      registeredHere: true,
    });
    expect(jobs.find((j) => j.name === "test.nightly")).toMatchObject({
      schedule: "cron 0 30 2 * * * (Asia/Shanghai)",
      everyMs: null,
      cron: "0 30 2 * * *",
    });
    expect(jobs.find((j) => j.name === "test.flaky")).toMatchObject({ lastStatus: "ok", lastError: null, failures: 1 });
    const manager = await env.login("zgc.manager");
    const denied = await env.app.inject({ url: "/api/system/jobs", headers: { cookie: manager } });
    expect(denied.statusCode).toBe(403);
    expect(denied.headers["content-type"]).toContain("application/problem+json");
    expect((await env.app.inject({ url: "/api/system/jobs" })).statusCode).toBe(401);
  });

  it("refuses a bad job name, a duplicate, and a cron rule that cannot run", () => {
    const s = another();
    const run = async () => undefined;
    expect(() => s.register({ name: "Bad Name", schedule: { everyMs: 1000 }, run })).toThrow();
    s.register({ name: "test.dup", schedule: { everyMs: 1000 }, run });
    expect(() => s.register({ name: "test.dup", schedule: { everyMs: 1000 }, run })).toThrow();
    expect(() => s.register({ name: "test.cron", schedule: { cron: "not a rule" }, run })).toThrow();
  });
});
