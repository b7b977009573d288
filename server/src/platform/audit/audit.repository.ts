import type { Executor, NewRow, Row } from "../../db/schema.js";

/** Advances a chain's head and returns the new sequence number with the previous hash. The
 * upsert locks the head row until the transaction ends, so concurrent writers queue per chain. */
export async function advanceHead(db: Executor, chain: string, genesis: string): Promise<{ seq: number; prevHash: string }> {
  const row = await db
    .insertInto("audit_heads")
    .values({ chain, seq: 1, hash: genesis })
    .onConflict((oc) => oc.column("chain").doUpdateSet((eb) => ({ seq: eb(eb.ref("audit_heads.seq"), "+", 1) })))
    .returning(["seq", "hash"])
    .executeTakeFirstOrThrow();
  return { seq: Number(row.seq), prevHash: row.hash };
}

export async function setHeadHash(db: Executor, chain: string, hash: string): Promise<void> {
  await db.updateTable("audit_heads").set({ hash }).where("chain", "=", chain).execute();
}

export async function insertRecord(db: Executor, row: NewRow<"audit_log">): Promise<void> {
  await db.insertInto("audit_log").values(row).execute();
}

export async function listChains(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom("audit_heads").select("chain").orderBy("chain").execute();
  return rows.map((r) => r.chain);
}

export async function chainPage(db: Executor, chain: string, afterSeq: number, limit: number): Promise<Row<"audit_log">[]> {
  return db
    .selectFrom("audit_log")
    .selectAll()
    .where("chain", "=", chain)
    .where("seq", ">", afterSeq)
    .orderBy("seq")
    .limit(limit)
    .execute();
}

export async function headOf(db: Executor, chain: string): Promise<Row<"audit_heads"> | undefined> {
  return db.selectFrom("audit_heads").selectAll().where("chain", "=", chain).executeTakeFirst();
}

export interface AuditFilter {
  sites: "all" | string[];
  siteId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  actor?: string;
  from?: string;
  to?: string;
  beforeId?: number;
  limit: number;
}

export async function search(db: Executor, f: AuditFilter): Promise<Row<"audit_log">[]> {
  let q = db.selectFrom("audit_log").selectAll();
  if (f.sites !== "all") {
    if (f.sites.length === 0) return [];
    q = q.where("site_id", "in", f.sites);
  }
  if (f.siteId) q = q.where("site_id", "=", f.siteId);
  if (f.action) q = q.where("action", "=", f.action);
  if (f.entityType) q = q.where("entity_type", "=", f.entityType);
  if (f.entityId) q = q.where("entity_id", "=", f.entityId);
  if (f.actor) q = q.where((eb) => eb.or([eb("actor_name", "=", f.actor as string), eb("actor_id", "=", f.actor as string)]));
  if (f.from) q = q.where("at", ">=", f.from);
  if (f.to) q = q.where("at", "<", f.to);
  if (f.beforeId) q = q.where("id", "<", f.beforeId);
  return q.orderBy("id", "desc").limit(f.limit).execute();
}
