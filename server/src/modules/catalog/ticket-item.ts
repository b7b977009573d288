import type { Executor } from "../../db/schema.js";
import { AppError } from "../../platform/errors.js";
import * as repo from "./catalog.repository.js";
import * as coverageRepo from "./coverage.repository.js";
import { versionInForce } from "./guide.rules.js";

export interface TicketItem {
  item_id: string;
  item_code: string;
  item_version: number;
}

/**
 * The item a ticket names, with the guide version in force at `now`: the ticket keeps that
 * version whatever is published later. The item must be assigned to the site, and if the queue
 * lists its items, be one of them.
 */
export async function itemForTicket(db: Executor, siteId: string, queueId: string, code: string, now: string): Promise<TicketItem> {
  const item = await repo.findItemByCode(db, code);
  const v = item ? versionInForce(await repo.publishedVersionsOf(db, [item.id]), now) : undefined;
  if (!item || !v)
    throw new AppError(422, "item_unknown", `事项 ${code} 不存在或未公布`, `Item ${code} does not exist or is not published`);
  if (!(await coverageRepo.findAssignment(db, item.id, siteId))) {
    throw new AppError(422, "item_not_at_site", `事项 ${code} 不在本场所办理`, `Item ${code} is not handled at this site`);
  }
  const served = await coverageRepo.itemsOfQueue(db, queueId);
  if (served.length > 0 && !served.some((s) => s.item_id === item.id)) {
    throw new AppError(422, "item_not_in_queue", `该队列不办理事项 ${code}`, `This queue does not serve item ${code}`);
  }
  return { item_id: item.id, item_code: item.code, item_version: v.version };
}

/** The item's name in the version a ticket keeps (a published version never changes), or null if gone. */
export async function itemNameOf(db: Executor, code: string, version: number): Promise<string | null> {
  const item = await repo.findItemByCode(db, code);
  if (!item) return null;
  const v = (await repo.publishedVersionsOf(db, [item.id])).find((x) => x.version === version);
  if (!v) return null;
  const guide = JSON.parse(v.guide) as { name?: unknown };
  return typeof guide.name === "string" ? guide.name : null;
}
