import type { Executor, NewRow, Row } from "../../db/schema.js";

export async function findByUsername(db: Executor, username: string): Promise<Row<"users"> | undefined> {
  return db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
}

export async function findById(db: Executor, id: string): Promise<Row<"users"> | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertUser(db: Executor, row: NewRow<"users">): Promise<void> {
  await db.insertInto("users").values(row).execute();
}

export async function updateUser(db: Executor, id: string, patch: Partial<Row<"users">>): Promise<void> {
  await db.updateTable("users").set(patch).where("id", "=", id).execute();
}

/** Counts one failed sign-in atomically and returns the new count. */
export async function countFailure(db: Executor, id: string, at: string): Promise<number> {
  const row = await db
    .updateTable("users")
    .set((eb) => ({ failed_attempts: eb(eb.ref("failed_attempts"), "+", 1), updated_at: at }))
    .where("id", "=", id)
    .returning("failed_attempts")
    .executeTakeFirstOrThrow();
  return Number(row.failed_attempts);
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

/** Users holding any role at one of `sites` ("all": every user). */
export async function listUsers(db: Executor, sites: "all" | string[], siteId?: string): Promise<Row<"users">[]> {
  let q = db.selectFrom("users").selectAll();
  const scope = siteId ? [siteId] : sites;
  if (scope !== "all") {
    if (scope.length === 0) return [];
    q = q.where("id", "in", db.selectFrom("role_grants").select("user_id").where("site_id", "in", scope));
  }
  return q.orderBy("username").execute();
}

export async function namesOf(db: Executor, ids: string[]): Promise<Pick<Row<"users">, "id" | "username" | "display_name">[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("users").select(["id", "username", "display_name"]).where("id", "in", ids).execute();
}
