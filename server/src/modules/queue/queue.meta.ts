import type { Executor, Row } from "../../db/schema.js";
import { itemNameOf } from "../catalog/catalog.api.js";
import * as orgApi from "../org/org.api.js";
import * as repo from "./queue.repository.js";

/**
 * Names and numbers of queues, windows and sites for presenters on the hot path. They change
 * rarely; a few seconds of staleness on another instance is acceptable, and this instance drops
 * its entry whenever it changes one.
 */
const TTL_MS = 10_000;
const cache = new Map<string, { at: number; value: unknown }>();

async function cached<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as T;
  const value = await load();
  if (value !== undefined) cache.set(key, { at: Date.now(), value });
  return value;
}

export const forget = (...keys: string[]) => {
  for (const k of keys) cache.delete(k);
};

/** Keyed by id alone, so the site is checked on every hit: another site's queue is never returned. */
export const queueMeta = async (db: Executor, siteId: string, queueId: string) => {
  const q = await cached<Row<"queues">>(`q:${queueId}`, () => repo.findQueue(db, siteId, queueId));
  return q?.site_id === siteId ? q : undefined;
};

export const windowMeta = async (db: Executor, siteId: string, windowId: string) => {
  const w = await cached<Row<"windows">>(`w:${windowId}`, () => orgApi.findWindow(db, siteId, windowId));
  return w?.site_id === siteId ? w : undefined;
};

export const siteMeta = (db: Executor, siteId: string) => cached<Row<"sites">>(`s:${siteId}`, () => orgApi.findSite(db, siteId));

export async function windowById(db: Executor, windowId: string): Promise<Row<"windows"> | undefined> {
  return cached<Row<"windows">>(`w:${windowId}`, () => orgApi.windowById(db, windowId));
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
