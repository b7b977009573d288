import { z } from "zod";
import type { Executor } from "../../db/schema.js";
import { assertCan } from "../../platform/auth/access.js";
import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import type { BusMessage } from "../../platform/events/bus.js";
import { latestEventId, latestEvents } from "../../platform/events/store.js";
import { getSiteRow } from "../org/sites.service.js";
import * as repo from "./queue.repository.js";
import { QueueEvent } from "./queue.schema.js";

/** What the hall display starts from: the site's queues with people waiting, and the calls that stand. */
export const Board = z.object({
  site: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  date: z.string(),
  queues: z.array(z.object({ id: z.string(), prefix: z.string(), name: z.string(), waiting: z.number() })),
  lastCalls: z.array(QueueEvent).describe("calls and recalls whose ticket is still called, served or done at its window, newest first"),
  lastEventId: z.number().describe("open the site stream with this as Last-Event-ID to miss nothing after the board"),
});
export type Board = z.infer<typeof Board>;

/** A call stands while its ticket is at the window or done there; after a no-show, a transfer, a park or a cancel it does not. */
const STANDING = new Set(["called", "serving", "done"]);

/** The last calls of the past 12 hours that still stand, newest first (at most 10): the board shows nothing else. */
export async function standingCalls(db: Executor, siteId: string, now: Date): Promise<BusMessage[]> {
  const calls = await latestEvents(
    db,
    siteId,
    ["ticket.called", "ticket.recalled"],
    new Date(now.getTime() - 12 * 3_600_000).toISOString(),
    10,
  );
  const ids = [...new Set(calls.map((c) => c.ticketId).filter((id): id is string => id !== null))];
  const rows = await Promise.all(ids.map((id) => repo.findTicket(db, id)));
  const standing = new Set(rows.filter((t) => t && STANDING.has(t.state) && t.window_id).map((t) => t?.id));
  return calls.filter((c) => c.ticketId !== null && standing.has(c.ticketId));
}

/**
 * The hall display's board: no staff names, no alerts, no settings — only what the public acts on.
 * A display device reads this, not the managers' snapshot.
 */
export async function board(ctx: Ctx, siteId: string): Promise<Board> {
  assertCan(ctx.principal, "queue.read", siteId);
  const site = await getSiteRow(ctx.db, siteId);
  const now = ctx.clock.now();
  const date = chinaLocal(now).date;
  const lastEventId = await latestEventId(ctx.db, siteId);
  const queues = (await repo.queuesOf(ctx.db, siteId)).filter((q) => q.active === 1);
  const [counts, lastCalls] = await Promise.all([
    repo.waitingCounts(
      ctx.db,
      queues.map((q) => q.id),
      date,
    ),
    standingCalls(ctx.db, siteId, now),
  ]);
  const waiting = new Map(counts.map((c) => [c.queue_id, c.n]));
  return {
    site: { id: site.id, code: site.code, name: site.name },
    date,
    queues: queues.map((q) => ({ id: q.id, prefix: q.prefix, name: q.name, waiting: waiting.get(q.id) ?? 0 })),
    lastCalls,
    lastEventId,
  };
}
