import type { Executor, Row } from "../../db/schema.js";

/** The applicant side of the rules: per-person locks and limits, no-show lifts, verification codes. */

// ---- per-person rules -----------------------------------------------------------------------

/** Locks the person's row until commit (an upsert), so their bookings are checked one at a time. */
export async function lockPerson(db: Executor, key: string): Promise<void> {
  await db
    .insertInto("appointment_person_locks")
    .values({ key, n: 1 })
    .onConflict((oc) => oc.column("key").doUpdateSet((eb) => ({ n: eb(eb.ref("appointment_person_locks.n"), "+", 1) })))
    .execute();
}

export async function countOpen(
  db: Executor,
  siteId: string,
  by: { idNumber: string } | { phone: string },
  afterIso: string,
  exceptId: string,
): Promise<number> {
  let q = db
    .selectFrom("appointments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("site_id", "=", siteId)
    .where("state", "=", "booked")
    .where("starts_at", ">", afterIso)
    .where("id", "!=", exceptId);
  q = "idNumber" in by ? q.where("applicant_id_number", "=", by.idNumber) : q.where("applicant_phone", "=", by.phone);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function countSameDay(db: Executor, serviceId: string, date: string, idNumber: string, exceptId: string): Promise<number> {
  const r = await db
    .selectFrom("appointments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("applicant_id_number", "=", idNumber)
    .where("service_id", "=", serviceId)
    .where("date", "=", date)
    .where("state", "in", ["booked", "checked_in"])
    .where("id", "!=", exceptId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function noShowsSince(db: Executor, siteId: string, idNumber: string, sinceIso: string): Promise<string[]> {
  const rows = await db
    .selectFrom("appointments")
    .select("starts_at")
    .where("applicant_id_number", "=", idNumber)
    .where("state", "=", "no_show")
    .where("site_id", "=", siteId)
    .where("starts_at", ">=", sinceIso)
    .orderBy("starts_at", "desc")
    .execute();
  return rows.map((r) => r.starts_at);
}

export async function noShowsOfSite(db: Executor, siteId: string, sinceIso: string) {
  return db
    .selectFrom("appointments")
    .select(["applicant_id_number", "applicant_name", "starts_at"])
    .where("site_id", "=", siteId)
    .where("state", "=", "no_show")
    .where("starts_at", ">=", sinceIso)
    .orderBy("starts_at", "desc")
    .execute();
}

export async function lastLift(db: Executor, siteId: string, idNumber: string): Promise<Row<"appointment_lifts"> | undefined> {
  return db
    .selectFrom("appointment_lifts")
    .selectAll()
    .where("site_id", "=", siteId)
    .where("id_number", "=", idNumber)
    .orderBy("lifted_at", "desc")
    .executeTakeFirst();
}

export async function liftsOfSite(db: Executor, siteId: string): Promise<Row<"appointment_lifts">[]> {
  return db.selectFrom("appointment_lifts").selectAll().where("site_id", "=", siteId).orderBy("lifted_at", "desc").limit(200).execute();
}

export async function insertLift(db: Executor, row: Row<"appointment_lifts">): Promise<void> {
  await db.insertInto("appointment_lifts").values(row).execute();
}

// ---- verification codes ---------------------------------------------------------------------

export async function insertCode(db: Executor, row: Row<"verification_codes">): Promise<void> {
  await db.insertInto("verification_codes").values(row).execute();
}

export async function latestCode(db: Executor, phone: string): Promise<Row<"verification_codes"> | undefined> {
  return db.selectFrom("verification_codes").selectAll().where("phone", "=", phone).orderBy("created_at", "desc").executeTakeFirst();
}

export async function countCodesSince(db: Executor, phone: string, sinceIso: string): Promise<number> {
  const r = await db
    .selectFrom("verification_codes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("phone", "=", phone)
    .where("created_at", ">=", sinceIso)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Counts one try of a code if it has tries left and is unused; false when it has none. */
export async function countCodeTry(db: Executor, id: string, maxTries: number): Promise<boolean> {
  const r = await db
    .updateTable("verification_codes")
    .set((eb) => ({ attempts: eb(eb.ref("attempts"), "+", 1) }))
    .where("id", "=", id)
    .where("attempts", "<", maxTries)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function useCode(db: Executor, id: string, nowIso: string): Promise<boolean> {
  const r = await db
    .updateTable("verification_codes")
    .set({ used_at: nowIso })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
