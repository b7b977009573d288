import type { Executor, Row } from "../../db/schema.js";
import type { SchedulerJobsTable } from "./scheduler.tables.js";

export type JobRow = Row<"scheduler_jobs">;

/** A job seen for the first time; an existing row (another instance registered it) is kept. */
export async function insertIfAbsent(db: Executor, name: string, schedule: string, nextDueAt: string, at: string): Promise<void> {
  await db
    .insertInto("scheduler_jobs")
    .values({ name, schedule, next_due_at: nextDueAt, runs: 0, failures: 0, updated_at: at })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
}

export async function findJob(db: Executor, name: string): Promise<JobRow | undefined> {
  return db.selectFrom("scheduler_jobs").selectAll().where("name", "=", name).executeTakeFirst();
}

export async function listJobs(db: Executor): Promise<JobRow[]> {
  return db.selectFrom("scheduler_jobs").selectAll().orderBy("name").execute();
}

/** A changed schedule is planned anew (from `from`, not from the old plan). */
export async function replan(db: Executor, name: string, schedule: string, nextDueAt: string, at: string): Promise<void> {
  await db.updateTable("scheduler_jobs").set({ schedule, next_due_at: nextDueAt, updated_at: at }).where("name", "=", name).execute();
}

/**
 * Claims the run planned for `dueAt`: one conditional update, so of several instances trying at
 * once exactly one sees a row change (PostgreSQL re-checks the condition after the row lock;
 * SQLite has one writer). A lease that ran out (its holder died) can be taken over.
 */
export async function claim(db: Executor, name: string, dueAt: string, holder: string, now: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable("scheduler_jobs")
    .set({ lease_holder: holder, lease_until: until, updated_at: now })
    .where("name", "=", name)
    .where("next_due_at", "=", dueAt)
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

type Finish = Pick<
  SchedulerJobsTable,
  | "next_due_at"
  | "last_due_at"
  | "last_started_at"
  | "last_finished_at"
  | "last_lag_ms"
  | "last_duration_ms"
  | "last_status"
  | "last_result"
  | "last_error"
>;

/** Records a run and frees the lease, only while the lease is still this claim's (not taken over). */
export async function finish(db: Executor, name: string, holder: string, until: string, f: Finish, failed: boolean): Promise<boolean> {
  const r = await db
    .updateTable("scheduler_jobs")
    .set((eb) => ({
      ...f,
      lease_holder: null,
      lease_until: null,
      updated_at: f.last_finished_at as string,
      runs: eb("runs", "+", 1),
      failures: failed ? eb("failures", "+", 1) : eb.ref("failures"),
    }))
    .where("name", "=", name)
    .where("lease_holder", "=", holder)
    .where("lease_until", "=", until)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
