import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. One row per scheduled job: when it is next due, who holds the lease on
// its current run (so several instances never run one job at once), and how the last run went.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("scheduler_jobs")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("schedule", "text", (c) => c.notNull())
    .addColumn("next_due_at", "text", (c) => c.notNull())
    .addColumn("lease_holder", "text")
    .addColumn("lease_until", "text")
    .addColumn("last_due_at", "text")
    .addColumn("last_started_at", "text")
    .addColumn("last_finished_at", "text")
    .addColumn("last_lag_ms", "integer")
    .addColumn("last_duration_ms", "integer")
    .addColumn("last_status", "text")
    .addColumn("last_result", "text")
    .addColumn("last_error", "text")
    .addColumn("runs", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}
