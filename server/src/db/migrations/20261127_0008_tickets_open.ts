import { type Kysely, sql } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. Migration 0007 dropped the last index that began with (site_id,
// service_date), and the day-end sweep (every minute, every site) then read the whole tickets
// table. It now looks only at tickets still open, through a partial index whose condition its
// query repeats literally. (A site's whole day is found through the per-queue numbering index.)
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createIndex("tickets_open")
    .on("tickets")
    .columns(["site_id", "service_date"])
    .where(sql.ref("state"), "in", [sql.lit("waiting"), sql.lit("called"), sql.lit("parked")])
    .execute();
}
