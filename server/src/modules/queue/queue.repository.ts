import { sql } from "kysely";
import { precompiled } from "../../db/precompiled.js";
import type { Executor, NewRow, Row } from "../../db/schema.js";
import "./summary.tables.js";

/**
 * The waiting line is indexed only among waiting tickets (partial indexes, migration 0007); the
 * condition is written as a literal so that the planners of both engines can use those indexes.
 */
const WAITING = sql.lit("waiting");
/** Tickets the day-end sweep closes; literal, like the partial index `tickets_open` (migration 0008). */
const OPEN_STATES = [sql.lit("waiting"), sql.lit("called"), sql.lit("parked")];

// ---- queues, dispatch, settings -------------------------------------------------------------

export async function queuesOf(db: Executor, siteId: string): Promise<Row<"queues">[]> {
  return db.selectFrom("queues").selectAll().where("site_id", "=", siteId).orderBy("sort").orderBy("prefix").execute();
}

export async function findQueue(db: Executor, siteId: string, id: string): Promise<Row<"queues"> | undefined> {
  return db.selectFrom("queues").selectAll().where("site_id", "=", siteId).where("id", "=", id).executeTakeFirst();
}

export async function insertQueue(db: Executor, row: NewRow<"queues">): Promise<void> {
  await db.insertInto("queues").values(row).execute();
}

export async function updateQueue(db: Executor, id: string, patch: Partial<Row<"queues">>): Promise<void> {
  await db.updateTable("queues").set(patch).where("id", "=", id).execute();
}

export async function windowQueuesOfSite(db: Executor, siteId: string): Promise<Row<"window_queues">[]> {
  return db.selectFrom("window_queues").selectAll().where("site_id", "=", siteId).orderBy("rank").execute();
}

const windowQueuesQ = precompiled((db, windowId: string) =>
  db.selectFrom("window_queues").selectAll().where("window_id", "=", windowId).orderBy("rank"),
);
export async function windowQueues(db: Executor, windowId: string): Promise<Row<"window_queues">[]> {
  return windowQueuesQ(db, windowId);
}

export async function replaceWindowQueues(db: Executor, siteId: string, windowId: string, queueIds: string[]): Promise<void> {
  await db.deleteFrom("window_queues").where("window_id", "=", windowId).execute();
  if (queueIds.length > 0) {
    await db
      .insertInto("window_queues")
      .values(queueIds.map((queue_id, rank) => ({ window_id: windowId, queue_id, site_id: siteId, rank })))
      .execute();
  }
}

export async function settingsOf(db: Executor, siteId: string): Promise<Row<"queue_settings"> | undefined> {
  return db.selectFrom("queue_settings").selectAll().where("site_id", "=", siteId).executeTakeFirst();
}

export async function upsertSettings(db: Executor, row: Row<"queue_settings">): Promise<void> {
  const { site_id: _s, ...rest } = row;
  await db
    .insertInto("queue_settings")
    .values(row)
    .onConflict((oc) => oc.column("site_id").doUpdateSet(rest))
    .execute();
}

// ---- numbers --------------------------------------------------------------------------------

/** Moves a queue's waiting count when a ticket joins (+1) or leaves (−1) the line. */
const adjustWaitingQ = precompiled((db, queueId: string, date: string, initial: number, delta: number) =>
  db
    .insertInto("queue_counters")
    .values({ queue_id: queueId, service_date: date, last_seq: 0, waiting: initial })
    .onConflict((oc) =>
      oc.columns(["queue_id", "service_date"]).doUpdateSet((eb) => ({ waiting: eb(eb.ref("queue_counters.waiting"), "+", delta) })),
    )
    .returning("waiting"),
);
export async function adjustWaiting(db: Executor, queueId: string, date: string, delta: number): Promise<number> {
  const [r] = await adjustWaitingQ(db, queueId, date, Math.max(0, delta), delta);
  if (!r) throw new Error("queue counter upsert returned no row");
  return Number(r.waiting);
}

/** A ticket of the queue was served in `ms` (call to finish): the day's totals the wait estimate reads. */
const addServedQ = precompiled((db, queueId: string, date: string, ms: number) =>
  db
    .insertInto("queue_counters")
    .values({ queue_id: queueId, service_date: date, last_seq: 0, served: 1, service_ms: ms })
    .onConflict((oc) =>
      oc.columns(["queue_id", "service_date"]).doUpdateSet((eb) => ({
        served: eb(eb.ref("queue_counters.served"), "+", 1),
        service_ms: eb(eb.ref("queue_counters.service_ms"), "+", ms),
      })),
    ),
);
export async function addServed(db: Executor, queueId: string, date: string, ms: number): Promise<void> {
  await addServedQ(db, queueId, date, Math.max(0, Math.round(ms)));
}

const serviceTotalsQ = precompiled((db, queueId: string, date: string) =>
  db.selectFrom("queue_counters").select(["served", "service_ms"]).where("queue_id", "=", queueId).where("service_date", "=", date),
);
/** How many the queue served this day and in how long altogether: one row, however long the day. */
export async function serviceTotals(db: Executor, queueId: string, date: string): Promise<{ served: number; serviceMs: number }> {
  const [r] = await serviceTotalsQ(db, queueId, date);
  return { served: Number(r?.served ?? 0), serviceMs: Number(r?.service_ms ?? 0) };
}

// ---- tickets --------------------------------------------------------------------------------

const insertTicketQ = precompiled((db, row: Row<"tickets">) => db.insertInto("tickets").values(row));
export async function insertTicket(db: Executor, row: Row<"tickets">): Promise<void> {
  await insertTicketQ(db, row);
}

const findTicketQ = precompiled((db, id: string) => db.selectFrom("tickets").selectAll().where("id", "=", id));
export async function findTicket(db: Executor, id: string): Promise<Row<"tickets"> | undefined> {
  return (await findTicketQ(db, id))[0];
}

export async function findTicketByCode(db: Executor, code: string): Promise<Row<"tickets"> | undefined> {
  return db.selectFrom("tickets").selectAll().where("code", "=", code).executeTakeFirst();
}

/** Moves a ticket from one state to the next only if it is still in an expected state: the claim
 * that keeps two windows (or two instances) from taking the same ticket. Returns whether it moved. */
export async function transition(
  db: Executor,
  id: string,
  from: string[],
  patch: Partial<Row<"tickets">>,
): Promise<Row<"tickets"> | undefined> {
  return (await transitionQ(db, id, from, patch))[0];
}
const transitionQ = precompiled((db, id: string, from: string[], patch: Partial<Row<"tickets">>) =>
  db.updateTable("tickets").set(patch).where("id", "=", id).where("state", "in", from).returningAll(),
);

/** A transition of the ticket a window holds, in one statement (no read before it). */
export async function transitionAtWindow(
  db: Executor,
  id: string,
  windowId: string,
  from: string[],
  patch: Partial<Row<"tickets">>,
): Promise<Row<"tickets"> | undefined> {
  return (await transitionAtWindowQ(db, id, windowId, from, patch))[0];
}
const transitionAtWindowQ = precompiled((db, id: string, windowId: string, from: string[], patch: Partial<Row<"tickets">>) =>
  db.updateTable("tickets").set(patch).where("id", "=", id).where("window_id", "=", windowId).where("state", "in", from).returningAll(),
);

export async function countPersonTickets(db: Executor, queueId: string, date: string, idNumber: string): Promise<number> {
  const r = await db
    .selectFrom("tickets")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("origin_queue_id", "=", queueId)
    .where("service_date", "=", date)
    .where("applicant_id_number", "=", idNumber)
    .where("state", "!=", "cancelled")
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countPhoneTickets(db: Executor, queueId: string, date: string, phone: string): Promise<number> {
  const r = await db
    .selectFrom("tickets")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("origin_queue_id", "=", queueId)
    .where("service_date", "=", date)
    .where("applicant_phone", "=", phone)
    .where("channel", "=", "online")
    .where("state", "!=", "cancelled")
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

type CandidateRow = Pick<
  Row<"tickets">,
  "id" | "queue_id" | "priority_class" | "arrived_at" | "seq" | "appointment_at" | "target_window_id"
>;
const CANDIDATE_COLS = ["id", "queue_id", "priority_class", "arrived_at", "seq", "appointment_at", "target_window_id"] as const;

/** The heads of every lane a window may call from: targeted at it, non-normal, and per queue normal. */
export async function candidates(
  db: Executor,
  siteId: string,
  date: string,
  windowId: string,
  queueIds: string[],
  perLane = 8,
): Promise<CandidateRow[]> {
  // Referred to this window by name: looked up by the window alone (its own index), not the site's line.
  const targeted = targetedQ(db, windowId, date, perLane);
  if (queueIds.length === 0) return targeted;
  // The special lanes are read apart: statutory priority by arrival, appointments by slot, so many
  // early check-ins cannot crowd an elderly ticket out of the rows the calling order sees.
  const priority = priorityQ(db, siteId, date, queueIds, perLane * 4);
  const appointments = appointmentQ(db, siteId, date, queueIds, perLane * 4);
  const normals = queueIds.map((q) => normalQ(db, siteId, date, q, perLane));
  const rows = (await Promise.all([targeted, priority, appointments, ...normals])).flat();
  // A priority ticket that is also an appointment comes in both lanes: keep it once.
  return rows.filter((r, i) => rows.findIndex((x) => x.id === r.id) === i);
}
const targetedQ = precompiled((db, windowId: string, date: string, limit: number) =>
  db
    .selectFrom("tickets")
    .select(CANDIDATE_COLS)
    .where("target_window_id", "=", windowId)
    .where("service_date", "=", date)
    .where("state", "=", WAITING)
    .orderBy("arrived_at")
    .orderBy("seq")
    .limit(limit),
);
const lane = (db: Executor, siteId: string, date: string) =>
  db
    .selectFrom("tickets")
    .select(CANDIDATE_COLS)
    .where("site_id", "=", siteId)
    .where("service_date", "=", date)
    .where("state", "=", WAITING);
const priorityQ = precompiled((db, siteId: string, date: string, queueIds: string[], limit: number) =>
  lane(db, siteId, date)
    .where("queue_id", "in", queueIds)
    .where("special", "=", 1)
    .where("priority_class", "<>", "normal")
    .orderBy("arrived_at")
    .orderBy("seq")
    .limit(limit),
);
const appointmentQ = precompiled((db, siteId: string, date: string, queueIds: string[], limit: number) =>
  lane(db, siteId, date)
    .where("queue_id", "in", queueIds)
    .where("special", "=", 1)
    .where("appointment_at", "is not", null)
    .orderBy("appointment_at")
    .orderBy("arrived_at")
    .limit(limit),
);
const normalQ = precompiled((db, siteId: string, date: string, queueId: string, limit: number) =>
  lane(db, siteId, date).where("queue_id", "=", queueId).where("special", "=", 0).orderBy("arrived_at").orderBy("seq").limit(limit),
);

export async function waitingOfQueues(
  db: Executor,
  siteId: string,
  date: string,
  queueIds: string[],
  limit: number,
): Promise<Row<"tickets">[]> {
  if (queueIds.length === 0) return [];
  return db
    .selectFrom("tickets")
    .selectAll()
    .where("site_id", "=", siteId)
    .where("service_date", "=", date)
    .where("state", "=", WAITING)
    .where("special", "in", [0, 1])
    .where("queue_id", "in", queueIds)
    .orderBy("arrived_at")
    .orderBy("seq")
    .limit(limit)
    .execute();
}

const ticketsOfWindowQ = precompiled((db, windowId: string, date: string, states: string[]) =>
  db
    .selectFrom("tickets")
    .selectAll()
    .where("window_id", "=", windowId)
    .where("service_date", "=", date)
    .where("state", "in", states)
    .orderBy("called_at"),
);
export async function ticketsOfWindow(db: Executor, windowId: string, date: string, states: string[]): Promise<Row<"tickets">[]> {
  return ticketsOfWindowQ(db, windowId, date, states);
}

/** A site's tickets of one day, found through the per-queue numbering index (no index of its own to write). */
export async function ticketsOfDay(db: Executor, siteId: string, date: string): Promise<Row<"tickets">[]> {
  return db
    .selectFrom("tickets")
    .selectAll()
    .where("origin_queue_id", "in", (eb) => eb.selectFrom("queues").select("id").where("site_id", "=", siteId))
    .where("service_date", "=", date)
    .where("site_id", "=", siteId)
    .orderBy("issued_at")
    .execute();
}

/** How many wait before a ticket in its queue (earlier arrival; ties by id). Index range count. */
export async function countAhead(
  db: Executor,
  t: Pick<Row<"tickets">, "site_id" | "service_date" | "queue_id" | "arrived_at" | "seq" | "id">,
): Promise<number> {
  const r = await db
    .selectFrom("tickets")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("site_id", "=", t.site_id)
    .where("service_date", "=", t.service_date)
    .where("state", "=", WAITING)
    .where("special", "in", [0, 1])
    .where("queue_id", "=", t.queue_id)
    .where((eb) =>
      eb.or([
        eb("arrived_at", "<", t.arrived_at),
        eb.and([eb("arrived_at", "=", t.arrived_at), eb.or([eb("seq", "<", t.seq), eb.and([eb("seq", "=", t.seq), eb("id", "<", t.id)])])]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Waiting ids of one queue in arrival order (for positions on live-ticket pages). */
export async function waitingIds(db: Executor, siteId: string, queueId: string, date: string): Promise<string[]> {
  const rows = await db
    .selectFrom("tickets")
    .select("id")
    .where("site_id", "=", siteId)
    .where("queue_id", "=", queueId)
    .where("service_date", "=", date)
    .where("state", "=", WAITING)
    .where("special", "in", [0, 1])
    .orderBy("arrived_at")
    .orderBy("seq")
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/** People waiting per queue of a site today, from the counters (no scan of the line). */
export async function waitingCounts(db: Executor, queueIds: string[], date: string): Promise<{ queue_id: string; n: number }[]> {
  if (queueIds.length === 0) return [];
  const rows = await db
    .selectFrom("queue_counters")
    .select(["queue_id", "waiting"])
    .where("service_date", "=", date)
    .where("queue_id", "in", queueIds)
    .execute();
  return rows.map((r) => ({ queue_id: r.queue_id, n: Number(r.waiting) }));
}

/** Tickets left open at day end, on this site's days up to and including `date`. */
export async function openTicketsUpTo(db: Executor, siteId: string, date: string): Promise<Row<"tickets">[]> {
  return db
    .selectFrom("tickets")
    .selectAll()
    .where("site_id", "=", siteId)
    .where("service_date", "<=", date)
    .where("state", "in", OPEN_STATES)
    .execute();
}

/** Tickets of a channel (e.g. online) a queue issued on a day, cancelled ones included: a share once used stays used. */
export async function countChannelTickets(db: Executor, queueId: string, date: string, channel: string): Promise<number> {
  const r = await db
    .selectFrom("tickets")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("origin_queue_id", "=", queueId)
    .where("service_date", "=", date)
    .where("channel", "=", channel)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A site's tickets of one day by state, with the earliest arrival in each (an index range on tickets_waiting). */
export async function dayStateCounts(
  db: Executor,
  siteId: string,
  date: string,
): Promise<{ state: string; n: number; earliest: string | null }[]> {
  const rows = await db
    .selectFrom("tickets")
    .select((eb) => ["state", eb.fn.countAll<number>().as("n"), eb.fn.min("arrived_at").as("earliest")])
    .where("site_id", "=", siteId)
    .where("service_date", "=", date)
    .groupBy("state")
    .execute();
  return rows.map((r) => ({ state: r.state, n: Number(r.n), earliest: (r.earliest as string | null) ?? null }));
}

/** The last summary of each site sent on the district stream. */
export function siteSummaries(db: Executor): Promise<Row<"queue_site_summaries">[]> {
  return db.selectFrom("queue_site_summaries").selectAll().execute();
}

export async function upsertSiteSummary(db: Executor, row: Row<"queue_site_summaries">): Promise<void> {
  const { site_id: _s, ...rest } = row;
  await db
    .insertInto("queue_site_summaries")
    .values(row)
    .onConflict((oc) => oc.column("site_id").doUpdateSet(rest))
    .execute();
}
