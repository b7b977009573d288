import type { Executor, Row } from "../../db/schema.js";
import type { Ctx } from "../context.js";
import type { BusMessage } from "./bus.js";
import * as eventsRepo from "./events.repository.js";
import type { EventMap, EventMessage, EventName, EventRefs } from "./types.js";

/** An event to store: its type, its stream (a site's id or `district`), room keys and payload. */
export type NewEvent<K extends EventName = EventName> = K extends EventName
  ? { type: K; siteId: string; data: EventMap[K] } & EventRefs
  : never;

export type Emit = <K extends EventName>(e: NewEvent<K>) => Promise<void>;

function actorOf(ctx: Ctx): { kind: string; id: string | null } {
  const p = ctx.principal;
  if (!p) return { kind: "system", id: null };
  return p.kind === "user" ? { kind: "user", id: p.userId } : { kind: "device", id: p.deviceId };
}

/**
 * Runs `fn` in one transaction. Every event it emits is stored in `events` inside that transaction
 * (the permanent record, and the replay log for reconnecting screens) and published to every
 * instance only after the commit, so a screen never sees a change that did not happen. An event
 * committed and never published (the instance died, the broker was down) still reaches every live
 * stream: each instance's hub fills gaps and polls the store (see hub.ts).
 */
export async function withEvents<T>(ctx: Ctx, fn: (tx: Executor, emit: Emit) => Promise<T>): Promise<T> {
  const pending: BusMessage[] = [];
  const at = ctx.clock.now().toISOString();
  const actor = actorOf(ctx);
  const result = await ctx.db.transaction().execute(async (tx) => {
    // A repeated Idempotency-Key is caught here, before anything is written (platform/idempotency).
    await ctx.idempotency?.claim(tx);
    return fn(tx, (e) => storeEvent(tx, e, at, actor, pending));
  });
  // The change is committed: a broker that is down must not turn it into an error (a retry would
  // issue or call twice). The bus logs the failure; hubs pick the events up from the store.
  if (pending.length > 0) {
    // This instance drops what its own events made stale before anyone reads again; the others
    // drop it when the bus brings them the events.
    ctx.caches.committed(pending);
    await ctx.bus.publish(pending);
  }
  return result;
}

async function storeEvent(tx: Executor, e: NewEvent, at: string, actor: { kind: string; id: string | null }, out: BusMessage[]) {
  const refs = e.refs && Object.keys(e.refs).length > 0 ? e.refs : null;
  const id = await eventsRepo.insertEvent(tx, {
    stream: e.siteId,
    ticket_id: e.ticketId ?? null,
    window_id: e.windowId ?? null,
    queue_id: e.queueId ?? null,
    refs: refs ? JSON.stringify(refs) : null,
    type: e.type,
    at,
    actor_kind: actor.kind,
    actor_id: actor.id,
    payload: JSON.stringify(e.data),
  });
  out.push({
    id,
    siteId: e.siteId,
    type: e.type,
    at,
    ticketId: e.ticketId ?? null,
    windowId: e.windowId ?? null,
    queueId: e.queueId ?? null,
    refs,
    data: e.data,
  });
}

export function toMessage(r: Row<"events">): BusMessage {
  return {
    id: Number(r.seq),
    siteId: r.stream,
    type: r.type,
    at: r.at,
    ticketId: r.ticket_id,
    windowId: r.window_id,
    queueId: r.queue_id,
    refs: r.refs ? (JSON.parse(r.refs) as Record<string, string>) : null,
    data: JSON.parse(r.payload),
  };
}

/** Narrows a bus message to one declared event, typed. */
export function isEvent<K extends EventName>(m: BusMessage, type: K): m is BusMessage & EventMessage<K> {
  return m.type === type;
}

/** The latest events of some types in a stream since an instant, newest first (e.g. a display's last calls). */
export async function latestEvents(db: Executor, stream: string, types: EventName[], sinceIso: string, limit: number) {
  return (await eventsRepo.latestOfTypes(db, stream, types, sinceIso, limit)).map(toMessage);
}

/** The last event number committed in a stream: a snapshot's resume point. */
export function latestEventId(db: Executor, stream: string): Promise<number> {
  return eventsRepo.latestEventId(db, stream);
}
