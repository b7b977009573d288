import { type Kysely, sql } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. Every index a ticket sits in costs a page written at each commit that
// touches it. The line is searched only among waiting tickets, a window's desk only among tickets
// at a window, and the per-person limit only among tickets with an ID number, so each of these
// indexes is partial: a ticket enters it when it starts to matter and leaves when it stops, and a
// call, a start or a finish rewrites two or three index pages instead of eight.
// Queries that use them must state the index's condition literally (`state = 'waiting'`), so that
// both engines' planners can prove the index applies.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  for (const name of ["tickets_lanes", "tickets_queue_waiting", "tickets_target", "tickets_window", "tickets_person"]) {
    await db.schema.dropIndex(name).execute();
  }
  await db.schema
    .createIndex("tickets_waiting_lanes")
    .on("tickets")
    .columns(["site_id", "service_date", "special", "queue_id", "arrived_at", "seq"])
    .where(sql.ref("state"), "=", sql.lit("waiting"))
    .execute();
  await db.schema
    .createIndex("tickets_waiting_target")
    .on("tickets")
    .columns(["target_window_id", "service_date", "arrived_at", "seq"])
    .where((eb) => eb.and([eb(sql.ref("state"), "=", sql.lit("waiting")), eb(sql.ref("target_window_id"), "is not", null)]))
    .execute();
  await db.schema
    .createIndex("tickets_at_window")
    .on("tickets")
    .columns(["window_id", "service_date", "state"])
    .where(sql.ref("window_id"), "is not", null)
    .execute();
  await db.schema
    .createIndex("tickets_person")
    .on("tickets")
    .columns(["origin_queue_id", "service_date", "applicant_id_number"])
    .where(sql.ref("applicant_id_number"), "is not", null)
    .execute();
}
