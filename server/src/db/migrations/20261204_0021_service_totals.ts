import { type Kysely, sql } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. Issue 10, item 5: a queue's day keeps how many tickets were served and
// their summed service time (call to finish) beside its waiting count, so the wait estimate reads
// one row instead of the day's tickets. Days already held are filled in from their tickets.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable("queue_counters")
    .addColumn("served", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("queue_counters")
    .addColumn("service_ms", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  const ms =
    dialect === "postgres"
      ? sql`(extract(epoch from (t.finished_at::timestamptz - t.called_at::timestamptz)) * 1000)::bigint`
      : sql`cast(round((julianday(t.finished_at) - julianday(t.called_at)) * 86400000) as integer)`;
  const done = sql`from tickets t where t.queue_id = queue_counters.queue_id and t.service_date = queue_counters.service_date
    and t.state = 'done' and t.called_at is not null and t.finished_at is not null`;
  await sql`update queue_counters set served = (select count(*) ${done}), service_ms = coalesce((select sum(${ms}) ${done}), 0)`.execute(
    db,
  );
}
