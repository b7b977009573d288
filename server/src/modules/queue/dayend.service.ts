import { assertCan } from "../../platform/auth/access.js";
import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { withEvents } from "../../platform/events/store.js";
import type { JobSpec } from "../../platform/scheduler/scheduler.js";
import { loadSchedule, openingState } from "../org/opening.js";
import * as orgApi from "../org/org.api.js";
import * as repo from "./queue.repository.js";
import * as windowRepo from "./window.repository.js";
import { loadWindow, presentWindowState } from "./window.service.js";

/**
 * At closing time, tickets still open are closed as unserved and counted, never silently lost.
 * Runs on every instance; each ticket moves once because the update is conditional on its state.
 */
export async function closeDay(ctx: Ctx, siteId: string, force = false): Promise<number> {
  const now = ctx.clock.now();
  const { date, time } = chinaLocal(now);
  const state = openingState(await loadSchedule(ctx.caches, ctx.db, siteId, date), now);
  const todayOver = force || !state.lastCloseToday || time >= state.lastCloseToday;
  const upTo = todayOver ? date : previousDay(date);
  const open = await repo.openTicketsUpTo(ctx.db, siteId, upTo);
  // Windows close only once the day is over (never at midday because of an old ticket).
  const windows = todayOver ? (await windowRepo.windowStatesOfSite(ctx.db, siteId)).filter((s) => s.state !== "closed") : [];
  if (open.length === 0 && windows.length === 0) return 0;
  // One short transaction per ticket and per window, taking locks in the same order as a window's
  // call (ticket, then its queue's counter), so the sweep and a late call never deadlock.
  let closed = 0;
  for (const t of open) {
    const reason = t.state === "waiting" ? "day_end_waiting" : t.state === "called" ? "day_end_called" : "day_end_parked";
    const moved = await ctx.db.transaction().execute(async (tx) => {
      // From the state just read only: a ticket that moved meanwhile is left to the next sweep.
      const done = await repo.transition(tx, t.id, [t.state], {
        state: "closed_unserved",
        closed_reason: reason,
        finished_at: now.toISOString(),
      });
      if (done && t.state === "waiting") await repo.adjustWaiting(tx, t.queue_id, t.service_date, -1);
      return !!done;
    });
    if (moved) closed++;
  }
  for (const s of windows) {
    await withEvents(ctx, async (tx, emit) => {
      const locked = await windowRepo.lockWindowState(tx, s.window_id);
      if (!locked || locked.state === "closed") return;
      // Someone still being served keeps the window open: the next sweep closes it.
      if ((await repo.ticketsOfWindow(tx, s.window_id, date, ["serving"])).length > 0) return;
      await windowRepo.updateWindowState(tx, s.window_id, { state: "closed", since: now.toISOString(), pause_reason: null });
      const session = await windowRepo.openSession(tx, s.window_id);
      if (session) await windowRepo.updateSession(tx, session.id, { closed_at: now.toISOString() });
      const w = await loadWindow(ctx.caches, tx, s.window_id);
      await emit({
        siteId,
        type: "window.state",
        windowId: s.window_id,
        data: { window: await presentWindowState(tx, w, { ...locked, state: "closed", since: now.toISOString(), pause_reason: null }) },
      });
    });
  }
  if (closed > 0) {
    await withEvents(ctx, async (_tx, emit) => {
      await emit({ siteId, type: "tickets.closed_unserved", data: { count: closed, upTo } });
    });
  }
  return closed;
}

/** A manager closes the day by hand (e.g. an early closing). */
export async function closeDayNow(ctx: Ctx, siteId: string): Promise<number> {
  assertCan(ctx.principal, "queue.manage", siteId);
  return closeDay(ctx, siteId, true);
}

function previousDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Every minute, every site: what the hall would otherwise forget at closing time. */
export const dayEndJob: JobSpec = {
  name: "queue.day_end",
  schedule: { everyMs: 60_000 },
  async run({ ctx }) {
    let closed = 0;
    for (const s of await orgApi.listSites(ctx.db, "all")) closed += await closeDay(ctx, s.id);
    return { closed };
  },
};
