import { type Kysely, sql } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. What keeps calling fast with a long line:
// - the number of waiting tickets per queue and day beside the ticket sequence, so every event
//   carries it without counting the line;
// - `special` (priority, green channel or appointment) so each lane of the calling order is one
//   index range (queries over the whole line ask for `special in (0, 1)` to use the same index),
//   and an index on a window's tickets.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable("queue_counters")
    .addColumn("waiting", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update queue_counters set waiting = (
    select count(*) from tickets t
    where t.queue_id = queue_counters.queue_id and t.service_date = queue_counters.service_date and t.state = 'waiting'
  )`.execute(db);
  await db.schema
    .alterTable("tickets")
    .addColumn("special", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update tickets set special = 1 where priority_class <> 'normal' or appointment_at is not null`.execute(db);
  await db.schema.dropIndex("tickets_waiting").execute();
  await db.schema
    .createIndex("tickets_lanes")
    .on("tickets")
    .columns(["site_id", "service_date", "state", "special", "queue_id", "arrived_at", "seq"])
    .execute();
  await db.schema
    .createIndex("tickets_queue_waiting")
    .on("tickets")
    .columns(["site_id", "service_date", "state", "queue_id", "arrived_at", "seq"])
    .execute();
  await db.schema.createIndex("tickets_window").on("tickets").columns(["window_id", "service_date", "state"]).execute();
  await db.schema
    .createIndex("tickets_target")
    .on("tickets")
    .columns(["target_window_id", "service_date", "state", "arrived_at", "seq"])
    .execute();

  // Event ids that follow commit order per site: a per-site counter row, advanced inside the
  // writing transaction (its lock is held to commit), numbers each site's events. A stream that
  // resumes after event n then never skips one that committed later with a lower number.
  await db.schema
    .createTable("site_event_seq")
    .addColumn("site_id", "text", (c) => c.primaryKey())
    .addColumn("last", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable("queue_events")
    .addColumn("seq", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update queue_events set seq = id`.execute(db);
  await sql`insert into site_event_seq (site_id, last) select site_id, max(seq) from queue_events group by site_id`.execute(db);
  await db.schema.dropIndex("queue_events_site").execute();
  await db.schema.createIndex("queue_events_site_seq").on("queue_events").columns(["site_id", "seq"]).unique().execute();
}
