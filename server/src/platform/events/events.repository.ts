import { precompiled } from "../../db/precompiled.js";
import type { Executor, NewRow, Row } from "../../db/schema.js";

/** All SQL of the event store: the permanent record of every event and the streams' replay log. */

/** Stores an event under the next number of its stream; returns that number (the stream id). */
export async function insertEvent(db: Executor, row: Omit<NewRow<"events">, "seq">): Promise<number> {
  const [next] = await nextEventSeq(db, row.stream);
  if (!next) throw new Error("event counter upsert returned no row");
  const seq = Number(next.last);
  await insertEventQ(db, { ...row, seq });
  return seq;
}
// Both on the hot path (every issue and call): built and compiled once.
const nextEventSeq = precompiled((db, stream: string) =>
  db
    .insertInto("event_seq")
    .values({ stream, last: 1 })
    .onConflict((oc) => oc.column("stream").doUpdateSet((eb) => ({ last: eb(eb.ref("event_seq.last"), "+", 1) })))
    .returning("last"),
);
const insertEventQ = precompiled((db, row: NewRow<"events">) => db.insertInto("events").values(row));

export async function eventsAfter(db: Executor, stream: string, afterId: number, limit: number): Promise<Row<"events">[]> {
  return db.selectFrom("events").selectAll().where("stream", "=", stream).where("seq", ">", afterId).orderBy("seq").limit(limit).execute();
}

/** The latest events of some types in a stream since an instant, newest first. */
export async function latestOfTypes(
  db: Executor,
  stream: string,
  types: string[],
  sinceIso: string,
  limit: number,
): Promise<Row<"events">[]> {
  return db
    .selectFrom("events")
    .selectAll()
    .where("stream", "=", stream)
    .where("at", ">=", sinceIso)
    .where("type", "in", types)
    .orderBy("seq", "desc")
    .limit(limit)
    .execute();
}

/** The last number committed in a stream (0 when it has none). */
export async function latestEventId(db: Executor, stream: string): Promise<number> {
  const r = await db.selectFrom("event_seq").select("last").where("stream", "=", stream).executeTakeFirst();
  return Number(r?.last ?? 0);
}

/** The last number committed in each of these streams: one read for all of an instance's streams. */
export async function latestEventIds(db: Executor, streams: string[]): Promise<Map<string, number>> {
  if (streams.length === 0) return new Map();
  const rows = await db.selectFrom("event_seq").select(["stream", "last"]).where("stream", "in", streams).execute();
  return new Map(rows.map((r) => [r.stream, Number(r.last)]));
}
