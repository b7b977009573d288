import type { Executor, NewRow, Row } from "../../db/schema.js";

/** All SQL of the personal-data read log. */
export async function hasRead(db: Executor, actorId: string, entityType: string, entityId: string, day: string): Promise<boolean> {
  const r = await db
    .selectFrom("personal_data_reads")
    .select("id")
    .where("actor_id", "=", actorId)
    .where("entity_type", "=", entityType)
    .where("entity_id", "=", entityId)
    .where("day", "=", day)
    .executeTakeFirst();
  return r !== undefined;
}

export async function insertRead(db: Executor, row: NewRow<"personal_data_reads">): Promise<void> {
  await db
    .insertInto("personal_data_reads")
    .values(row)
    .onConflict((oc) => oc.columns(["actor_id", "entity_type", "entity_id", "day"]).doNothing())
    .execute();
}

export async function readsOf(db: Executor, entityType: string, entityId: string): Promise<Row<"personal_data_reads">[]> {
  return db
    .selectFrom("personal_data_reads")
    .selectAll()
    .where("entity_type", "=", entityType)
    .where("entity_id", "=", entityId)
    .orderBy("first_at")
    .execute();
}
