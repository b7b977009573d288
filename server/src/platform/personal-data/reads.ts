import type { Executor } from "../../db/schema.js";
import { chinaLocal } from "../clock.js";
import type { Ctx } from "../context.js";
import { newId } from "../ids.js";
import * as repo from "./reads.repository.js";

export interface PersonalRecord {
  siteId: string;
  entityType: string;
  entityId: string;
}

/**
 * Records that the caller sees a record's personal data in full: once per reader, record and
 * Beijing day (a console refreshed all morning is one row). Pass the transaction that disclosed it
 * where there is one, so the record commits with the change that showed the data.
 */
export async function recordFullRead(db: Executor, ctx: Ctx, rec: PersonalRecord, purpose: string): Promise<void> {
  const p = ctx.principal;
  if (!p) return;
  const actorId = p.kind === "user" ? p.userId : p.deviceId;
  const now = ctx.clock.now();
  const day = chinaLocal(now).date;
  if (await repo.hasRead(db, actorId, rec.entityType, rec.entityId, day)) return;
  await repo.insertRead(db, {
    id: newId(),
    site_id: rec.siteId,
    actor_kind: p.kind,
    actor_id: actorId,
    entity_type: rec.entityType,
    entity_id: rec.entityId,
    day,
    purpose,
    first_at: now.toISOString(),
  });
}

export const readsOf = repo.readsOf;
