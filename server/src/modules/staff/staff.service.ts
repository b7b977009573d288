import type { z } from "zod";
import type { Row } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { assertCanGrant, can, requireUser, scopeOf } from "../../platform/auth/access.js";
import { assertPasswordPolicy, hashPassword } from "../../platform/auth/password.js";
import type { Role } from "../../platform/auth/principal.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { deleteUserSessions } from "../auth/auth.repository.js";
import { forgetPrincipals } from "../auth/auth.service.js";
import * as orgRepo from "../org/org.repository.js";
import * as repo from "./staff.repository.js";
import type { GrantsInput, StaffInput, StaffMember, StaffPatch } from "./staff.schema.js";

const toSite = (s: string) => (s === "" ? null : s);
const fromSite = (s: string | null) => s ?? "";

function present(u: Row<"users">, grants: Row<"role_grants">[], visible: "all" | string[], now: string): StaffMember {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    active: u.active === 1,
    locked: !!u.locked_until && u.locked_until > now,
    mustChangePassword: u.must_change_password === 1,
    grants: grants
      .filter((g) => g.user_id === u.id && (visible === "all" || visible.includes(g.site_id)))
      .map((g) => ({ role: g.role as Role, siteId: toSite(g.site_id) })),
  };
}

export async function listStaff(ctx: Ctx, siteId?: string): Promise<StaffMember[]> {
  const p = requireUser(ctx.principal);
  const scope = scopeOf(p, "staff.read");
  if (siteId && !can(p, "staff.read", siteId)) throw forbidden();
  const users = await repo.listUsers(ctx.db, scope, siteId);
  const grants = await repo.grantsOf(
    ctx.db,
    users.map((u) => u.id),
  );
  const now = ctx.clock.now().toISOString();
  return users.map((u) => present(u, grants, scope, now));
}

async function getMember(ctx: Ctx, userId: string): Promise<StaffMember> {
  const p = requireUser(ctx.principal);
  const u = await repo.findById(ctx.db, userId);
  if (!u) throw notFound("Staff member", "人员");
  return present(u, await repo.grantsOf(ctx.db, [userId]), scopeOf(p, "staff.read"), ctx.clock.now().toISOString());
}

/** A user may be managed by someone who may write staff at every site the user works at. */
async function assertManages(ctx: Ctx, tx: Ctx["db"], userId: string): Promise<Row<"users">> {
  const p = requireUser(ctx.principal);
  const u = await repo.findById(tx, userId);
  if (!u) throw notFound("Staff member", "人员");
  const grants = await repo.grantsOf(tx, [userId]);
  if (grants.length === 0 ? !can(p, "staff.write", null) : grants.some((g) => !can(p, "staff.write", toSite(g.site_id)))) throw forbidden();
  return u;
}

async function assertSitesExist(tx: Ctx["db"], siteIds: (string | null)[]): Promise<void> {
  for (const s of new Set(siteIds)) {
    if (s && !(await orgRepo.findSite(tx, s))) throw new AppError(400, "site_unknown", "所选场所不存在", "The site does not exist");
  }
}

export async function createStaff(ctx: Ctx, input: z.infer<typeof StaffInput>): Promise<StaffMember> {
  const p = requireUser(ctx.principal);
  for (const g of input.grants) assertCanGrant(p, g.role, g.siteId);
  assertPasswordPolicy(input.password);
  const hash = await hashPassword(input.password);
  const at = ctx.clock.now().toISOString();
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    await assertSitesExist(
      tx,
      input.grants.map((g) => g.siteId),
    );
    if (await repo.findByUsername(tx, input.username))
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
    const unique = [...new Map(input.grants.map((g) => [`${g.role}|${g.siteId}`, g])).values()];
    await repo.insertGrants(
      tx,
      unique.map((g) => ({ id: newId(), user_id: id, role: g.role, site_id: fromSite(g.siteId) })),
    );
    for (const site of new Set(unique.map((g) => g.siteId))) {
      await audit(tx, ctx, {
        action: "staff.create",
        entityType: "user",
        entityId: id,
        siteId: site,
        after: {
          username: input.username,
          displayName: input.displayName,
          roles: unique.filter((g) => g.siteId === site).map((g) => g.role),
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
    if (patch.active === false) await deleteUserSessions(tx, userId);
    await audit(tx, ctx, {
      action: "staff.update",
      entityType: "user",
      entityId: userId,
      siteId: null,
      before: { displayName: before.display_name, active: before.active === 1 },
      after: { displayName: set.display_name ?? before.display_name, active: (set.active ?? before.active) === 1 },
    });
  });
  forgetPrincipals();
  return getMember(ctx, userId);
}

/** Replaces the user's roles at one site (or district-wide); grants elsewhere stay. */
export async function setGrants(ctx: Ctx, userId: string, input: z.infer<typeof GrantsInput>): Promise<StaffMember> {
  const p = requireUser(ctx.principal);
  for (const role of input.roles) assertCanGrant(p, role, input.siteId);
  if (!can(p, "staff.write", input.siteId)) throw forbidden();
  await ctx.db.transaction().execute(async (tx) => {
    const u = await repo.findById(tx, userId);
    if (!u) throw notFound("Staff member", "人员");
    await assertSitesExist(tx, [input.siteId]);
    const all = await repo.grantsOf(tx, [userId]);
    const here = all.filter((g) => g.site_id === fromSite(input.siteId));
    await repo.deleteGrants(
      tx,
      here.map((g) => g.id),
    );
    const roles = [...new Set(input.roles)];
    await repo.insertGrants(
      tx,
      roles.map((role) => ({ id: newId(), user_id: userId, role, site_id: fromSite(input.siteId) })),
    );
    await audit(tx, ctx, {
      action: "staff.grants.set",
      entityType: "user",
      entityId: userId,
      siteId: input.siteId,
      before: here.map((g) => g.role),
      after: roles,
    });
  });
  forgetPrincipals();
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
    await deleteUserSessions(tx, userId);
    await audit(tx, ctx, { action: "staff.password_reset", entityType: "user", entityId: userId, siteId: null });
  });
  forgetPrincipals();
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
