import { type Kysely, sql } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. A role may be granted for one department (部门) as well as for one site or
// the district: `department_id` names it ('' otherwise, like `site_id = ''` for district grants,
// a portable stand-in for NULL in the unique key). The unique key grows to include it; SQLite
// cannot change a table constraint, so there the table is rebuilt (nothing references it).
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === "postgres") {
    await db.schema
      .alterTable("role_grants")
      .addColumn("department_id", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await db.schema.alterTable("role_grants").dropConstraint("role_grants_unique").execute();
    await db.schema
      .alterTable("role_grants")
      .addUniqueConstraint("role_grants_unique", ["user_id", "role", "site_id", "department_id"])
      .execute();
  } else {
    await db.schema
      .createTable("role_grants_next")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("site_id", "text", (c) => c.notNull())
      .addColumn("department_id", "text", (c) => c.notNull().defaultTo(""))
      .addUniqueConstraint("role_grants_unique", ["user_id", "role", "site_id", "department_id"])
      .execute();
    await sql`insert into role_grants_next (id, user_id, role, site_id, department_id)
      select id, user_id, role, site_id, '' from role_grants`.execute(db);
    await db.schema.dropTable("role_grants").execute();
    await db.schema.alterTable("role_grants_next").renameTo("role_grants").execute();
    await db.schema.createIndex("role_grants_site").on("role_grants").column("site_id").execute();
  }
  await db.schema.createIndex("role_grants_department").on("role_grants").column("department_id").execute();
}
