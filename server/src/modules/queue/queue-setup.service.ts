import type { z } from "zod";
import type { Executor, Row } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { assertCan } from "../../platform/auth/access.js";
import { type Caches, defineCache } from "../../platform/cache/cache.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, conflict, notFound } from "../../platform/errors.js";
import { withEvents } from "../../platform/events/store.js";
import { newId } from "../../platform/ids.js";
import { asFlag, type ColumnMap, changedColumns } from "../../platform/patch.js";
import * as orgApi from "../org/org.api.js";
import { getSiteRow } from "../org/sites.service.js";
import * as repo from "./queue.repository.js";
import { DEFAULT_SETTINGS, type Queue, type QueueInput, type QueuePatch, type Settings } from "./queue.schema.js";

/**
 * A site's queue setup (队列设置): its queues, which windows serve which queues (dispatch), and
 * the calling and alert settings.
 */

export const presentQueue = (q: Row<"queues">): Queue => ({
  id: q.id,
  siteId: q.site_id,
  prefix: q.prefix,
  name: q.name,
  category: q.category,
  dailyCap: q.daily_cap,
  perPersonLimit: q.per_person_limit,
  active: q.active === 1,
  sort: q.sort,
});

/** Read on every call; changed rarely. Kept 10 s (by the clock); a settings change drops it on every instance. */
const settingsCache = defineCache<Settings>("queue.settings", {
  ttlMs: 10_000,
  max: 1_000,
  dropOn: { "queue.config": (m) => (m.data.settings ? [m.siteId] : []) },
});

export function settingsFor(caches: Caches, db: Executor, siteId: string): Promise<Settings> {
  return caches.get(settingsCache, siteId, () => readSettings(db, siteId));
}

async function readSettings(db: Executor, siteId: string): Promise<Settings> {
  const s = await repo.settingsOf(db, siteId);
  if (!s) return DEFAULT_SETTINGS;
  return {
    priorityEvery: s.priority_every,
    minRecalls: s.min_recalls,
    recallIntervalSec: s.recall_interval_sec,
    alertWaitMin: s.alert_wait_min,
    alertWaiting: s.alert_waiting,
    notifyAhead: s.notify_ahead,
  };
}

export async function listQueues(ctx: Ctx, siteId: string): Promise<Queue[]> {
  assertCan(ctx.principal, "queue.read", siteId);
  return (await repo.queuesOf(ctx.db, siteId)).map(presentQueue);
}

const prefixTaken = (p: string) =>
  conflict("queue_prefix_taken", `本场所已有前缀为 ${p} 的队列`, `A queue with prefix ${p} exists at this site`);

export async function createQueue(ctx: Ctx, siteId: string, input: z.infer<typeof QueueInput>): Promise<Queue> {
  assertCan(ctx.principal, "queue.manage", siteId);
  const row: Row<"queues"> = {
    id: newId(),
    site_id: siteId,
    prefix: input.prefix,
    name: input.name,
    category: input.category ?? null,
    daily_cap: input.dailyCap ?? null,
    per_person_limit: input.perPersonLimit ?? null,
    active: input.active === false ? 0 : 1,
    sort: input.sort ?? 0,
    created_at: ctx.clock.now().toISOString(),
  };
  await withEvents(ctx, async (tx, emit) => {
    await getSiteRow(tx, siteId);
    if ((await repo.queuesOf(tx, siteId)).some((q) => q.prefix === input.prefix)) throw prefixTaken(input.prefix);
    await repo.insertQueue(tx, row);
    await audit(tx, ctx, { action: "queue.create", entityType: "queue", entityId: row.id, siteId, after: row });
    await emit({ siteId, type: "queue.config", queueId: row.id, data: { queue: presentQueue(row) } });
  });
  return presentQueue(row);
}

const QUEUE_COLUMNS: ColumnMap<z.infer<typeof QueuePatch>, Row<"queues">> = {
  prefix: "prefix",
  name: "name",
  category: "category",
  dailyCap: "daily_cap",
  perPersonLimit: "per_person_limit",
  active: { column: "active", value: asFlag },
  sort: "sort",
};

export async function updateQueue(ctx: Ctx, siteId: string, queueId: string, patch: z.infer<typeof QueuePatch>): Promise<Queue> {
  assertCan(ctx.principal, "queue.manage", siteId);
  const after = await withEvents(ctx, async (tx, emit) => {
    const before = await repo.findQueue(tx, siteId, queueId);
    if (!before) throw notFound("Queue", "队列");
    if (patch.prefix && patch.prefix !== before.prefix && (await repo.queuesOf(tx, siteId)).some((q) => q.prefix === patch.prefix))
      throw prefixTaken(patch.prefix);
    const set = changedColumns(patch, QUEUE_COLUMNS);
    await repo.updateQueue(tx, queueId, set);
    const after = { ...before, ...set };
    await audit(tx, ctx, { action: "queue.update", entityType: "queue", entityId: queueId, siteId, before, after });
    await emit({ siteId, type: "queue.config", queueId, data: { queue: presentQueue(after) } });
    return after;
  });
  return presentQueue(after);
}

export interface Dispatch {
  windowId: string;
  queueIds: string[];
}

export async function listDispatch(ctx: Ctx, siteId: string): Promise<Dispatch[]> {
  assertCan(ctx.principal, "queue.read", siteId);
  const windows = await orgApi.windowsOf(ctx.db, siteId);
  const wq = await repo.windowQueuesOfSite(ctx.db, siteId);
  return windows.map((w) => ({ windowId: w.id, queueIds: wq.filter((x) => x.window_id === w.id).map((x) => x.queue_id) }));
}

/** Q2 dispatch: which queues a window serves, in its order of preference; takes effect at the next call. */
export async function setWindowQueues(ctx: Ctx, siteId: string, windowId: string, queueIds: string[]): Promise<Dispatch> {
  assertCan(ctx.principal, "queue.manage", siteId);
  if (new Set(queueIds).size !== queueIds.length)
    throw new AppError(400, "duplicate_queue", "同一队列不能重复指派", "A queue is listed twice");
  await withEvents(ctx, async (tx, emit) => {
    if (!(await orgApi.findWindow(tx, siteId, windowId))) throw notFound("Window", "窗口");
    const known = new Set((await repo.queuesOf(tx, siteId)).map((q) => q.id));
    if (queueIds.some((q) => !known.has(q)))
      throw new AppError(400, "queue_not_in_site", "所选队列不属于本场所", "A queue does not belong to this site");
    const before = (await repo.windowQueues(tx, windowId)).map((x) => x.queue_id);
    await repo.replaceWindowQueues(tx, siteId, windowId, queueIds);
    await audit(tx, ctx, { action: "window.queues.set", entityType: "window", entityId: windowId, siteId, before, after: queueIds });
    await emit({ siteId, type: "queue.config", windowId, data: { dispatch: { windowId, queueIds } } });
  });
  return { windowId, queueIds };
}

export async function getSettings(ctx: Ctx, siteId: string): Promise<Settings> {
  assertCan(ctx.principal, "queue.read", siteId);
  return settingsFor(ctx.caches, ctx.db, siteId);
}

export async function putSettings(ctx: Ctx, siteId: string, s: Settings): Promise<Settings> {
  assertCan(ctx.principal, "queue.manage", siteId);
  await withEvents(ctx, async (tx, emit) => {
    await getSiteRow(tx, siteId);
    const before = await readSettings(tx, siteId);
    await repo.upsertSettings(tx, {
      site_id: siteId,
      priority_every: s.priorityEvery,
      min_recalls: s.minRecalls,
      recall_interval_sec: s.recallIntervalSec,
      alert_wait_min: s.alertWaitMin,
      alert_waiting: s.alertWaiting,
      notify_ahead: s.notifyAhead,
      updated_at: ctx.clock.now().toISOString(),
    });
    await audit(tx, ctx, { action: "queue.settings.set", entityType: "site", entityId: siteId, siteId, before, after: s });
    await emit({ siteId, type: "queue.config", data: { settings: s } });
  });
  return s;
}
