import { precompiled } from "../../db/precompiled.js";
import type { Executor } from "../../db/schema.js";

/**
 * Takes the next number of a counter: one upsert that creates the row at 1 or adds 1, and keeps
 * the row locked until the caller's transaction ends (PostgreSQL row lock; SQLite's one writer).
 */
const takeQ = precompiled((db, kind: string, scope: string, period: string) =>
  db
    .insertInto("number_counters")
    .values({ kind, scope, period, last: 1 })
    .onConflict((oc) => oc.columns(["kind", "scope", "period"]).doUpdateSet((eb) => ({ last: eb(eb.ref("number_counters.last"), "+", 1) })))
    .returning("last"),
);

export async function take(db: Executor, kind: string, scope: string, period: string): Promise<number> {
  const [row] = await takeQ(db, kind, scope, period);
  if (!row) throw new Error("number counter upsert returned no row");
  return Number(row.last);
}

/** The last number given, without taking one (0 when none was). */
export async function last(db: Executor, kind: string, scope: string, period: string): Promise<number> {
  const row = await db
    .selectFrom("number_counters")
    .select("last")
    .where("kind", "=", kind)
    .where("scope", "=", scope)
    .where("period", "=", period)
    .executeTakeFirst();
  return row ? Number(row.last) : 0;
}
