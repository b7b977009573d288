import type { z } from "zod";
import type { Row } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { assertCan, requireUser } from "../../platform/auth/access.js";
import { displayNamesOf, grantsOfUser } from "../../platform/auth/identity.js";
import type { Role } from "../../platform/auth/principal.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, conflict, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { asFlag, type ColumnMap, changedColumns } from "../../platform/patch.js";
import * as repo from "./org.repository.js";
import type { PostInput, Window, WindowInput, WindowPatch, Zone, ZoneInput } from "./org.schema.js";
import { getSiteRow } from "./sites.service.js";

type ZoneOut = z.infer<typeof Zone>;
const presentZone = (r: Row<"zones">): ZoneOut => ({ id: r.id, siteId: r.site_id, name: r.name, kinds: JSON.parse(r.kinds) });

const canRead = (ctx: Ctx, siteId: string) => assertCan(requireUser(ctx.principal), "site.read", siteId);
const canWrite = (ctx: Ctx, siteId: string) => assertCan(requireUser(ctx.principal), "site.write", siteId);

export async function listZones(ctx: Ctx, siteId: string): Promise<ZoneOut[]> {
  canRead(ctx, siteId);
  await getSiteRow(ctx.db, siteId);
  return (await repo.zonesOf(ctx.db, siteId)).map(presentZone);
}

const zoneNameTaken = (name: string) =>
  conflict("zone_name_taken", `本场所已有名为“${name}”的功能区`, `This site already has a zone named ${name}`);

export async function createZone(ctx: Ctx, siteId: string, input: z.infer<typeof ZoneInput>): Promise<ZoneOut> {
  canWrite(ctx, siteId);
  const row = {
    id: newId(),
    site_id: siteId,
    name: input.name,
    kinds: JSON.stringify([...new Set(input.kinds)]),
    created_at: ctx.clock.now().toISOString(),
  };
  await ctx.db.transaction().execute(async (tx) => {
    await getSiteRow(tx, siteId);
    if ((await repo.zonesOf(tx, siteId)).some((z) => z.name === input.name)) throw zoneNameTaken(input.name);
    await repo.insertZone(tx, row);
    await audit(tx, ctx, { action: "zone.create", entityType: "zone", entityId: row.id, siteId, after: row });
  });
  return presentZone(row);
}

export async function updateZone(ctx: Ctx, siteId: string, zoneId: string, input: z.infer<typeof ZoneInput>): Promise<ZoneOut> {
  canWrite(ctx, siteId);
  return ctx.db.transaction().execute(async (tx) => {
    const before = await repo.findZone(tx, siteId, zoneId);
    if (!before) throw notFound("Zone", "功能区");
    if ((await repo.zonesOf(tx, siteId)).some((z) => z.name === input.name && z.id !== zoneId)) throw zoneNameTaken(input.name);
    const after = { ...before, name: input.name, kinds: JSON.stringify([...new Set(input.kinds)]) };
    await repo.updateZone(tx, zoneId, { name: after.name, kinds: after.kinds });
    await audit(tx, ctx, { action: "zone.update", entityType: "zone", entityId: zoneId, siteId, before, after });
    return presentZone(after);
  });
}

export async function deleteZone(ctx: Ctx, siteId: string, zoneId: string): Promise<void> {
  canWrite(ctx, siteId);
  await ctx.db.transaction().execute(async (tx) => {
    const before = await repo.findZone(tx, siteId, zoneId);
    if (!before) throw notFound("Zone", "功能区");
    if ((await repo.countWindowsInZone(tx, zoneId)) > 0) {
      throw conflict("zone_in_use", "该功能区内还有窗口，请先移走窗口", "Windows still belong to this zone; move them first");
    }
    await repo.deleteZone(tx, zoneId);
    await audit(tx, ctx, { action: "zone.delete", entityType: "zone", entityId: zoneId, siteId, before });
  });
}

async function presentWindows(db: Ctx["db"], siteId: string, rows: Row<"windows">[]): Promise<Window[]> {
  const posts = await repo.postsOf(db, siteId);
  const userIds = posts.flatMap((p) => [p.primary_user_id, p.backup_user_id]).filter((x): x is string => !!x);
  const names = await displayNamesOf(db, userIds);
  const person = (id: string | null | undefined) => (id ? { id, displayName: names.get(id) ?? "" } : null);
  return rows.map((w) => {
    const post = posts.find((p) => p.window_id === w.id);
    return {
      id: w.id,
      siteId: w.site_id,
      number: w.number,
      name: w.name,
      zoneId: w.zone_id,
      active: w.active === 1,
      post: { primary: person(post?.primary_user_id), backup: person(post?.backup_user_id) },
    };
  });
}

export async function listWindows(ctx: Ctx, siteId: string): Promise<Window[]> {
  canRead(ctx, siteId);
  await getSiteRow(ctx.db, siteId);
  return presentWindows(ctx.db, siteId, await repo.windowsOf(ctx.db, siteId));
}

async function checkZone(tx: Ctx["db"], siteId: string, zoneId: string | null | undefined): Promise<void> {
  if (!zoneId) return;
  const zone = await repo.findZone(tx, siteId, zoneId);
  if (!zone) throw new AppError(400, "zone_not_in_site", "所选功能区不属于本场所", "The zone does not belong to this site");
  if (!(JSON.parse(zone.kinds) as string[]).includes("window_service")) {
    throw new AppError(
      400,
      "zone_not_window_service",
      "窗口只能设在窗口服务区（或含窗口服务的合并功能区）",
      "Windows belong in a window-service zone (or a merged zone that includes it)",
    );
  }
}

const windowNumberTaken = (n: number) =>
  conflict("window_number_taken", `本场所已有 ${n} 号窗口`, `Window ${n} already exists at this site`);

export async function createWindow(ctx: Ctx, siteId: string, input: z.infer<typeof WindowInput>): Promise<Window> {
  canWrite(ctx, siteId);
  const row = {
    id: newId(),
    site_id: siteId,
    zone_id: input.zoneId ?? null,
    number: input.number,
    name: input.name,
    active: input.active === false ? 0 : 1,
    created_at: ctx.clock.now().toISOString(),
  };
  await ctx.db.transaction().execute(async (tx) => {
    await getSiteRow(tx, siteId);
    await checkZone(tx, siteId, input.zoneId);
    if (await repo.findWindowByNumber(tx, siteId, input.number)) throw windowNumberTaken(input.number);
    await repo.insertWindow(tx, row);
    await audit(tx, ctx, { action: "window.create", entityType: "window", entityId: row.id, siteId, after: row });
  });
  return (await presentWindows(ctx.db, siteId, [row]))[0] as Window;
}

const WINDOW_COLUMNS: ColumnMap<z.infer<typeof WindowPatch>, Row<"windows">> = {
  number: "number",
  name: "name",
  zoneId: "zone_id",
  active: { column: "active", value: asFlag },
};

export async function updateWindow(ctx: Ctx, siteId: string, windowId: string, patch: z.infer<typeof WindowPatch>): Promise<Window> {
  canWrite(ctx, siteId);
  const after = await ctx.db.transaction().execute(async (tx) => {
    const before = await repo.findWindow(tx, siteId, windowId);
    if (!before) throw notFound("Window", "窗口");
    if (patch.zoneId !== undefined) await checkZone(tx, siteId, patch.zoneId);
    if (patch.number !== undefined && patch.number !== before.number && (await repo.findWindowByNumber(tx, siteId, patch.number))) {
      throw windowNumberTaken(patch.number);
    }
    const set = changedColumns(patch, WINDOW_COLUMNS);
    await repo.updateWindow(tx, windowId, set);
    const after = { ...before, ...set };
    await audit(tx, ctx, { action: "window.update", entityType: "window", entityId: windowId, siteId, before, after });
    return after;
  });
  return (await presentWindows(ctx.db, siteId, [after]))[0] as Window;
}

const POST_ROLES: readonly Role[] = ["window_staff", "back_office", "site_manager", "guide", "park_operator"];

/** A/B post of a window: the primary staffs it, the backup covers when the primary is absent. */
export async function setPost(ctx: Ctx, siteId: string, windowId: string, input: z.infer<typeof PostInput>): Promise<Window> {
  canWrite(ctx, siteId);
  if (input.primaryUserId && input.primaryUserId === input.backupUserId) {
    throw new AppError(400, "post_same_person", "A岗和B岗不能是同一人", "The primary and the backup must be different people");
  }
  const w = await ctx.db.transaction().execute(async (tx) => {
    const w = await repo.findWindow(tx, siteId, windowId);
    if (!w) throw notFound("Window", "窗口");
    for (const uid of [input.primaryUserId, input.backupUserId]) {
      if (!uid) continue;
      const grants = (await grantsOfUser(tx, uid)).filter((g) => g.siteId === siteId);
      if (!grants.some((g) => POST_ROLES.includes(g.role))) {
        throw new AppError(400, "post_user_not_staff", "所选人员不是本场所的工作人员", "The person chosen is not staff of this site");
      }
    }
    const before = (await repo.postsOf(tx, siteId)).find((p) => p.window_id === windowId) ?? null;
    const row = {
      window_id: windowId,
      site_id: siteId,
      primary_user_id: input.primaryUserId,
      backup_user_id: input.backupUserId,
      updated_at: ctx.clock.now().toISOString(),
    };
    await repo.upsertPost(tx, row);
    await audit(tx, ctx, { action: "window.post.set", entityType: "window", entityId: windowId, siteId, before, after: row });
    return w;
  });
  return (await presentWindows(ctx.db, siteId, [w]))[0] as Window;
}

/** A window of a site, or undefined (for other modules: devices bind to windows). */
export async function findWindowRow(db: Ctx["db"], siteId: string, windowId: string): Promise<Row<"windows"> | undefined> {
  return repo.findWindow(db, siteId, windowId);
}
