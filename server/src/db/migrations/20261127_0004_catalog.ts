import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. The catalog (事项清单) is district-wide: no site_id here.
// - The guide of a version is one JSON text: it is read and written whole, never queried by field.
// - `items.search` holds the name and result name of the item with their pinyin initials,
//   lower-cased, so a LIKE on one column serves Chinese substrings and "yyzz" alike.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("departments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("department_id", "text", (c) => c.notNull().references("departments.id"))
    .addColumn("search", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("items_department").on("items").column("department_id").execute();

  await db.schema
    .createTable("item_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("item_id", "text", (c) => c.notNull().references("items.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("effective_from", "text")
    .addColumn("published_at", "text")
    .addColumn("guide", "text", (c) => c.notNull())
    .addColumn("change_note", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("item_versions_unique", ["item_id", "version"])
    .execute();
  await db.schema.createIndex("item_versions_status").on("item_versions").columns(["status", "effective_from", "item_id"]).execute();
}
