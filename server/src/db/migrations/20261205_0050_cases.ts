import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. Cases (办件, issue 12): one application for one item at one site.
// - `cases`: the record of GB/T 39046's 受理/办理/办结 tables, with the item version in force at
//   receipt, and a cache of the committed due date for sorting the inbox (the clocks themselves
//   are the platform's legal clocks, migration 0070, owner kind `case`);
// - `case_steps`: the timeline, one row per transition (who, when, opinion, document);
// - `case_chases`: supervision records (督办) on overdue cases.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("cases")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("site_id", "text", (c) => c.notNull())
    .addColumn("department_id", "text", (c) => c.notNull())
    .addColumn("item_id", "text", (c) => c.notNull())
    .addColumn("item_code", "text", (c) => c.notNull())
    .addColumn("item_version", "integer", (c) => c.notNull())
    .addColumn("item_name", "text", (c) => c.notNull())
    .addColumn("handling_form", "text", (c) => c.notNull())
    .addColumn("on_the_spot", "integer", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("paused_from", "text")
    .addColumn("applicant_kind", "text", (c) => c.notNull())
    .addColumn("applicant_name", "text", (c) => c.notNull())
    .addColumn("applicant_id_type", "text", (c) => c.notNull())
    .addColumn("applicant_id_number", "text", (c) => c.notNull())
    .addColumn("applicant_phone", "text", (c) => c.notNull())
    .addColumn("agent_name", "text")
    .addColumn("ticket_id", "text")
    .addColumn("appointment_id", "text")
    .addColumn("query_code", "text", (c) => c.notNull())
    .addColumn("checklist", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("received_by", "text")
    .addColumn("first_inquiry_by", "text")
    .addColumn("correction_doc_id", "text")
    .addColumn("correction_due", "text")
    .addColumn("forwarded_at", "text")
    .addColumn("accepted_at", "text")
    .addColumn("accepted_by", "text")
    .addColumn("deemed_accepted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("acceptance_number", "text")
    .addColumn("clock_start", "text")
    .addColumn("budget_days", "integer")
    .addColumn("limit_unit", "text", (c) => c.notNull())
    .addColumn("statutory_days", "integer")
    .addColumn("due_date", "text")
    .addColumn("due_provisional", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("due_flag", "text", (c) => c.notNull().defaultTo("none"))
    .addColumn("acceptance_warned", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("handler_id", "text")
    .addColumn("claimed_at", "text")
    .addColumn("decision", "text")
    .addColumn("decided_at", "text")
    .addColumn("result", "text")
    .addColumn("result_reason", "text")
    .addColumn("result_name", "text")
    .addColumn("result_number", "text")
    .addColumn("completed_at", "text")
    .addColumn("delivery_method", "text")
    .addColumn("delivered_at", "text")
    .addColumn("collected_by", "text")
    .addColumn("tracking_number", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // Front office: a site's cases by state and due date; back office: a department's; a handler's own.
  await db.schema.createIndex("cases_site_state_due").on("cases").columns(["site_id", "state", "due_date"]).execute();
  await db.schema.createIndex("cases_dept_state_due").on("cases").columns(["department_id", "state", "due_date"]).execute();
  await db.schema.createIndex("cases_handler").on("cases").columns(["handler_id", "state"]).execute();
  await db.schema.createIndex("cases_state_received").on("cases").columns(["state", "received_at"]).execute();
  await db.schema.createIndex("cases_applicant").on("cases").columns(["applicant_id_number"]).execute();
  await db.schema.createIndex("cases_received").on("cases").columns(["received_at"]).execute();

  await db.schema
    .createTable("case_steps")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("from_state", "text")
    .addColumn("to_state", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("actor_name", "text")
    .addColumn("site_id", "text")
    .addColumn("opinion", "text")
    .addColumn("data", "text")
    .addColumn("document_id", "text")
    .execute();
  await db.schema.createIndex("case_steps_case").on("case_steps").columns(["case_id", "at"]).execute();

  await db.schema
    .createTable("case_chases")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull())
    .addColumn("site_id", "text", (c) => c.notNull())
    .addColumn("department_id", "text", (c) => c.notNull())
    .addColumn("due_date", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .execute();
  await db.schema.createIndex("case_chases_case").on("case_chases").columns(["case_id", "due_date"]).unique().execute();
}
