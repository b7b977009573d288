import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. The queue's event log becomes the platform's event store for every module:
// queue_events → events and site_event_seq → event_seq, the site column → `stream` (a site's id, or
// `district` for district-wide events), and `refs` for room keys beyond ticket/window/queue (a case,
// an appointment). Every old row is kept with its number, so a screen resumes across the upgrade.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.dropIndex("queue_events_site_seq").execute();
  await db.schema.dropIndex("queue_events_ticket").execute();
  await db.schema.alterTable("queue_events").renameTo("events").execute();
  await db.schema.alterTable("events").renameColumn("site_id", "stream").execute();
  await db.schema.alterTable("events").addColumn("refs", "text").execute();
  await db.schema.createIndex("events_stream_seq").on("events").columns(["stream", "seq"]).unique().execute();
  await db.schema.createIndex("events_ticket").on("events").columns(["ticket_id", "id"]).execute();
  await db.schema.alterTable("site_event_seq").renameTo("event_seq").execute();
  await db.schema.alterTable("event_seq").renameColumn("site_id", "stream").execute();
}
