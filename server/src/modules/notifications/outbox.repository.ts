import type { Executor, NewRow, Row } from "../../db/schema.js";

export async function insertMessage(db: Executor, row: NewRow<"outbox">): Promise<void> {
  await db.insertInto("outbox").values(row).execute();
}

/** Messages whose next attempt is due and that no instance is sending right now. */
export async function dueMessages(db: Executor, nowIso: string, limit: number): Promise<Row<"outbox">[]> {
  return db
    .selectFrom("outbox")
    .selectAll()
    .where("state", "=", "pending")
    .where("next_attempt_at", "<=", nowIso)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", nowIso)]))
    .orderBy("next_attempt_at")
    .limit(limit)
    .execute();
}

/** Claims a message for one sending attempt (a lease): false when another instance claimed it first. */
export async function claim(db: Executor, id: string, nowIso: string, leaseUntil: string): Promise<boolean> {
  const r = await db
    .updateTable("outbox")
    .set((eb) => ({ locked_until: leaseUntil, attempts: eb(eb.ref("attempts"), "+", 1) }))
    .where("id", "=", id)
    .where("state", "=", "pending")
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", nowIso)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records the outcome of a send only if the dispatcher still holds the message's lease. */
export async function updateLeased(db: Executor, id: string, lease: string, patch: Partial<Row<"outbox">>): Promise<void> {
  await db.updateTable("outbox").set(patch).where("id", "=", id).where("locked_until", "=", lease).execute();
}

/** Puts a failed message back in the queue; false if it is no longer failed. */
export async function retryFailed(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable("outbox")
    .set({ state: "pending", next_attempt_at: at, attempts: 0, locked_until: null })
    .where("id", "=", id)
    .where("state", "=", "failed")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findMessage(db: Executor, id: string): Promise<Row<"outbox"> | undefined> {
  return db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function messagesOfSite(db: Executor, siteId: string, state: string | undefined, limit: number): Promise<Row<"outbox">[]> {
  let q = db.selectFrom("outbox").selectAll().where("site_id", "=", siteId);
  if (state) q = q.where("state", "=", state);
  return q.orderBy("created_at", "desc").limit(limit).execute();
}

export async function messagesOfAppointment(db: Executor, appointmentId: string): Promise<Row<"outbox">[]> {
  return db.selectFrom("outbox").selectAll().where("appointment_id", "=", appointmentId).orderBy("created_at").execute();
}
