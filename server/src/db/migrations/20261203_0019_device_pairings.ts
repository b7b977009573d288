import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. Pairing a device by a short code (issue 11, item 11): the device asks for a
// code and shows it; a signed-in manager confirms it in /manage/; the device collects its token
// once. Rows live for minutes; the token is kept only until the device has collected it.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("device_pairings")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("secret_hash", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("site_id", "text")
    .addColumn("device_id", "text")
    .addColumn("confirmed_by", "text")
    .addColumn("confirmed_at", "text")
    .addColumn("token", "text")
    .addColumn("collected_at", "text")
    .execute();
  await db.schema.createIndex("device_pairings_expires").on("device_pairings").column("expires_at").execute();
}
