import type { z } from "zod";
import type { Row } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import {
  assertCanGrant,
  assertGrantScope,
  canAt,
  canManageUser,
  canRecord,
  recordFilterOf,
  requireUser,
} from "../../platform/auth/access.js";
import { grantOf, principalsChanged, scopeColumns } from "../../platform/auth/identity.js";
import * as repo from "../../platform/auth/identity.repository.js";
import { assertPasswordPolicy, hashPassword } from "../../platform/auth/password.js";
import type { GrantScope, Principal } from "../../platform/auth/principal.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { departmentExists, siteExists } from "../org/units.service.js";
import type { GrantsInput, StaffInput, StaffMember, StaffPatch } from "./staff.schema.js";

/** The staff administration: accounts and their grants (stored by the platform's identity repository). */

function present(p: Principal, u: Row<"users">, grants: Row<"role_grants">[], now: string): StaffMember {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    active: u.active === 1,
    locked: !!u.locked_until && u.locked_until > now,
    mustChangePassword: u.must_change_password === 1,
    // Only the grants the caller may see: a site manager sees what a colleague holds at their site.
    grants: grants
      .filter((g) => g.user_id === u.id)
      .map(grantOf)
      .filter((g) => canAt(p, "staff.read", g)),
  };
}

export async function listStaff(ctx: Ctx, q: { siteId?: string; departmentId?: string } = {}): Promise<StaffMember[]> {
  const p = requireUser(ctx.principal);
  if (q.siteId && q.departmentId) {
    throw new AppError(400, "staff_filter_invalid", "只能按一个场所或一个部门筛选", "Filter by one site or one department");
  }
  if ((q.siteId || q.departmentId) && !canRecord(p, "staff.read", { siteId: q.siteId, departmentId: q.departmentId })) throw forbidden();
  const only = q.siteId || q.departmentId ? q : undefined;
  const users = await repo.listUsers(ctx.db, recordFilterOf(p, "staff.read"), only);
  const grants = await repo.grantsOf(
    ctx.db,
    users.map((u) => u.id),
  );
  const now = ctx.clock.now().toISOString();
  return users.map((u) => present(p, u, grants, now));
}

async function getMember(ctx: Ctx, userId: string): Promise<StaffMember> {
  const p = requireUser(ctx.principal);
  const u = await repo.findUserById(ctx.db, userId);
  if (!u) throw notFound("Staff member", "人员");
  return present(p, u, await repo.grantsOf(ctx.db, [userId]), ctx.clock.now().toISOString());
}

/**
 * A user may be managed only by someone who may write staff in every scope the user holds a grant
 * in; a user with no grant, or a district grant, only by a district administrator (issue 10 #13).
 */
async function assertManages(ctx: Ctx, tx: Ctx["db"], userId: string): Promise<Row<"users">> {
  const p = requireUser(ctx.principal);
  const u = await repo.findUserById(tx, userId);
  if (!u) throw notFound("Staff member", "人员");
  const grants = (await repo.grantsOf(tx, [userId])).map(grantOf);
  if (!canManageUser(p, grants)) throw forbidden();
  return u;
}

async function assertScopesExist(tx: Ctx["db"], scopes: GrantScope[]): Promise<void> {
  for (const s of new Set(scopes.map((x) => x.siteId).filter((x) => x !== null))) {
    if (!(await siteExists(tx, s))) throw new AppError(400, "site_unknown", "所选场所不存在", "The site does not exist");
  }
  for (const d of new Set(scopes.map((x) => x.departmentId).filter((x) => x !== null))) {
    if (!(await departmentExists(tx, d))) throw new AppError(400, "department_unknown", "所选部门不存在", "The department does not exist");
  }
}

/** The audit chain of a grant scope: the site's, or the district's for district and department grants. */
const chainOf = (g: GrantScope) => g.siteId;
const scopeKey = (g: GrantScope) => `${g.siteId ?? ""}|${g.departmentId ?? ""}`;

export async function createStaff(ctx: Ctx, input: z.infer<typeof StaffInput>): Promise<StaffMember> {
  const p = requireUser(ctx.principal);
  for (const g of input.grants) assertCanGrant(p, g.role, g);
  assertPasswordPolicy(input.password);
  const hash = await hashPassword(input.password);
  const at = ctx.clock.now().toISOString();
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await assertScopesExist(tx, input.grants);
    if (await repo.findUserByUsername(tx, input.username))
      throw conflict("username_taken", `用户名 ${input.username} 已被使用`, `Username ${input.username} is taken`);
    await repo.insertUser(tx, {
      id,
      username: input.username,
      display_name: input.displayName,
      password_hash: hash,
      must_change_password: 1,
      failed_attempts: 0,
      locked_until: null,
      active: 1,
      created_at: at,
      updated_at: at,
    });
    const unique = [...new Map(input.grants.map((g) => [`${g.role}|${scopeKey(g)}`, g])).values()];
    await repo.insertGrants(
      tx,
      unique.map((g) => ({ id: newId(), user_id: id, role: g.role, ...scopeColumns(g) })),
    );
    for (const key of new Set(unique.map(scopeKey))) {
      const here = unique.filter((g) => scopeKey(g) === key);
      const scope = here[0] as GrantScope;
      await audit(tx, ctx, {
        action: "staff.create",
        entityType: "user",
        entityId: id,
        siteId: chainOf(scope),
        after: {
          username: input.username,
          displayName: input.displayName,
          ...(scope.departmentId ? { departmentId: scope.departmentId } : {}),
          roles: here.map((g) => g.role),
        },
      });
    }
  });
  return getMember(ctx, id);
}

export async function updateStaff(ctx: Ctx, userId: string, patch: z.infer<typeof StaffPatch>): Promise<StaffMember> {
  await ctx.db.transaction().execute(async (tx) => {
    const before = await assertManages(ctx, tx, userId);
    const set: Partial<Row<"users">> = { updated_at: ctx.clock.now().toISOString() };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.active !== undefined) set.active = patch.active ? 1 : 0;
    await repo.updateUser(tx, userId, set);
    if (patch.active === false) await repo.deleteUserSessions(tx, userId);
    await audit(tx, ctx, {
      action: "staff.update",
      entityType: "user",
      entityId: userId,
      siteId: null,
      before: { displayName: before.display_name, active: before.active === 1 },
      after: { displayName: set.display_name ?? before.display_name, active: (set.active ?? before.active) === 1 },
    });
  });
  await principalsChanged(ctx);
  return getMember(ctx, userId);
}

/**
 * Replaces the user's roles in one scope (a site, a department, or district-wide); grants
 * elsewhere stay. The caller must manage the user as they are (every grant within the caller's
 * scopes) and may write staff in the scope being set.
 */
export async function setGrants(ctx: Ctx, userId: string, input: z.infer<typeof GrantsInput>): Promise<StaffMember> {
  const p = requireUser(ctx.principal);
  assertGrantScope(input);
  const scope: GrantScope = { siteId: input.siteId, departmentId: input.departmentId };
  for (const role of input.roles) assertCanGrant(p, role, scope);
  if (!canAt(p, "staff.write", scope)) throw forbidden();
  await ctx.db.transaction().execute(async (tx) => {
    await assertManages(ctx, tx, userId);
    await assertScopesExist(tx, [scope]);
    const all = await repo.grantsOf(tx, [userId]);
    const cols = scopeColumns(scope);
    const here = all.filter((g) => g.site_id === cols.site_id && g.department_id === cols.department_id);
    await repo.deleteGrants(
      tx,
      here.map((g) => g.id),
    );
    const roles = [...new Set(input.roles)];
    await repo.insertGrants(
      tx,
      roles.map((role) => ({ id: newId(), user_id: userId, role, ...cols })),
    );
    await audit(tx, ctx, {
      action: "staff.grants.set",
      entityType: "user",
      entityId: userId,
      siteId: chainOf(scope),
      before: here.map((g) => g.role),
      after: scope.departmentId ? { departmentId: scope.departmentId, roles } : roles,
    });
  });
  await principalsChanged(ctx);
  return getMember(ctx, userId);
}

/** Sets a new initial password: the user must change it at next sign-in. Also lifts a lock. */
export async function resetPassword(ctx: Ctx, userId: string, password: string): Promise<StaffMember> {
  assertPasswordPolicy(password);
  const hash = await hashPassword(password);
  await ctx.db.transaction().execute(async (tx) => {
    await assertManages(ctx, tx, userId);
    await repo.updateUser(tx, userId, {
      password_hash: hash,
      must_change_password: 1,
      failed_attempts: 0,
      locked_until: null,
      updated_at: ctx.clock.now().toISOString(),
    });
    await repo.deleteUserSessions(tx, userId);
    await audit(tx, ctx, { action: "staff.password_reset", entityType: "user", entityId: userId, siteId: null });
  });
  await principalsChanged(ctx);
  return getMember(ctx, userId);
}

export async function unlock(ctx: Ctx, userId: string): Promise<StaffMember> {
  await ctx.db.transaction().execute(async (tx) => {
    const before = await assertManages(ctx, tx, userId);
    await repo.updateUser(tx, userId, { failed_attempts: 0, locked_until: null, updated_at: ctx.clock.now().toISOString() });
    await audit(tx, ctx, {
      action: "staff.unlock",
      entityType: "user",
      entityId: userId,
      siteId: null,
      before: { lockedUntil: before.locked_until },
    });
  });
  return getMember(ctx, userId);
}
