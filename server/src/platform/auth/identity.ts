import type { Executor, Row } from "../../db/schema.js";
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

/**
 * Who a token belongs to is cached by the sign-in; a change to accounts, grants, sessions or
 * devices tells it here, so the module that changed them need not know the cache.
 */
const listeners = new Set<() => void>();
export const onPrincipalsChanged = (listener: () => void) => listeners.add(listener);
export function principalsChanged(): void {
  for (const l of listeners) l();
}
