import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released: later changes go in new migration files.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const isPg = dialect === "postgres";
  await db.schema
    .createTable("queues")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "text", (c) => c.notNull().references("sites.id"))
    .addColumn("prefix", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("category", "text")
    .addColumn("daily_cap", "integer")
    .addColumn("per_person_limit", "integer")
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("sort", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("queues_site_prefix", ["site_id", "prefix"])
    .execute();

  await db.schema
    .createTable("window_queues")
    .addColumn("window_id", "text", (c) => c.notNull().references("windows.id"))
    .addColumn("queue_id", "text", (c) => c.notNull().references("queues.id"))
    .addColumn("site_id", "text", (c) => c.notNull())
    .addColumn("rank", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("window_queues_pk", ["window_id", "queue_id"])
    .execute();
  await db.schema.createIndex("window_queues_site").on("window_queues").column("site_id").execute();

  await db.schema
    .createTable("queue_settings")
    .addColumn("site_id", "text", (c) => c.primaryKey().references("sites.id"))
    .addColumn("priority_every", "integer", (c) => c.notNull())
    .addColumn("min_recalls", "integer", (c) => c.notNull())
    .addColumn("recall_interval_sec", "integer", (c) => c.notNull())
    .addColumn("alert_wait_min", "integer", (c) => c.notNull())
    .addColumn("alert_waiting", "integer", (c) => c.notNull())
    .addColumn("notify_ahead", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("window_states")
    .addColumn("window_id", "text", (c) => c.primaryKey().references("windows.id"))
    .addColumn("site_id", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("user_id", "text")
    .addColumn("post", "text")
    .addColumn("pause_reason", "text")
    .addColumn("since", "text", (c) => c.notNull())
    .addColumn("normal_streak", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("window_sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("window_id", "text", (c) => c.notNull())
    .addColumn("site_id", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("post", "text", (c) => c.notNull())
    .addColumn("service_date", "text", (c) => c.notNull())
    .addColumn("opened_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .addColumn("paused_ms", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("window_sessions_site_date").on("window_sessions").columns(["site_id", "service_date"]).execute();

  await db.schema
    .createTable("queue_counters")
    .addColumn("queue_id", "text", (c) => c.notNull())
    .addColumn("service_date", "text", (c) => c.notNull())
    .addColumn("last_seq", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("queue_counters_pk", ["queue_id", "service_date"])
    .execute();

  await db.schema
    .createTable("tickets")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "text", (c) => c.notNull())
    .addColumn("origin_queue_id", "text", (c) => c.notNull())
    .addColumn("queue_id", "text", (c) => c.notNull())
    .addColumn("service_date", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("number", "text", (c) => c.notNull())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("priority_class", "text", (c) => c.notNull())
    .addColumn("applicant_name", "text")
    .addColumn("applicant_phone", "text")
    .addColumn("applicant_id_number", "text")
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("arrived_at", "text", (c) => c.notNull())
    .addColumn("issued_at", "text", (c) => c.notNull())
    .addColumn("appointment_at", "text")
    .addColumn("first_called_at", "text")
    .addColumn("called_at", "text")
    .addColumn("call_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("started_at", "text")
    .addColumn("finished_at", "text")
    .addColumn("window_id", "text")
    .addColumn("user_id", "text")
    .addColumn("target_window_id", "text")
    .addColumn("referred_by_user_id", "text")
    .addColumn("transfer_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("issued_by", "text")
    .addColumn("closed_reason", "text")
    .addUniqueConstraint("tickets_queue_day_seq", ["origin_queue_id", "service_date", "seq"])
    .execute();
  await db.schema
    .createIndex("tickets_waiting")
    .on("tickets")
    .columns(["site_id", "service_date", "state", "queue_id", "arrived_at"])
    .execute();
  await db.schema.createIndex("tickets_person").on("tickets").columns(["origin_queue_id", "service_date", "applicant_id_number"]).execute();

  await db.schema
    .createTable("queue_events")
    .addColumn("id", isPg ? "bigserial" : "integer", (c) => (isPg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("site_id", "text", (c) => c.notNull())
    .addColumn("ticket_id", "text")
    .addColumn("window_id", "text")
    .addColumn("queue_id", "text")
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_kind", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("payload", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("queue_events_site").on("queue_events").columns(["site_id", "id"]).execute();
  await db.schema.createIndex("queue_events_ticket").on("queue_events").columns(["ticket_id", "id"]).execute();
}
