import type { Executor, NewRow, Row } from "../../db/schema.js";

export async function insertSession(db: Executor, row: NewRow<"sessions">): Promise<void> {
  await db.insertInto("sessions").values(row).execute();
}

export async function findSession(db: Executor, id: string): Promise<Row<"sessions"> | undefined> {
  return db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function touchSession(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: at }).where("id", "=", id).execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

export async function deleteUserSessions(db: Executor, userId: string, exceptId?: string): Promise<void> {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptId) q = q.where("id", "!=", exceptId);
  await q.execute();
}
