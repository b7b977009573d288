import type { Executor, NewRow, Row } from "../../db/schema.js";

export async function insertDevice(db: Executor, row: NewRow<"devices">): Promise<void> {
  await db.insertInto("devices").values(row).execute();
}

export async function findByTokenHash(db: Executor, hash: string): Promise<Row<"devices"> | undefined> {
  return db.selectFrom("devices").selectAll().where("token_hash", "=", hash).executeTakeFirst();
}

export async function findById(db: Executor, id: string): Promise<Row<"devices"> | undefined> {
  return db.selectFrom("devices").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listBySite(db: Executor, siteId: string): Promise<Row<"devices">[]> {
  return db.selectFrom("devices").selectAll().where("site_id", "=", siteId).orderBy("created_at").execute();
}

export async function revoke(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable("devices").set({ revoked_at: at }).where("id", "=", id).execute();
}

export async function touch(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable("devices").set({ last_seen_at: at }).where("id", "=", id).execute();
}

export async function namesOf(db: Executor, ids: string[]): Promise<Pick<Row<"devices">, "id" | "name" | "kind">[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("devices").select(["id", "name", "kind"]).where("id", "in", ids).execute();
}
