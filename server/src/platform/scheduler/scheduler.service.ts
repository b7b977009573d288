import { assertCan, requireUser } from "../auth/access.js";
import type { Ctx } from "../context.js";
import type { Scheduler } from "./scheduler.js";
import * as repo from "./scheduler.repository.js";

/** The jobs as the district administrator sees them: schedule, last run, lag, last error. */
export async function listJobs(ctx: Ctx, scheduler: Scheduler) {
  assertCan(requireUser(ctx.principal), "system.read", null);
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const here = new Map(scheduler.registered().map((j) => [j.name, j.schedule]));
  return (await repo.listJobs(ctx.db)).map((r) => ({
    name: r.name,
    schedule: r.schedule,
    everyMs: Number(/^every (\d+) ms$/.exec(r.schedule)?.[1]) || null,
    cron: /^cron (.+) \(/.exec(r.schedule)?.[1] ?? null,
    /** Registered by this instance (a job only another version registers still shows). */
    registeredHere: here.has(r.name),
    nextDueAt: r.next_due_at,
    /** How far behind the job is now (0 when it is not yet due). */
    overdueMs: Math.max(0, now.getTime() - new Date(r.next_due_at).getTime()),
    running: !!r.lease_until && r.lease_until > nowIso,
    leaseHolder: r.lease_until && r.lease_until > nowIso ? r.lease_holder : null,
    lastDueAt: r.last_due_at,
    lastStartedAt: r.last_started_at,
    lastFinishedAt: r.last_finished_at,
    lastLagMs: r.last_lag_ms,
    lastDurationMs: r.last_duration_ms,
    lastStatus: r.last_status,
    lastResult: r.last_result,
    lastError: r.last_error,
    runs: r.runs,
    failures: r.failures,
  }));
}
