import type { Row } from "../../db/schema.js";
import { assertCan } from "../../platform/auth/access.js";
import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { latestEventId, withEvents } from "../../platform/events/store.js";
import { DISTRICT_STREAM } from "../../platform/events/types.js";
import type { JobSpec } from "../../platform/scheduler/scheduler.js";
import * as orgApi from "../org/org.api.js";
import type { SiteSummaryData } from "./queue.events.js";
import * as repo from "./queue.repository.js";
import * as windowRepo from "./window.repository.js";

/**
 * What the district wall shows of each site's queue, on the district stream: counts only (no
 * ticket, no person, no staff name). A leased job brings every active site's summary up to date
 * and sends a `queue.site_summary` event for each one that changed; ticket transactions never
 * touch the district stream, so no site's hot path queues on its counter row.
 */
export async function siteSummary(ctx: Ctx, site: Row<"sites">, now: Date): Promise<SiteSummaryData> {
  const date = chinaLocal(now).date;
  const [counts, windows, schedule] = await Promise.all([
    repo.dayStateCounts(ctx.db, site.id, date),
    windowRepo.windowStatesOfSite(ctx.db, site.id),
    orgApi.loadSchedule(ctx.caches, ctx.db, site.id, date),
  ]);
  const of = (state: string) => counts.find((c) => c.state === state);
  return {
    siteId: site.id,
    siteCode: site.code,
    siteName: site.name,
    siteKind: site.kind,
    date,
    open: orgApi.openingState(schedule, now).open,
    waiting: of("waiting")?.n ?? 0,
    called: of("called")?.n ?? 0,
    serving: of("serving")?.n ?? 0,
    done: of("done")?.n ?? 0,
    noShow: of("no_show")?.n ?? 0,
    issued: counts.reduce((n, c) => n + c.n, 0),
    oldestWaitingSince: of("waiting")?.earliest ?? null,
    windowsOpen: windows.filter((w) => w.state === "open").length,
    windowsPaused: windows.filter((w) => w.state === "paused").length,
  };
}

/** Sends the summary of every active site that changed since it was last sent; returns how many were sent. */
export async function refreshDistrictSummaries(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const sites = (await orgApi.listSites(ctx.db, "all")).filter((s) => s.active === 1);
  const fresh = await Promise.all(sites.map((s) => siteSummary(ctx, s, now)));
  return withEvents(ctx, async (tx, emit) => {
    const sent = new Map((await repo.siteSummaries(tx)).map((r) => [r.site_id, r.data]));
    let n = 0;
    for (const summary of fresh) {
      const data = JSON.stringify(summary);
      if (sent.get(summary.siteId) === data) continue;
      await emit({ siteId: DISTRICT_STREAM, type: "queue.site_summary", refs: { siteId: summary.siteId }, data: summary });
      await repo.upsertSiteSummary(tx, { site_id: summary.siteId, data, updated_at: now.toISOString() });
      n += 1;
    }
    return n;
  });
}

/** The district wall's starting point: every site's last summary, and the district stream's id to resume after. */
export async function districtQueueSummary(ctx: Ctx): Promise<{ sites: SiteSummaryData[]; lastEventId: number }> {
  assertCan(ctx.principal, "queue.read", null);
  // The id first: a summary sent in between is sent again after it, and replaces itself.
  const lastEventId = await latestEventId(ctx.db, DISTRICT_STREAM);
  const rows = await repo.siteSummaries(ctx.db);
  const sites = rows.map((r) => JSON.parse(r.data) as SiteSummaryData).sort((a, b) => a.siteCode.localeCompare(b.siteCode));
  return { sites, lastEventId };
}

export function districtSummaryJob(everyMs: number): JobSpec {
  return {
    name: "queue.district_summary",
    schedule: { everyMs },
    async run({ ctx }) {
      return { sent: await refreshDistrictSummaries(ctx) };
    },
  };
}
