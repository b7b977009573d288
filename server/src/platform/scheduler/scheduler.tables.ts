/** Row types of the platform scheduler (portable like `db/schema.ts`: ISO-8601 UTC instants). */
export interface SchedulerJobsTable {
  name: string;
  /** The schedule as registered ("every 60000 ms", "cron 0 30 2 * * *"): a changed one is re-planned. */
  schedule: string;
  next_due_at: string;
  /** The instance running the job now, and until when its claim holds (null = free). */
  lease_holder: string | null;
  lease_until: string | null;
  /** The planned instant of the last run, and when it really started and ended. */
  last_due_at: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  /** How late the last run started after it was due. */
  last_lag_ms: number | null;
  last_duration_ms: number | null;
  last_status: "ok" | "failed" | null;
  last_result: string | null;
  last_error: string | null;
  runs: number;
  failures: number;
  updated_at: string;
}

export interface SchedulerTables {
  scheduler_jobs: SchedulerJobsTable;
}
