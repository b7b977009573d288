import type { Executor, Row } from "../../db/schema.js";

type Key = { scope: string; key: string };

export async function findKey(db: Executor, k: Key): Promise<Row<"idempotency_keys"> | undefined> {
  return db.selectFrom("idempotency_keys").selectAll().where("scope", "=", k.scope).where("key", "=", k.key).executeTakeFirst();
}

/**
 * Claims a key (status 0, running). On PostgreSQL a concurrent claim of the same key waits for the
 * first transaction and then finds the row; on SQLite writers are serial. False: someone has it.
 */
export async function claimKey(db: Executor, row: Row<"idempotency_keys">): Promise<boolean> {
  const r = await db
    .insertInto("idempotency_keys")
    .values(row)
    .onConflict((oc) => oc.columns(["scope", "key"]).doNothing())
    .returning("key")
    .execute();
  return r.length > 0;
}

/**
 * Records the first answer: over the request's own running claim (its `owner` in `body`), or, if
 * it never claimed (refused before writing) or its claim rolled back, as a new row unless another
 * request holds the key by now.
 */
export async function completeKey(
  db: Executor,
  k: Key,
  owner: string,
  answer: Omit<Row<"idempotency_keys">, "scope" | "key">,
): Promise<void> {
  const r = await db
    .updateTable("idempotency_keys")
    .set({ status: answer.status, body: answer.body })
    .where("scope", "=", k.scope)
    .where("key", "=", k.key)
    .where("status", "=", 0)
    .where("body", "=", owner)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) > 0) return;
  await db
    .insertInto("idempotency_keys")
    .values({ scope: k.scope, key: k.key, ...answer })
    .onConflict((oc) => oc.columns(["scope", "key"]).doNothing())
    .execute();
}

export async function deleteKey(db: Executor, k: Key): Promise<void> {
  await db.deleteFrom("idempotency_keys").where("scope", "=", k.scope).where("key", "=", k.key).execute();
}

/** Drops keys past their time; returns how many. */
export async function deleteExpired(db: Executor, nowIso: string): Promise<number> {
  const r = await db.deleteFrom("idempotency_keys").where("expires_at", "<", nowIso).executeTakeFirst();
  return Number(r.numDeletedRows);
}
