import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. Who saw an applicant's personal data in full, and when (issue 10, item
// 10): one row per reader, record and day, written the first time that day; masked reads are not
// recorded. Kept apart from the audit chain so a busy window does not queue on its site's head.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("personal_data_reads")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "text", (c) => c.notNull())
    .addColumn("actor_kind", "text", (c) => c.notNull())
    .addColumn("actor_id", "text", (c) => c.notNull())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("first_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("personal_data_reads_once")
    .on("personal_data_reads")
    .columns(["actor_id", "entity_type", "entity_id", "day"])
    .unique()
    .execute();
  await db.schema.createIndex("personal_data_reads_entity").on("personal_data_reads").columns(["entity_type", "entity_id"]).execute();
}
