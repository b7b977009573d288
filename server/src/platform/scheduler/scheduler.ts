import { randomUUID } from "node:crypto";
import os from "node:os";
import { Cron } from "croner";
import type { Db } from "../../db/schema.js";
import type { Clock } from "../clock.js";
import type { Ctx } from "../context.js";
import * as repo from "./scheduler.repository.js";

/** Every `everyMs` (ticks at whole multiples of it since the epoch), or a cron rule in Beijing time. */
export type JobSchedule = { everyMs: number } | { cron: string };

export interface JobRun {
  name: string;
  /** The planned instant of this run (a late or caught-up run still knows which tick it is). */
  dueAt: Date;
  startedAt: Date;
  /** A system context: no principal, the injected clock, `requestId` = `job:<name>`. */
  ctx: Ctx;
}

export interface JobSpec {
  /** Stable, `module.what` (e.g. `queue.day_end`): the row in `scheduler_jobs` is keyed by it. */
  name: string;
  schedule: JobSchedule;
  /** What the job did, kept as the last result (JSON, shortened). A throw records the error. */
  run(run: JobRun): Promise<unknown>;
  /** How long a claimed run may take before another instance may take it over (default 10 min). */
  leaseMs?: number;
  /**
   * After missed ticks (all instances down, or the clock moved): `once` (default) runs one time
   * and plans the next tick after now; `each` runs once for every missed tick, in order.
   */
  catchUp?: "once" | "each";
}

export interface JobOutcome {
  name: string;
  dueAt: string;
  status: "ok" | "failed";
  result?: unknown;
  error?: string;
  /** How late the run started after it was due, and how long it took (by the injected clock). */
  lagMs: number;
  durationMs: number;
}

/** What the scheduler tells an observer (metrics): each run this instance made. */
export interface SchedulerObserver {
  onRun?(outcome: JobOutcome): void;
}

const TIME_ZONE = "Asia/Shanghai";
const DEFAULT_LEASE_MS = 10 * 60_000;
/** A job catching up tick by tick stops after this many runs in one pass; the next pass goes on. */
const MAX_CATCH_UP = 500;

export function describeSchedule(s: JobSchedule): string {
  return "everyMs" in s ? `every ${s.everyMs} ms` : `cron ${s.cron} (${TIME_ZONE})`;
}

/** The first tick of the schedule strictly after `t`. */
export function nextTick(s: JobSchedule, t: Date): Date {
  if ("everyMs" in s) return new Date((Math.floor(t.getTime() / s.everyMs) + 1) * s.everyMs);
  const next = new Cron(s.cron, { timezone: TIME_ZONE, paused: true }).nextRun(t);
  if (!next) throw new Error(`cron rule "${s.cron}" has no next run`);
  return next;
}

/**
 * The one scheduler of the process. Modules register named jobs; every pass (`runDue()`, called
 * by a timer in production and by tests after moving the clock) runs the jobs that are due by
 * the injected clock. Each run is claimed with a lease in `scheduler_jobs`, so of several
 * instances on one database exactly one runs it; its start, lag, result or error are recorded.
 */
export class Scheduler {
  /** Which instance holds a lease (shown to the administrator). */
  readonly instanceId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly jobs = new Map<string, JobSpec>();
  private readonly planned = new Set<string>();
  private readonly inFlight = new Map<string, Promise<JobOutcome[]>>();
  private timer: NodeJS.Timeout | undefined;
  private readonly observers = new Set<SchedulerObserver>();

  constructor(private readonly deps: { db: Db; clock: Clock; makeCtx(requestId: string): Ctx; log(err: unknown, job: string): void }) {}

  register(job: JobSpec): void {
    if (!/^[a-z][a-z0-9_.-]{0,79}$/.test(job.name)) throw new Error(`job name "${job.name}" must be lower-case module.what`);
    if (this.jobs.has(job.name)) throw new Error(`job "${job.name}" is registered twice`);
    if ("everyMs" in job.schedule && !(job.schedule.everyMs >= 1)) throw new Error(`job "${job.name}" needs everyMs >= 1`);
    nextTick(job.schedule, new Date()); // a bad cron rule fails at registration, not at night
    this.jobs.set(job.name, job);
  }

  observe(o: SchedulerObserver): () => void {
    this.observers.add(o);
    return () => void this.observers.delete(o);
  }

  /** Registered jobs past their planned run, by how many seconds (0 when not yet due): a stalled scheduler shows here. */
  async overdue(): Promise<{ job: string; seconds: number }[]> {
    const now = this.deps.clock.now().getTime();
    const rows = await repo.listJobs(this.deps.db);
    return rows
      .filter((r) => this.jobs.has(r.name))
      .map((r) => ({ job: r.name, seconds: Math.max(0, (now - Date.parse(r.next_due_at)) / 1000) }));
  }

  registered(): { name: string; schedule: string }[] {
    return [...this.jobs.values()].map((j) => ({ name: j.name, schedule: describeSchedule(j.schedule) }));
  }

  /** Runs every registered job that is due now (each at most once here, unless it catches up `each`). */
  async runDue(): Promise<JobOutcome[]> {
    const passes = [...this.jobs.values()].map((job) => {
      // A job still running on this instance (a slow pass) is not started beside itself.
      if (this.inFlight.has(job.name)) return Promise.resolve([]);
      const p = this.runJob(job).finally(() => this.inFlight.delete(job.name));
      this.inFlight.set(job.name, p);
      return p;
    });
    return (await Promise.all(passes)).flat();
  }

  /** Production: a pass every `tickMs` on a timer that never keeps the process alive. */
  start(tickMs: number): void {
    if (this.timer || tickMs <= 0) return;
    this.timer = setInterval(() => {
      this.runDue().catch((err) => this.deps.log(err, "scheduler"));
    }, tickMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for runs in progress, so the database is not closed under them. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async runJob(job: JobSpec): Promise<JobOutcome[]> {
    await this.plan(job);
    const out: JobOutcome[] = [];
    for (let i = 0; i < MAX_CATCH_UP; i++) {
      const o = await this.runOnce(job);
      if (!o) break;
      out.push(o);
      if (job.catchUp !== "each") break;
    }
    return out;
  }

  /** The job's row exists, with this schedule (a changed schedule is planned from now). */
  private async plan(job: JobSpec): Promise<void> {
    if (this.planned.has(job.name)) return;
    const { db, clock } = this.deps;
    const now = clock.now();
    const schedule = describeSchedule(job.schedule);
    // An interval job is due at once (a sweep after start-up); a calendar job waits for its tick.
    const first = ("everyMs" in job.schedule ? now : nextTick(job.schedule, now)).toISOString();
    await repo.insertIfAbsent(db, job.name, schedule, first, now.toISOString());
    const row = await repo.findJob(db, job.name);
    if (row && row.schedule !== schedule) await repo.replan(db, job.name, schedule, first, now.toISOString());
    this.planned.add(job.name);
  }

  private async runOnce(job: JobSpec): Promise<JobOutcome | null> {
    const { db, clock } = this.deps;
    const row = await repo.findJob(db, job.name);
    const now = clock.now();
    if (!row || row.next_due_at > now.toISOString()) return null;
    const until = new Date(now.getTime() + (job.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
    if (!(await repo.claim(db, job.name, row.next_due_at, this.instanceId, now.toISOString(), until))) return null;
    const dueAt = new Date(row.next_due_at);
    let result: unknown;
    let error: string | undefined;
    try {
      result = await job.run({ name: job.name, dueAt, startedAt: now, ctx: this.deps.makeCtx(`job:${job.name}`) });
    } catch (err) {
      error = String(err instanceof Error ? err.message : err).slice(0, 1000);
      this.deps.log(err, job.name);
    }
    const finished = clock.now();
    const lagMs = Math.max(0, now.getTime() - dueAt.getTime());
    const durationMs = Math.max(0, finished.getTime() - now.getTime());
    // `each` walks the missed ticks one by one; `once` skips to the first tick after this run began.
    const next = nextTick(job.schedule, job.catchUp === "each" ? dueAt : now);
    await repo.finish(
      db,
      job.name,
      this.instanceId,
      until,
      {
        next_due_at: next.toISOString(),
        last_due_at: dueAt.toISOString(),
        last_started_at: now.toISOString(),
        last_finished_at: finished.toISOString(),
        last_lag_ms: lagMs,
        last_duration_ms: durationMs,
        last_status: error ? "failed" : "ok",
        last_result: error || result === undefined ? null : JSON.stringify(result).slice(0, 1000),
        last_error: error ?? null,
      },
      !!error,
    );
    const outcome: JobOutcome = {
      name: job.name,
      dueAt: dueAt.toISOString(),
      status: error ? "failed" : "ok",
      result,
      error,
      lagMs,
      durationMs,
    };
    for (const o of this.observers) o.onRun?.(outcome);
    return outcome;
  }
}
