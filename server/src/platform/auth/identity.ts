import type { Executor, Row } from "../../db/schema.js";
import type { Ctx } from "../context.js";
import * as repo from "./identity.repository.js";
import type { Role, RoleGrant } from "./principal.js";

/** A stored grant as the access rules read it ('' in a scope column stands for "not this kind"). */
export const grantOf = (g: Pick<Row<"role_grants">, "role" | "site_id" | "department_id">): RoleGrant => ({
  role: g.role as Role,
  siteId: g.site_id === "" ? null : g.site_id,
  departmentId: g.department_id === "" ? null : g.department_id,
});

/** The columns that store a grant's scope. */
export const scopeColumns = (g: { siteId: string | null; departmentId: string | null }) => ({
  site_id: g.siteId ?? "",
  department_id: g.siteId === null ? (g.departmentId ?? "") : "",
});

export async function grantsOfUser(db: Executor, userId: string): Promise<RoleGrant[]> {
  return (await repo.grantsOf(db, [userId])).map(grantOf);
}

/** Display names of users, by id (for posts, lists of who did what). */
export async function displayNamesOf(db: Executor, ids: string[]): Promise<Map<string, string>> {
  return new Map((await repo.displayNames(db, [...new Set(ids)])).map((u) => [u.id, u.display_name]));
}

/** The cache topic of accounts, grants, sessions and devices: who a token belongs to is cached on it. */
export const PRINCIPALS_TOPIC = "principals";

/**
 * Accounts, grants, sessions or devices changed: every instance drops the principals it cached
 * (platform/cache), so the module that changed them need not know the cache.
 */
export function principalsChanged(ctx: Ctx): Promise<void> {
  return ctx.caches.changed(PRINCIPALS_TOPIC);
}
