import type { Executor, NewRow, Row } from "../../db/schema.js";
import "./pairing.tables.js";

/** All SQL of device pairing by short code. */
export async function insertPairing(db: Executor, row: NewRow<"device_pairings">): Promise<void> {
  await db.insertInto("device_pairings").values(row).execute();
}

export async function findById(db: Executor, id: string): Promise<Row<"device_pairings"> | undefined> {
  return db.selectFrom("device_pairings").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findByCode(db: Executor, code: string): Promise<Row<"device_pairings"> | undefined> {
  return db.selectFrom("device_pairings").selectAll().where("code", "=", code).executeTakeFirst();
}

export async function countLive(db: Executor, nowIso: string): Promise<number> {
  const r = await db
    .selectFrom("device_pairings")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("expires_at", ">", nowIso)
    .where("confirmed_at", "is", null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function deleteExpired(db: Executor, nowIso: string): Promise<void> {
  await db.deleteFrom("device_pairings").where("expires_at", "<=", nowIso).execute();
}

/** Confirms a pairing still open; false if someone confirmed it first or it expired. */
export async function confirm(
  db: Executor,
  id: string,
  nowIso: string,
  patch: Pick<Row<"device_pairings">, "site_id" | "device_id" | "confirmed_by" | "confirmed_at" | "token">,
): Promise<boolean> {
  const r = await db
    .updateTable("device_pairings")
    .set(patch)
    .where("id", "=", id)
    .where("confirmed_at", "is", null)
    .where("expires_at", ">", nowIso)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Hands the token over once: it is cleared in the same statement that reads it back. */
export async function collect(db: Executor, id: string, nowIso: string): Promise<boolean> {
  const r = await db
    .updateTable("device_pairings")
    .set({ token: null, collected_at: nowIso })
    .where("id", "=", id)
    .where("token", "is not", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
