import { assertCan } from "../../platform/auth/access.js";
import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { latestEventId } from "../../platform/events/store.js";
import { getSiteRow, loadSchedule, openingState } from "../org/org.api.js";
import { standingCalls } from "./board.service.js";
import * as repo from "./queue.repository.js";
import { presentQueue, settingsFor } from "./queue-setup.service.js";
import { windowStates } from "./window.service.js";

export interface QueueLive {
  id: string;
  prefix: string;
  name: string;
  waiting: number;
  longestWaitMin: number;
  served: number;
  noShows: number;
  issued: number;
  dailyCap: number | null;
}

export interface Alert {
  queueId: string;
  kind: "long_wait" | "crowded";
  zh: string;
  en: string;
}

/** The state of a site's queue now: the one call a display, counter or manager view starts from. */
export async function snapshot(ctx: Ctx, siteId: string) {
  assertCan(ctx.principal, "queue.read", siteId);
  const site = await getSiteRow(ctx.db, siteId);
  const now = ctx.clock.now();
  const date = chinaLocal(now).date;
  const lastEventId = await latestEventId(ctx.db, siteId);
  const [queues, tickets, windows, settings, calls, dispatch, schedule] = await Promise.all([
    repo.queuesOf(ctx.db, siteId),
    repo.ticketsOfDay(ctx.db, siteId, date),
    windowStates(ctx.db, siteId),
    settingsFor(ctx.caches, ctx.db, siteId),
    standingCalls(ctx.db, siteId, now),
    repo.windowQueuesOfSite(ctx.db, siteId),
    loadSchedule(ctx.caches, ctx.db, siteId, date),
  ]);
  const opening = openingState(schedule, now);
  const live: QueueLive[] = queues.map((q) => {
    const mine = tickets.filter((t) => t.queue_id === q.id);
    const waiting = mine.filter((t) => t.state === "waiting");
    const oldest = waiting.reduce<string | null>((m, t) => (m === null || t.arrived_at < m ? t.arrived_at : m), null);
    return {
      id: q.id,
      prefix: q.prefix,
      name: q.name,
      waiting: waiting.length,
      longestWaitMin: oldest ? Math.floor((now.getTime() - Date.parse(oldest)) / 60_000) : 0,
      served: mine.filter((t) => t.state === "done").length,
      noShows: mine.filter((t) => t.state === "no_show").length,
      issued: tickets.filter((t) => t.origin_queue_id === q.id).length,
      dailyCap: q.daily_cap,
    };
  });
  const alerts: Alert[] = [];
  for (const q of live) {
    if (q.longestWaitMin >= settings.alertWaitMin) {
      alerts.push({
        queueId: q.id,
        kind: "long_wait",
        zh: `${q.name}最长已等候 ${q.longestWaitMin} 分钟（阈值 ${settings.alertWaitMin} 分钟），请增开窗口或分流`,
        en: `${q.name}: longest wait ${q.longestWaitMin} min (threshold ${settings.alertWaitMin}); open windows or divert people`,
      });
    }
    if (q.waiting >= settings.alertWaiting) {
      alerts.push({
        queueId: q.id,
        kind: "crowded",
        zh: `${q.name}等候 ${q.waiting} 人（阈值 ${settings.alertWaiting} 人），请增开窗口或分流`,
        en: `${q.name}: ${q.waiting} waiting (threshold ${settings.alertWaiting}); open windows or divert people`,
      });
    }
  }
  const current = tickets.filter((t) => t.state === "called" || t.state === "serving");
  return {
    site: { id: site.id, code: site.code, name: site.name },
    /** Whether the site is in office hours now, and when it opens next if not (the live view says so rather than "all well"). */
    opening: { open: opening.open, nextOpen: opening.open ? null : (opening.nextOpen ?? null) },
    date,
    at: now.toISOString(),
    queues: live,
    queueConfig: queues.map(presentQueue),
    windows: windows.map((w) => {
      const t = current.find((x) => x.window_id === w.windowId);
      return {
        ...w,
        queueIds: dispatch.filter((d) => d.window_id === w.windowId).map((d) => d.queue_id),
        currentTicket: t ? { id: t.id, number: t.number, state: t.state } : null,
      };
    }),
    lastCalls: calls,
    alerts,
    settings,
    /** Read before the rest: a stream opened with this as Last-Event-ID misses nothing after the snapshot. */
    lastEventId,
  };
}
