import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. Appointments (预约) and the notification outbox.
// - appointment_services: what a site offers for booking (a queue, optionally one catalog item),
//   its slot length, places per slot and the booking rules;
// - appointment_capacity_days: a manager's change of places (or closing) for one day;
// - appointment_slots: one counter row per slot that has been booked at all: `taken` counts
//   holds and bookings and only moves by a conditional update (taken < capacity), so the last
//   place is given once on both engines;
// - appointments: holds, bookings and their life (checked in, cancelled, no-show …);
// - appointment_person_locks: a row per ID number / phone, locked while a booking is checked
//   against the per-person rules, so parallel confirmations cannot pass them;
// - appointment_waitlist, appointment_lifts (a manager lifting a no-show restriction),
//   appointment_overrides (late changes by the site: visible to the district office),
//   verification_codes, outbox.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("appointment_services")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "text", (c) => c.notNull().references("sites.id"))
    .addColumn("queue_id", "text", (c) => c.notNull().references("queues.id"))
    .addColumn("item_id", "text")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("slot_minutes", "integer", (c) => c.notNull())
    .addColumn("capacity", "integer", (c) => c.notNull())
    .addColumn("earliest_hours", "integer", (c) => c.notNull())
    .addColumn("latest_days", "integer", (c) => c.notNull())
    .addColumn("cancel_cutoff_hours", "integer", (c) => c.notNull())
    .addColumn("per_phone_limit", "integer", (c) => c.notNull())
    .addColumn("per_id_limit", "integer", (c) => c.notNull())
    .addColumn("late_grace_min", "integer", (c) => c.notNull())
    .addColumn("hold_minutes", "integer", (c) => c.notNull())
    .addColumn("noshow_limit", "integer", (c) => c.notNull())
    .addColumn("noshow_window_days", "integer", (c) => c.notNull())
    .addColumn("noshow_block_days", "integer", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("appointment_services_site").on("appointment_services").column("site_id").execute();

  await db.schema
    .createTable("appointment_capacity_days")
    .addColumn("service_id", "text", (c) => c.notNull())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("capacity", "integer", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("appointment_capacity_days_pk", ["service_id", "date"])
    .execute();

  await db.schema
    .createTable("appointment_slots")
    .addColumn("service_id", "text", (c) => c.notNull())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("start", "text", (c) => c.notNull())
    .addColumn("taken", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("appointment_slots_pk", ["service_id", "date", "start"])
    .execute();

  await db.schema
    .createTable("appointments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "text", (c) => c.notNull())
    .addColumn("service_id", "text", (c) => c.notNull())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("start", "text", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("hold_token", "text", (c) => c.unique())
    .addColumn("link_token", "text", (c) => c.unique())
    .addColumn("hold_expires_at", "text")
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("applicant_name", "text")
    .addColumn("applicant_phone", "text")
    .addColumn("applicant_id_number", "text")
    .addColumn("applicant_email", "text")
    .addColumn("booked_at", "text")
    .addColumn("booked_by", "text")
    .addColumn("checked_in_at", "text")
    .addColumn("ticket_id", "text")
    .addColumn("cancelled_at", "text")
    .addColumn("cancel_reason", "text")
    .addColumn("rebooked_from", "text")
    .addColumn("reminded_day", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reminded_hour", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("notified_soon", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("appointments_slot").on("appointments").columns(["service_id", "date", "start", "state"]).execute();
  await db.schema.createIndex("appointments_site_date").on("appointments").columns(["site_id", "date", "state"]).execute();
  await db.schema.createIndex("appointments_state_start").on("appointments").columns(["state", "starts_at"]).execute();
  await db.schema.createIndex("appointments_checked_in").on("appointments").columns(["state", "date", "notified_soon"]).execute();
  await db.schema.createIndex("appointments_id_number").on("appointments").columns(["applicant_id_number", "state"]).execute();
  await db.schema.createIndex("appointments_phone").on("appointments").columns(["applicant_phone", "state"]).execute();

  await db.schema
    .createTable("appointment_person_locks")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("n", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("appointment_waitlist")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "text", (c) => c.notNull())
    .addColumn("service_id", "text", (c) => c.notNull())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("start", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("applicant_name", "text", (c) => c.notNull())
    .addColumn("applicant_phone", "text", (c) => c.notNull())
    .addColumn("applicant_id_number", "text", (c) => c.notNull())
    .addColumn("appointment_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("offered_at", "text")
    .execute();
  await db.schema
    .createIndex("appointment_waitlist_slot")
    .on("appointment_waitlist")
    .columns(["service_id", "date", "start", "state"])
    .execute();

  await db.schema
    .createTable("appointment_lifts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "text", (c) => c.notNull())
    .addColumn("id_number", "text", (c) => c.notNull())
    .addColumn("lifted_at", "text", (c) => c.notNull())
    .addColumn("lifted_by", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("appointment_lifts_person").on("appointment_lifts").columns(["site_id", "id_number"]).execute();

  await db.schema
    .createTable("appointment_overrides")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "text", (c) => c.notNull())
    .addColumn("appointment_id", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("minutes_before", "integer", (c) => c.notNull())
    .addColumn("explanation", "text", (c) => c.notNull())
    .addColumn("override_reason", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("user_name", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("appointment_overrides_site").on("appointment_overrides").columns(["site_id", "at"]).execute();

  await db.schema
    .createTable("verification_codes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("verification_codes_phone").on("verification_codes").columns(["phone", "created_at"]).execute();

  await db.schema
    .createTable("outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("site_id", "text")
    .addColumn("appointment_id", "text")
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("outbox_due").on("outbox").columns(["state", "next_attempt_at"]).execute();
  await db.schema.createIndex("outbox_site").on("outbox").columns(["site_id", "created_at"]).execute();
}
