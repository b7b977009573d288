import type { Executor } from "../../db/schema.js";
import type { Ctx } from "../../platform/context.js";
import type { BusMessage } from "../../platform/events/bus.js";
import * as eventsRepo from "./events.repository.js";

export const EVENT_TYPES = [
  "ticket.issued",
  "ticket.called",
  "ticket.recalled",
  "ticket.started",
  "ticket.finished",
  "ticket.no_show",
  "ticket.transferred",
  "ticket.cancelled",
  "ticket.parked",
  "ticket.resumed",
  "tickets.closed_unserved",
  "window.state",
  "queue.config",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface NewEvent {
  siteId: string;
  type: EventType;
  ticketId?: string | null;
  windowId?: string | null;
  queueId?: string | null;
  data: unknown;
}

export type Emit = (e: NewEvent) => Promise<void>;

function actorOf(ctx: Ctx): { kind: string; id: string | null } {
  const p = ctx.principal;
  if (!p) return { kind: "system", id: null };
  return p.kind === "user" ? { kind: "user", id: p.userId } : { kind: "device", id: p.deviceId };
}

/**
 * Runs `fn` in one transaction. Every event it emits is stored in queue_events inside that
 * transaction (the permanent record, and the replay log for reconnecting screens) and published
 * to every instance only after the commit, so a screen never sees a change that did not happen.
 */
export async function withEvents<T>(ctx: Ctx, fn: (tx: Executor, emit: Emit) => Promise<T>): Promise<T> {
  const pending: BusMessage[] = [];
  const at = ctx.clock.now().toISOString();
  const actor = actorOf(ctx);
  const result = await ctx.db.transaction().execute((tx) =>
    fn(tx, async (e) => {
      const id = await eventsRepo.insertEvent(tx, {
        site_id: e.siteId,
        ticket_id: e.ticketId ?? null,
        window_id: e.windowId ?? null,
        queue_id: e.queueId ?? null,
        type: e.type,
        at,
        actor_kind: actor.kind,
        actor_id: actor.id,
        payload: JSON.stringify(e.data),
      });
      pending.push({
        id,
        siteId: e.siteId,
        type: e.type,
        at,
        ticketId: e.ticketId ?? null,
        windowId: e.windowId ?? null,
        queueId: e.queueId ?? null,
        data: e.data,
      });
    }),
  );
  // The change is committed: a broker that is down must not turn it into an error (a retry would
  // issue or call twice). Screens that missed the push replay it from queue_events.
  if (pending.length > 0) await ctx.bus.publish(pending).catch(() => undefined);
  return result;
}

export function toMessage(r: Awaited<ReturnType<typeof eventsRepo.eventsAfter>>[number]): BusMessage {
  return {
    id: Number(r.seq),
    siteId: r.site_id,
    type: r.type,
    at: r.at,
    ticketId: r.ticket_id,
    windowId: r.window_id,
    queueId: r.queue_id,
    data: JSON.parse(r.payload),
  };
}
