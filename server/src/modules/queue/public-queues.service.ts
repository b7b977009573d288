import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import * as orgApi from "../org/org.api.js";
import * as repo from "./queue.repository.js";

export interface PublicQueues {
  siteName: string;
  open: boolean;
  nextOpen: { date: string; time: string } | null;
  queues: { id: string; prefix: string; name: string; category: string | null; waiting: number }[];
}

/** What the public sees of a site's queues: the active ones with people waiting today, and whether the site is open now. */
export async function publicQueues(ctx: Ctx, siteCode: string): Promise<PublicQueues> {
  const site = await orgApi.findSiteByCode(ctx.db, siteCode);
  if (site?.active !== 1) throw notFound("Site", "场所");
  const now = ctx.clock.now();
  const date = chinaLocal(now).date;
  const state = orgApi.openingState(await orgApi.loadSchedule(ctx.caches, ctx.db, site.id, date), now);
  const queues = (await repo.queuesOf(ctx.db, site.id)).filter((q) => q.active === 1);
  const counts = await repo.waitingCounts(
    ctx.db,
    queues.map((q) => q.id),
    date,
  );
  const waiting = new Map(counts.map((c) => [c.queue_id, c.n]));
  return {
    siteName: site.name,
    open: state.open,
    nextOpen: state.nextOpen ? { date: state.nextOpen.date, time: state.nextOpen.time } : null,
    queues: queues.map((q) => ({ id: q.id, prefix: q.prefix, name: q.name, category: q.category, waiting: waiting.get(q.id) ?? 0 })),
  };
}
