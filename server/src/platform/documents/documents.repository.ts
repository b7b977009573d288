import type { Executor, NewRow, Row } from "../../db/schema.js";

export async function insertDocument(db: Executor, row: NewRow<"documents">): Promise<void> {
  await db.insertInto("documents").values(row).execute();
}

export async function findDocument(db: Executor, id: string): Promise<Row<"documents"> | undefined> {
  return db.selectFrom("documents").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The document already issued from this input for this subject, if any. */
export async function findByData(
  db: Executor,
  kind: string,
  subjectType: string,
  subjectId: string,
  dataSha256: string,
): Promise<Row<"documents"> | undefined> {
  return db
    .selectFrom("documents")
    .selectAll()
    .where("kind", "=", kind)
    .where("subject_type", "=", subjectType)
    .where("subject_id", "=", subjectId)
    .where("data_sha256", "=", dataSha256)
    .executeTakeFirst();
}

/** The documents of a subject, oldest first. */
export async function ofSubject(db: Executor, subjectType: string, subjectId: string): Promise<Row<"documents">[]> {
  return db
    .selectFrom("documents")
    .selectAll()
    .where("subject_type", "=", subjectType)
    .where("subject_id", "=", subjectId)
    .orderBy("created_at")
    .orderBy("seq")
    .execute();
}

/** Marks a document superseded, once: false when it already was (or does not exist). */
export async function supersede(db: Executor, id: string, by: string): Promise<boolean> {
  const r = await db
    .updateTable("documents")
    .set({ superseded_by: by })
    .where("id", "=", id)
    .where("superseded_by", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Records the rendered PDF, once: false when another render got there first. */
export async function setFile(db: Executor, id: string, fileId: string, sha256: string): Promise<boolean> {
  const r = await db
    .updateTable("documents")
    .set({ file_id: fileId, sha256 })
    .where("id", "=", id)
    .where("file_id", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
