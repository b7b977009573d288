import { verifyAudit } from "../../platform/audit/audit.js";
import * as repo from "../../platform/audit/audit.repository.js";
import { assertCan, can, recordFilterOf, requireUser } from "../../platform/auth/access.js";
import type { Ctx } from "../../platform/context.js";
import { forbidden } from "../../platform/errors.js";
import { type AuditRecord, presentAudit } from "./audit.presenter.js";

export type AuditQuery = Omit<Parameters<typeof repo.search>[1], "sites">;

/** The audit records the user may read (their sites' chains, or all for the district), in words. */
export async function searchAudit(ctx: Ctx, q: AuditQuery): Promise<AuditRecord[]> {
  const p = requireUser(ctx.principal);
  const f = recordFilterOf(p, "audit.read");
  if (q.siteId && !can(p, "audit.read", q.siteId)) throw forbidden();
  if (!f.all && f.siteIds.length === 0 && f.departmentIds.length === 0) throw forbidden();
  // A department's manager reads audit.read for the department: its records are sites' records
  // until department-level records (cases) exist, so the list is empty rather than refused.
  if (!f.all && f.siteIds.length === 0) return [];
  return presentAudit(ctx.db, await repo.search(ctx.db, { ...q, sites: f.all ? "all" : f.siteIds }));
}

/** Recomputes every chain: district-wide readers only. */
export async function verify(ctx: Ctx) {
  assertCan(requireUser(ctx.principal), "audit.read", null);
  return verifyAudit(ctx.db);
}
