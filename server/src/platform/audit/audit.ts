import { createHash } from "node:crypto";
import type { Executor, Row } from "../../db/schema.js";
import { grantingRole } from "../auth/access.js";
import type { Principal } from "../auth/principal.js";
import type { Ctx } from "../context.js";
import * as repo from "./audit.repository.js";

export const GENESIS = "0".repeat(64);
export const DISTRICT_CHAIN = "district";
/**
 * A user's own chain for signing in and out: at opening time every sign-in in the district would
 * otherwise queue on the district chain's head row. One user's sign-ins follow each other anyway.
 */
export const signInChain = (userId: string): string => `user:${userId}`;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  siteId: string | null;
  before?: unknown;
  after?: unknown;
  /** The chain to append to, when not the site's (or the district's): e.g. `signInChain(userId)`. */
  chain?: string;
}

type Hashed = Omit<Row<"audit_log">, "id" | "hash">;

/** The fields a record's hash covers, in a fixed order. */
export function hashRecord(r: Hashed): string {
  const canonical = JSON.stringify([
    r.chain,
    r.seq,
    r.at,
    r.actor_kind,
    r.actor_id,
    r.actor_name,
    r.actor_role,
    r.site_id,
    r.action,
    r.entity_type,
    r.entity_id,
    r.before,
    r.after,
    r.request_id,
    r.prev_hash,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

function actorOf(p: Principal | null, siteId: string | null) {
  if (!p) return { actor_kind: "system", actor_id: null, actor_name: null, actor_role: null };
  if (p.kind === "device") return { actor_kind: "device", actor_id: p.deviceId, actor_name: p.name, actor_role: p.deviceKind };
  const role = grantingRole(p, "site.read", siteId) ?? p.grants[0]?.role ?? null;
  return { actor_kind: "user", actor_id: p.userId, actor_name: p.username, actor_role: role };
}

/**
 * Writes one audit record. Call it with the transaction that makes the change, so the change
 * and its record commit or fail together. Records form one hash chain per site (and one for the
 * district), so sites never wait on each other's audit.
 */
export async function audit(tx: Executor, ctx: Pick<Ctx, "principal" | "clock" | "requestId">, e: AuditEntry): Promise<void> {
  const chain = e.chain ?? e.siteId ?? DISTRICT_CHAIN;
  const { seq, prevHash } = await repo.advanceHead(tx, chain, GENESIS);
  const record: Hashed = {
    chain,
    seq,
    at: ctx.clock.now().toISOString(),
    ...actorOf(ctx.principal, e.siteId),
    site_id: e.siteId,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    request_id: ctx.requestId,
    prev_hash: prevHash,
  };
  const hash = hashRecord(record);
  await repo.insertRecord(tx, { ...record, hash });
  await repo.setHeadHash(tx, chain, hash);
}

export interface VerifyResult {
  ok: boolean;
  chains: number;
  records: number;
  firstBroken?: { id: number; chain: string; seq: number; reason: string };
}

/** Recomputes every chain; names the first record whose hash, link or sequence does not hold. */
export async function verifyAudit(db: Executor): Promise<VerifyResult> {
  let records = 0;
  const chains = await repo.listChains(db);
  for (const chain of chains) {
    const r = await verifyChain(db, chain);
    records += r.records;
    if (r.firstBroken) return { ok: false, chains: chains.length, records, firstBroken: r.firstBroken };
  }
  return { ok: true, chains: chains.length, records };
}

type ChainCheck = { records: number; firstBroken?: VerifyResult["firstBroken"] };

/** One chain, page by page, then its head: the records it holds and the first that does not hold. */
async function verifyChain(db: Executor, chain: string): Promise<ChainCheck> {
  let records = 0;
  let prev = GENESIS;
  let expectSeq = 1;
  for (;;) {
    const page = await repo.chainPage(db, chain, expectSeq - 1, 1000);
    if (page.length === 0) break;
    for (const r of page) {
      records++;
      const reason = recordProblem(r, expectSeq, prev);
      if (reason) return { records, firstBroken: { id: Number(r.id), chain, seq: r.seq, reason } };
      prev = r.hash;
      expectSeq++;
    }
  }
  const head = await repo.headOf(db, chain);
  if (head && (head.seq !== expectSeq - 1 || head.hash !== prev)) {
    return { records, firstBroken: { id: -1, chain, seq: expectSeq, reason: `records after seq ${expectSeq - 1} are missing` } };
  }
  return { records };
}

/** Why a record breaks its chain (sequence, link to the previous record, its own hash), or null. */
function recordProblem(r: Awaited<ReturnType<typeof repo.chainPage>>[number], expectSeq: number, prev: string): string | null {
  if (r.seq !== expectSeq) return `missing record before seq ${r.seq}`;
  if (r.prev_hash !== prev) return "prev_hash does not match the previous record";
  const { id: _id, hash, ...rest } = r;
  if (hashRecord(rest) !== hash) return "content does not match its hash";
  return null;
}
