import { assertCan, can } from "../../platform/auth/access.js";
import type { Ctx } from "../../platform/context.js";
import { forbidden, notFound } from "../../platform/errors.js";
import type { BusMessage } from "../../platform/events/bus.js";
import { type Room, rooms } from "../../platform/events/sse.js";
import { DISTRICT_STREAM } from "../../platform/events/types.js";
import { principalFromDeviceToken, principalFromSession } from "../auth/auth.service.js";
import { getSiteRow } from "../org/sites.service.js";
import type { QueueConfigData } from "./queue.events.js";
import * as repo from "./queue.repository.js";
import { loadWindow } from "./window.service.js";

/** The caller's credentials as the stream opened: re-resolved on every heartbeat. */
export interface Credentials {
  bearer?: string;
  session?: string;
}

/** Whether the credentials still resolve to someone who may read the site's queue (null: district-wide), as the request gate did. */
function stillAllowed(ctx: Ctx, creds: Credentials, siteId: string | null): () => Promise<boolean> {
  return async () => {
    const p = creds.bearer
      ? await principalFromDeviceToken(ctx, creds.bearer)
      : creds.session
        ? await principalFromSession(ctx, creds.session)
        : null;
    return p !== null && can(p, "queue.read", siteId);
  };
}

/** A site's room: every event of the site (displays, manager views). */
export async function siteRoom(ctx: Ctx, siteId: string, creds: Credentials): Promise<Room> {
  assertCan(ctx.principal, "queue.read", siteId);
  await getSiteRow(ctx.db, siteId);
  return { stream: siteId, accepts: rooms.all, allowed: stillAllowed(ctx, creds, siteId) };
}

/**
 * The district's room (the district wall): every event of the district stream — each site's queue
 * summary (counts only), and what other modules publish district-wide. District-wide readers only.
 */
export function districtRoom(ctx: Ctx, creds: Credentials): Room {
  assertCan(ctx.principal, "queue.read", null);
  return { stream: DISTRICT_STREAM, accepts: rooms.all, allowed: stillAllowed(ctx, creds, null) };
}

/**
 * A window's room (its counter console): its own events, those of the queues it serves (followed
 * as dispatch changes them), configuration and day-end. A counter terminal hears only its window.
 */
export async function windowRoom(ctx: Ctx, windowId: string, creds: Credentials): Promise<Room> {
  const w = await loadWindow(ctx.caches, ctx.db, windowId);
  assertCan(ctx.principal, "queue.read", w.site_id);
  const p = ctx.principal;
  if (p.kind === "device" && p.deviceKind === "counter_terminal" && p.windowId !== w.id) throw forbidden();
  const queues = new Set((await repo.windowQueues(ctx.db, w.id)).map((q) => q.queue_id));
  const accepts = (m: BusMessage) => {
    const d = m.data as Partial<QueueConfigData>;
    if (m.type === "queue.config" && d.dispatch?.windowId === w.id) {
      queues.clear();
      for (const q of d.dispatch.queueIds) queues.add(q);
    }
    return (
      m.windowId === w.id ||
      (m.queueId !== null && queues.has(m.queueId)) ||
      m.type === "queue.config" ||
      m.type === "tickets.closed_unserved"
    );
  };
  return { stream: w.site_id, accepts, allowed: stillAllowed(ctx, creds, w.site_id) };
}

/** A ticket holder's page: public by its code; 404 for an unknown code. */
export async function assertTicketCode(ctx: Ctx, code: string): Promise<void> {
  if (!(await repo.findTicketByCode(ctx.db, code))) throw notFound("Ticket", "该号");
}
