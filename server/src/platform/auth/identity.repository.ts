import type { Executor, NewRow, Row } from "../../db/schema.js";
import type { RecordFilter } from "./access.js";

/**
 * Accounts, their grants and their sessions: who a user is and what they hold is needed by the
 * sign-in (auth), the staff administration, and every module that names people (posts, audit),
 * so the SQL over `users`, `role_grants` and `sessions` lives here, in the platform, once.
 */

export async function findUserByUsername(db: Executor, username: string): Promise<Row<"users"> | undefined> {
  return db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
}

export async function findUserById(db: Executor, id: string): Promise<Row<"users"> | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertUser(db: Executor, row: NewRow<"users">): Promise<void> {
  await db.insertInto("users").values(row).execute();
}

export async function updateUser(db: Executor, id: string, patch: Partial<Row<"users">>): Promise<void> {
  await db.updateTable("users").set(patch).where("id", "=", id).execute();
}

export async function displayNames(db: Executor, ids: string[]): Promise<Pick<Row<"users">, "id" | "display_name">[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("users").select(["id", "display_name"]).where("id", "in", ids).execute();
}

export async function grantsOf(db: Executor, userIds: string[]): Promise<Row<"role_grants">[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom("role_grants").selectAll().where("user_id", "in", userIds).orderBy("role").execute();
}

export async function insertGrants(db: Executor, rows: NewRow<"role_grants">[]): Promise<void> {
  if (rows.length > 0) await db.insertInto("role_grants").values(rows).execute();
}

export async function deleteGrants(db: Executor, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom("role_grants").where("id", "in", ids).execute();
}

/** Users holding any grant reached by `filter` (or, with `only`, a grant at that one site or department). */
export async function listUsers(
  db: Executor,
  filter: RecordFilter,
  only?: { siteId?: string; departmentId?: string },
): Promise<Row<"users">[]> {
  let q = db.selectFrom("users").selectAll();
  const sites = only ? (only.siteId ? [only.siteId] : []) : filter.all ? null : filter.siteIds;
  const departments = only ? (only.departmentId ? [only.departmentId] : []) : filter.all ? null : filter.departmentIds;
  if (sites !== null && departments !== null) {
    if (sites.length === 0 && departments.length === 0) return [];
    q = q.where(
      "id",
      "in",
      db
        .selectFrom("role_grants")
        .select("user_id")
        .where((eb) =>
          eb.or([
            ...(sites.length > 0 ? [eb("site_id", "in", sites)] : []),
            ...(departments.length > 0 ? [eb("department_id", "in", departments)] : []),
          ]),
        ),
    );
  }
  return q.orderBy("username").execute();
}

export async function insertSession(db: Executor, row: NewRow<"sessions">): Promise<void> {
  await db.insertInto("sessions").values(row).execute();
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

export async function userNamesOf(db: Executor, ids: string[]): Promise<Pick<Row<"users">, "id" | "username" | "display_name">[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("users").select(["id", "username", "display_name"]).where("id", "in", ids).execute();
}

/** Whether this browser token signed in as the user before; refreshes its last use. */
export async function touchLoginDevice(db: Executor, tokenHash: string, userId: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable("login_devices")
    .set({ last_used_at: at })
    .where("token_hash", "=", tokenHash)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertLoginDevice(db: Executor, row: NewRow<"login_devices">): Promise<void> {
  await db
    .insertInto("login_devices")
    .values(row)
    .onConflict((oc) => oc.columns(["token_hash", "user_id"]).doUpdateSet({ last_used_at: row.last_used_at }))
    .execute();
}
