import { type Kysely, sql } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. Legal clocks (platform/deadlines): the budget and its ledger are the
// truth; due_date and the other derived columns are rewritten by every recompute.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("legal_clocks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("owner_kind", "text", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("site_id", "text")
    .addColumn("start_date", "text", (c) => c.notNull())
    .addColumn("budget_days", "integer", (c) => c.notNull())
    .addColumn("due_soon_days", "integer", (c) => c.notNull())
    .addColumn("stopped_on", "text")
    .addColumn("due_date", "text", (c) => c.notNull())
    .addColumn("due_soon_from", "text", (c) => c.notNull())
    .addColumn("provisional", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("uncovered_years", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("paused_since", "text")
    .addColumn("due_soon_flagged_for", "text")
    .addColumn("overdue_flagged_for", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("legal_clocks_owner", ["owner_kind", "owner_id", "purpose"])
    .execute();
  // Open clocks by kind and due date: sweeps, inboxes, and the recompute after a calendar change.
  await db.schema
    .createIndex("legal_clocks_open_due")
    .on("legal_clocks")
    .columns(["owner_kind", "due_date"])
    .where(sql.ref("stopped_on"), "is", null)
    .execute();
  await db.schema
    .createIndex("legal_clocks_open_start")
    .on("legal_clocks")
    .columns(["start_date"])
    .where(sql.ref("stopped_on"), "is", null)
    .execute();
  await db.schema
    .createTable("legal_clock_entries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clock_id", "text", (c) => c.notNull().references("legal_clocks.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("from_date", "text")
    .addColumn("to_date", "text")
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("days", "integer")
    .addColumn("approved_by", "text")
    .addColumn("approved_on", "text")
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .addColumn("recorded_by", "text")
    .addUniqueConstraint("legal_clock_entries_seq", ["clock_id", "seq"])
    .execute();
}
