import type { FastifyRequest } from "fastify";
import { isDistrictGrant } from "./auth/principal.js";
import { AppError, forbidden } from "./errors.js";
import { isUuid } from "./ids.js";

/**
 * One place for the site a request names (`:siteId` in the path, `siteId` in the query):
 * ids are compared in one canonical form (lower-case UUIDs, so `ABC…` cannot open a second audit
 * chain of the same site), and a site that does not exist is refused before anything is written:
 * 404 for a district-wide caller, 403 for everyone else (so existence does not leak to a caller
 * who could not see the site anyway). Sites are never deleted, so a site once seen is remembered.
 */
export function canonicalIds(values: unknown): void {
  if (!values || typeof values !== "object") return;
  const o = values as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) if (typeof v === "string" && isUuid(v)) o[k] = v.toLowerCase();
}

export function siteGuard(siteExists: (siteId: string) => Promise<boolean>) {
  const known = new Set<string>();
  return async (req: FastifyRequest): Promise<void> => {
    canonicalIds(req.params);
    canonicalIds(req.query);
    const params = req.params as Record<string, unknown> | undefined;
    const query = req.query as Record<string, unknown> | undefined;
    const siteId = params?.siteId ?? query?.siteId;
    if (typeof siteId !== "string" || known.has(siteId)) return;
    if (await siteExists(siteId)) {
      known.add(siteId);
      return;
    }
    const p = req.ctx.principal;
    const districtWide = p?.kind === "user" && p.grants.some(isDistrictGrant);
    if (p && !districtWide) throw forbidden();
    throw new AppError(404, "site_not_found", "场所不存在", "No such site");
  };
}
