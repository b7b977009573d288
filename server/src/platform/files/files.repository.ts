import type { Executor, NewRow, Row } from "../../db/schema.js";

/** Inserts a content unless it is stored already (same hash); true when this call stored it. */
export async function insertBlob(db: Executor, row: NewRow<"file_blobs">): Promise<boolean> {
  const r = await db
    .insertInto("file_blobs")
    .values(row)
    .onConflict((oc) => oc.column("sha256").doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function insertFile(db: Executor, row: NewRow<"files">): Promise<void> {
  await db.insertInto("files").values(row).execute();
}

export async function findFile(db: Executor, id: string): Promise<Row<"files"> | undefined> {
  return db.selectFrom("files").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findBlob(db: Executor, sha256: string): Promise<Row<"file_blobs"> | undefined> {
  return db.selectFrom("file_blobs").selectAll().where("sha256", "=", sha256).executeTakeFirst();
}

export async function existingFileIds(db: Executor, ids: string[], policy: string): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom("files").select("id").where("id", "in", ids).where("policy", "=", policy).execute()).map((r) => r.id);
}

export async function insertRead(db: Executor, row: NewRow<"file_reads">): Promise<void> {
  await db.insertInto("file_reads").values(row).execute();
}
