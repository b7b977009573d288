import { assertCan } from "../../platform/auth/access.js";
import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { forbidden } from "../../platform/errors.js";
import { presentTicket } from "./queue.presenter.js";
import * as repo from "./queue.repository.js";
import { presentQueue, settingsFor } from "./queue-setup.service.js";
import { presentForCaller } from "./ticket-viewer.js";
import * as windowRepo from "./window.repository.js";
import { loadWindow, presentWindowState } from "./window.service.js";

/** Everything the counter console shows for one window. */
export async function windowConsole(ctx: Ctx, windowId: string) {
  const w = await loadWindow(ctx.caches, ctx.db, windowId);
  assertCan(ctx.principal, "queue.read", w.site_id);
  const p = ctx.principal;
  // Staff, or the window's own counter terminal, only — never a kiosk or a display. The waiting
  // list is masked; the ticket at the window is in full for whoever serves it (ticket-viewer.ts).
  if (p.kind === "device" && (p.deviceKind !== "counter_terminal" || p.windowId !== windowId)) throw forbidden();
  const date = chinaLocal(ctx.clock.now()).date;
  const [state, wq, queues, current, settings] = await Promise.all([
    windowRepo.windowState(ctx.db, windowId),
    repo.windowQueues(ctx.db, windowId),
    repo.queuesOf(ctx.db, w.site_id),
    repo.ticketsOfWindow(ctx.db, windowId, date, ["called", "serving", "parked"]),
    settingsFor(ctx.caches, ctx.db, w.site_id),
  ]);
  const queueIds = wq.map((x) => x.queue_id);
  const waiting = (await repo.waitingOfQueues(ctx.db, w.site_id, date, queueIds, 200)).filter(
    (t) => !t.target_window_id || t.target_window_id === windowId,
  );
  const targeted = (await repo.candidates(ctx.db, w.site_id, date, windowId, [])).map((c) => c.id);
  const extra = await Promise.all(targeted.filter((id) => !waiting.some((t) => t.id === id)).map((id) => repo.findTicket(ctx.db, id)));
  return {
    window: await presentWindowState(ctx.db, w, state),
    queues: queues.filter((q) => queueIds.includes(q.id)).map(presentQueue),
    allQueues: queues.filter((q) => q.active === 1).map(presentQueue),
    current: await Promise.all(current.map((t) => presentForCaller(ctx, t))),
    waiting: await Promise.all([...waiting, ...extra.filter((t) => t !== undefined)].map((t) => presentTicket(ctx.caches, ctx.db, t))),
    settings,
  };
}
