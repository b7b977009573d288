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

/** A session with its user in one read: this runs on every signed-in request. */
export async function sessionWithUser(db: Executor, id: string) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.expires_at",
      "sessions.last_seen_at",
      "users.id as user_id",
      "users.username",
      "users.display_name",
      "users.active",
      "users.must_change_password",
    ])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
}
