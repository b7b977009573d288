import { precompiled } from "../../db/precompiled.js";
import type { Executor, NewRow, Row } from "../../db/schema.js";

/** All SQL of the queue's event log: the permanent record of every step and the streams' replay log. */
/** Stores an event under the next number of its site; returns that number (the stream id). */
export async function insertEvent(db: Executor, row: Omit<NewRow<"queue_events">, "seq">): Promise<number> {
  const [next] = await nextEventSeq(db, row.site_id);
  if (!next) throw new Error("event counter upsert returned no row");
  const seq = Number(next.last);
  await insertEventQ(db, { ...row, seq });
  return seq;
}
const nextEventSeq = precompiled((db, siteId: string) =>
  db
    .insertInto("site_event_seq")
    .values({ site_id: siteId, last: 1 })
    .onConflict((oc) => oc.column("site_id").doUpdateSet((eb) => ({ last: eb(eb.ref("site_event_seq.last"), "+", 1) })))
    .returning("last"),
);
const insertEventQ = precompiled((db, row: NewRow<"queue_events">) => db.insertInto("queue_events").values(row));

export async function eventsAfter(db: Executor, siteId: string, afterId: number, limit: number): Promise<Row<"queue_events">[]> {
  return db
    .selectFrom("queue_events")
    .selectAll()
    .where("site_id", "=", siteId)
    .where("seq", ">", afterId)
    .orderBy("seq")
    .limit(limit)
    .execute();
}

export async function lastCalls(db: Executor, siteId: string, sinceIso: string, limit: number): Promise<Row<"queue_events">[]> {
  return db
    .selectFrom("queue_events")
    .selectAll()
    .where("site_id", "=", siteId)
    .where("at", ">=", sinceIso)
    .where("type", "in", ["ticket.called", "ticket.recalled"])
    .orderBy("seq", "desc")
    .limit(limit)
    .execute();
}

export async function latestEventId(db: Executor, siteId: string): Promise<number> {
  const r = await db
    .selectFrom("queue_events")
    .select((eb) => eb.fn.max("seq").as("m"))
    .where("site_id", "=", siteId)
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}
