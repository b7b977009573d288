import type { Executor, NewRow, Row } from "../../db/schema.js";

// ---- services and capacity ------------------------------------------------------------------

export async function servicesOf(db: Executor, siteId: string): Promise<Row<"appointment_services">[]> {
  return db.selectFrom("appointment_services").selectAll().where("site_id", "=", siteId).orderBy("created_at").execute();
}

export async function activeServicesOfItem(db: Executor, itemId: string): Promise<Row<"appointment_services">[]> {
  return db
    .selectFrom("appointment_services")
    .selectAll()
    .where("item_id", "=", itemId)
    .where("active", "=", 1)
    .orderBy("created_at")
    .execute();
}

export async function findService(db: Executor, id: string): Promise<Row<"appointment_services"> | undefined> {
  return db.selectFrom("appointment_services").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertService(db: Executor, row: NewRow<"appointment_services">): Promise<void> {
  await db.insertInto("appointment_services").values(row).execute();
}

export async function updateService(db: Executor, id: string, patch: Partial<Row<"appointment_services">>): Promise<void> {
  await db.updateTable("appointment_services").set(patch).where("id", "=", id).execute();
}

export async function capacityDays(db: Executor, serviceId: string, from: string, to: string): Promise<Row<"appointment_capacity_days">[]> {
  return db
    .selectFrom("appointment_capacity_days")
    .selectAll()
    .where("service_id", "=", serviceId)
    .where("date", ">=", from)
    .where("date", "<=", to)
    .execute();
}

export async function upsertCapacityDay(db: Executor, row: Row<"appointment_capacity_days">): Promise<void> {
  const { service_id: _s, date: _d, ...rest } = row;
  await db
    .insertInto("appointment_capacity_days")
    .values(row)
    .onConflict((oc) => oc.columns(["service_id", "date"]).doUpdateSet(rest))
    .execute();
}

export async function deleteCapacityDay(db: Executor, serviceId: string, date: string): Promise<number> {
  const r = await db
    .deleteFrom("appointment_capacity_days")
    .where("service_id", "=", serviceId)
    .where("date", "=", date)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---- slot counters --------------------------------------------------------------------------

export async function takenBetween(
  db: Executor,
  serviceId: string,
  from: string,
  to: string,
): Promise<Pick<Row<"appointment_slots">, "date" | "start" | "taken">[]> {
  return db
    .selectFrom("appointment_slots")
    .select(["date", "start", "taken"])
    .where("service_id", "=", serviceId)
    .where("date", ">=", from)
    .where("date", "<=", to)
    .execute();
}

/**
 * Takes one place of a slot if one is free, in one statement: the counter row is created at the
 * first booking and otherwise advanced only while `taken < capacity`. The row stays locked until
 * commit on PostgreSQL (READ COMMITTED re-checks the condition after the wait); SQLite has one
 * writer. So the last place goes to exactly one caller.
 */
export async function takePlace(db: Executor, serviceId: string, date: string, start: string, capacity: number): Promise<boolean> {
  if (capacity < 1) return false;
  const row = await db
    .insertInto("appointment_slots")
    .values({ service_id: serviceId, date, start, taken: 1 })
    .onConflict((oc) =>
      oc
        .columns(["service_id", "date", "start"])
        .doUpdateSet((eb) => ({ taken: eb(eb.ref("appointment_slots.taken"), "+", 1) }))
        .where("appointment_slots.taken", "<", capacity),
    )
    .returning("taken")
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Holds a slot's counter row to the end of the transaction (a no-op update; SQLite transactions are
 * serial anyway). Everything that changes a slot's places takes this lock first, so the lock order
 * is always slot, then bookings: no deadlock between the sweeper and a booking on PostgreSQL.
 */
export async function lockSlot(db: Executor, serviceId: string, date: string, start: string): Promise<void> {
  await db
    .updateTable("appointment_slots")
    .set((eb) => ({ taken: eb.ref("taken") }))
    .where("service_id", "=", serviceId)
    .where("date", "=", date)
    .where("start", "=", start)
    .execute();
}

export async function releasePlace(db: Executor, serviceId: string, date: string, start: string): Promise<void> {
  await db
    .updateTable("appointment_slots")
    .set((eb) => ({ taken: eb(eb.ref("taken"), "-", 1) }))
    .where("service_id", "=", serviceId)
    .where("date", "=", date)
    .where("start", "=", start)
    .where("taken", ">", 0)
    .execute();
}

// ---- appointments ---------------------------------------------------------------------------

export async function insertAppointment(db: Executor, row: Row<"appointments">): Promise<void> {
  await db.insertInto("appointments").values(row).execute();
}

export async function findAppointment(db: Executor, id: string): Promise<Row<"appointments"> | undefined> {
  return db.selectFrom("appointments").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findByCode(db: Executor, code: string): Promise<Row<"appointments"> | undefined> {
  return db.selectFrom("appointments").selectAll().where("code", "=", code).executeTakeFirst();
}

export async function findByHoldToken(db: Executor, token: string): Promise<Row<"appointments"> | undefined> {
  return db.selectFrom("appointments").selectAll().where("hold_token", "=", token).executeTakeFirst();
}

/** The booking made from `id` by the one-click rebook after a site cancellation (whatever became of it). */
export async function rebookOf(db: Executor, id: string): Promise<Row<"appointments"> | undefined> {
  return db.selectFrom("appointments").selectAll().where("rebooked_from", "=", id).executeTakeFirst();
}

/** Holds a booking's row to the end of the transaction (a no-op update; SQLite is serial anyway). */
export async function lockAppointment(db: Executor, id: string): Promise<void> {
  await db
    .updateTable("appointments")
    .set((eb) => ({ id: eb.ref("id") }))
    .where("id", "=", id)
    .execute();
}

/** Moves an appointment only from one of the states just read: false when someone else moved it first. */
export async function transition(db: Executor, id: string, from: string[], patch: Partial<Row<"appointments">>): Promise<boolean> {
  const r = await db.updateTable("appointments").set(patch).where("id", "=", id).where("state", "in", from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function bookedForIdToday(db: Executor, siteId: string, date: string, idNumber: string): Promise<Row<"appointments">[]> {
  return db
    .selectFrom("appointments")
    .selectAll()
    .where("applicant_id_number", "=", idNumber)
    .where("state", "=", "booked")
    .where("site_id", "=", siteId)
    .where("date", "=", date)
    .orderBy("starts_at")
    .execute();
}

export async function appointmentsOfSite(
  db: Executor,
  siteId: string,
  from: string,
  to: string,
  serviceId?: string,
): Promise<Row<"appointments">[]> {
  let q = db
    .selectFrom("appointments")
    .selectAll()
    .where("site_id", "=", siteId)
    .where("date", ">=", from)
    .where("date", "<=", to)
    .where("state", "not in", ["held", "expired"]);
  if (serviceId) q = q.where("service_id", "=", serviceId);
  return q.orderBy("starts_at").orderBy("created_at").execute();
}

export async function heldBetween(db: Executor, serviceId: string, from: string, to: string) {
  return db
    .selectFrom("appointments")
    .select(["date", "start"])
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("service_id", "=", serviceId)
    .where("date", ">=", from)
    .where("date", "<=", to)
    .where("state", "=", "held")
    .groupBy(["date", "start"])
    .execute();
}

export async function expiredHolds(db: Executor, nowIso: string, slot?: { serviceId: string; date: string; start: string }) {
  let q = db.selectFrom("appointments").selectAll().where("state", "=", "held").where("hold_expires_at", "<", nowIso);
  if (slot) q = q.where("service_id", "=", slot.serviceId).where("date", "=", slot.date).where("start", "=", slot.start);
  return q.limit(500).execute();
}

/**
 * Bookings beginning in (from, until] that have not had this reminder, soonest first. One query
 * per reminder: bookings that already had their day reminder never crowd out those that have not.
 */
export async function bookedToRemind(
  db: Executor,
  fromIso: string,
  untilIso: string,
  flag: "reminded_day" | "reminded_hour",
): Promise<Row<"appointments">[]> {
  return db
    .selectFrom("appointments")
    .selectAll()
    .where("state", "=", "booked")
    .where("starts_at", ">", fromIso)
    .where("starts_at", "<=", untilIso)
    .where(flag, "=", 0)
    .orderBy("starts_at")
    .limit(1000)
    .execute();
}

export async function bookedEndedBefore(db: Executor, nowIso: string): Promise<Row<"appointments">[]> {
  // A booking ends after it starts: the bound on starts_at lets the (state, starts_at) index find them.
  return db
    .selectFrom("appointments")
    .selectAll()
    .where("state", "=", "booked")
    .where("starts_at", "<=", nowIso)
    .where("ends_at", "<=", nowIso)
    .limit(1000)
    .execute();
}

/** Today's checked-in holders not yet told that their turn is near. */
export async function checkedInUnnotified(db: Executor, date: string): Promise<Row<"appointments">[]> {
  return db
    .selectFrom("appointments")
    .selectAll()
    .where("state", "=", "checked_in")
    .where("date", "=", date)
    .where("notified_soon", "=", 0)
    .where("ticket_id", "is not", null)
    .limit(500)
    .execute();
}

export async function setFlag(db: Executor, id: string, flag: "reminded_day" | "reminded_hour" | "notified_soon"): Promise<boolean> {
  const r = await db
    .updateTable("appointments")
    .set({ [flag]: 1 })
    .where("id", "=", id)
    .where(flag, "=", 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- waitlist -------------------------------------------------------------------------------

/** This person's place on a slot's waiting list, if they are still waiting or have an offer. */
export async function waitlistEntryFor(db: Executor, serviceId: string, date: string, start: string, idNumber: string) {
  return db
    .selectFrom("appointment_waitlist")
    .select(["id", "state"])
    .where("service_id", "=", serviceId)
    .where("date", "=", date)
    .where("start", "=", start)
    .where("applicant_id_number", "=", idNumber)
    .where("state", "in", ["waiting", "offered"])
    .executeTakeFirst();
}

export async function insertWaitlist(db: Executor, row: Row<"appointment_waitlist">): Promise<void> {
  await db.insertInto("appointment_waitlist").values(row).execute();
}

export async function nextWaiting(db: Executor, serviceId: string, date: string, start: string) {
  return db
    .selectFrom("appointment_waitlist")
    .selectAll()
    .where("service_id", "=", serviceId)
    .where("date", "=", date)
    .where("start", "=", start)
    .where("state", "=", "waiting")
    .orderBy("created_at")
    .orderBy("id")
    .executeTakeFirst();
}

export async function countWaiting(db: Executor, serviceId: string, date: string, start: string): Promise<number> {
  const r = await db
    .selectFrom("appointment_waitlist")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("service_id", "=", serviceId)
    .where("date", "=", date)
    .where("start", "=", start)
    .where("state", "=", "waiting")
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function waitlistEntryOf(db: Executor, appointmentId: string) {
  return db.selectFrom("appointment_waitlist").selectAll().where("appointment_id", "=", appointmentId).executeTakeFirst();
}

export async function updateWaitlist(
  db: Executor,
  id: string,
  from: string,
  patch: Partial<Row<"appointment_waitlist">>,
): Promise<boolean> {
  const r = await db.updateTable("appointment_waitlist").set(patch).where("id", "=", id).where("state", "=", from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- overrides (A2) -------------------------------------------------------------------------

export async function insertOverride(db: Executor, row: Row<"appointment_overrides">): Promise<void> {
  await db.insertInto("appointment_overrides").values(row).execute();
}

export async function overridesOf(db: Executor, siteIds: "all" | string[], limit = 500): Promise<Row<"appointment_overrides">[]> {
  let q = db.selectFrom("appointment_overrides").selectAll();
  if (siteIds !== "all") {
    if (siteIds.length === 0) return [];
    q = q.where("site_id", "in", siteIds);
  }
  return q.orderBy("at", "desc").limit(limit).execute();
}

export async function waitingBetween(db: Executor, serviceId: string, from: string, to: string) {
  return db
    .selectFrom("appointment_waitlist")
    .select(["date", "start"])
    .where("service_id", "=", serviceId)
    .where("date", ">=", from)
    .where("date", "<=", to)
    .where("state", "=", "waiting")
    .execute();
}
