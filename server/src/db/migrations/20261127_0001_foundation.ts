import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released: later changes go in new migration files.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const isPg = dialect === "postgres";
  await db.schema
    .createTable("sites")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("plaque_name", "text")
    .addColumn("parent_org", "text", (c) => c.notNull())
    .addColumn("responsible_person", "text", (c) => c.notNull())
    .addColumn("responsible_phone", "text")
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("phone", "text")
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("site_hours")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "text", (c) => c.notNull().references("sites.id"))
    .addColumn("weekday", "integer", (c) => c.notNull())
    .addColumn("opens", "text", (c) => c.notNull())
    .addColumn("closes", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("site_hours_site").on("site_hours").column("site_id").execute();

  await db.schema
    .createTable("site_hour_exceptions")
    .addColumn("site_id", "text", (c) => c.notNull().references("sites.id"))
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("closed", "integer", (c) => c.notNull())
    .addColumn("opens", "text")
    .addColumn("closes", "text")
    .addColumn("note", "text")
    .addPrimaryKeyConstraint("site_hour_exceptions_pk", ["site_id", "date"])
    .execute();

  await db.schema
    .createTable("zones")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "text", (c) => c.notNull().references("sites.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kinds", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("zones_site_name", ["site_id", "name"])
    .execute();

  await db.schema
    .createTable("windows")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "text", (c) => c.notNull().references("sites.id"))
    .addColumn("zone_id", "text", (c) => c.references("zones.id"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("windows_site_number", ["site_id", "number"])
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("must_change_password", "integer", (c) => c.notNull())
    .addColumn("failed_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", "text")
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("role_grants")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("site_id", "text", (c) => c.notNull())
    .addUniqueConstraint("role_grants_unique", ["user_id", "role", "site_id"])
    .execute();
  await db.schema.createIndex("role_grants_site").on("role_grants").column("site_id").execute();

  await db.schema
    .createTable("posts")
    .addColumn("window_id", "text", (c) => c.primaryKey().references("windows.id"))
    .addColumn("site_id", "text", (c) => c.notNull().references("sites.id"))
    .addColumn("primary_user_id", "text", (c) => c.references("users.id"))
    .addColumn("backup_user_id", "text", (c) => c.references("users.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("devices")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "text", (c) => c.notNull().references("sites.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("window_id", "text", (c) => c.references("windows.id"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("last_seen_at", "text")
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", isPg ? "bigserial" : "integer", (c) => (isPg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("chain", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_kind", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("actor_name", "text")
    .addColumn("actor_role", "text")
    .addColumn("site_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "text")
    .addColumn("before", "text")
    .addColumn("after", "text")
    .addColumn("request_id", "text")
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addUniqueConstraint("audit_chain_seq", ["chain", "seq"])
    .execute();
  await db.schema.createIndex("audit_site_at").on("audit_log").columns(["site_id", "at"]).execute();

  await db.schema
    .createTable("audit_heads")
    .addColumn("chain", "text", (c) => c.primaryKey())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("calendar_days")
    .addColumn("date", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .execute();

  await db.schema
    .createTable("calendar_years")
    .addColumn("year", "integer", (c) => c.primaryKey())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}
