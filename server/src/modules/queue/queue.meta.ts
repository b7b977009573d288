import type { Executor, Row } from "../../db/schema.js";
import { type Caches, defineCache } from "../../platform/cache/cache.js";
import { itemNameOf } from "../catalog/catalog.api.js";
import * as orgApi from "../org/org.api.js";
import * as repo from "./queue.repository.js";

/**
 * Names and numbers of queues, windows and sites for presenters on the hot path. They change
 * rarely: kept 10 s (by the clock); a queue's or window's `queue.config` event drops its entry on
 * every instance; a site or window renamed shows within those 10 s.
 */
const meta = defineCache<unknown>("queue.meta", {
  ttlMs: 10_000,
  max: 5_000,
  dropOn: {
    "queue.config": (m) => [...(m.queueId ? [`q:${m.queueId}`] : []), ...(m.windowId ? [`w:${m.windowId}`] : [])],
  },
});

function cached<T>(caches: Caches, key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
  // What is not found is not kept: it may be created, or asked for under its own site, next.
  return caches.get(meta, key, load, (v) => v !== undefined) as Promise<T | undefined>;
}

/** Keyed by id alone, so the site is checked on every hit: another site's queue is never returned. */
export const queueMeta = async (caches: Caches, db: Executor, siteId: string, queueId: string) => {
  const q = await cached<Row<"queues">>(caches, `q:${queueId}`, () => repo.findQueue(db, siteId, queueId));
  return q?.site_id === siteId ? q : undefined;
};

export const windowMeta = async (caches: Caches, db: Executor, siteId: string, windowId: string) => {
  const w = await cached<Row<"windows">>(caches, `w:${windowId}`, () => orgApi.findWindow(db, siteId, windowId));
  return w?.site_id === siteId ? w : undefined;
};

export const siteMeta = (caches: Caches, db: Executor, siteId: string) =>
  cached<Row<"sites">>(caches, `s:${siteId}`, () => orgApi.findSite(db, siteId));

export function windowById(caches: Caches, db: Executor, windowId: string): Promise<Row<"windows"> | undefined> {
  return cached<Row<"windows">>(caches, `w:${windowId}`, () => orgApi.windowById(db, windowId));
}

/** A published guide version never changes: its name is kept for good (a few hundred items at most). */
const itemNames = new Map<string, string | null>();
export async function itemName(db: Executor, code: string | null, version: number | null): Promise<string | null> {
  if (!code || version === null) return null;
  const key = `${code}@${version}`;
  if (itemNames.has(key)) return itemNames.get(key) ?? null;
  const name = await itemNameOf(db, code, version);
  if (itemNames.size > 5000) itemNames.clear();
  itemNames.set(key, name);
  return name;
}
