import { type Kysely, sql } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. Migration 0007 dropped the last index that began with (site_id,
// service_date): a site's day (snapshot, statistics, waiting-time estimates) and the day-end
// sweep then read the whole tickets table. A day's tickets get their own index again (a ticket
// enters it once, at issue, and never moves in it); the sweep looks only at tickets still open,
// through a partial index whose condition its query repeats literally.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex("tickets_site_day").on("tickets").columns(["site_id", "service_date"]).execute();
  await db.schema
    .createIndex("tickets_open")
    .on("tickets")
    .columns(["site_id", "service_date"])
    .where(sql.ref("state"), "in", [sql.lit("waiting"), sql.lit("called"), sql.lit("parked")])
    .execute();
}
