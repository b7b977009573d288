import { z } from "zod";
import type { Row } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { assertCan, requireDevice, requireUser } from "../../platform/auth/access.js";
import { principalsChanged } from "../../platform/auth/identity.js";
import { DEVICE_KINDS, type DeviceKind, type Principal } from "../../platform/auth/principal.js";
import { newToken, tokenHash } from "../../platform/auth/tokens.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, conflict, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { findWindowRow } from "../org/layout.service.js";
import { getSiteRow } from "../org/sites.service.js";
import * as repo from "./devices.repository.js";

export const Device = z.object({
  id: z.string(),
  siteId: z.string(),
  kind: z.enum(DEVICE_KINDS),
  name: z.string(),
  windowId: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
});
export type Device = z.infer<typeof Device>;
export const DeviceInput = z.object({
  kind: z.enum(DEVICE_KINDS),
  name: z.string().trim().min(1).max(60),
  windowId: z.string().uuid().nullish(),
});

const present = (d: Row<"devices">): Device => ({
  id: d.id,
  siteId: d.site_id,
  kind: d.kind as DeviceKind,
  name: d.name,
  windowId: d.window_id,
  createdAt: d.created_at,
  revokedAt: d.revoked_at,
  lastSeenAt: d.last_seen_at,
});

export async function listDevices(ctx: Ctx, siteId: string): Promise<Device[]> {
  assertCan(requireUser(ctx.principal), "device.read", siteId);
  await getSiteRow(ctx.db, siteId);
  return (await repo.listBySite(ctx.db, siteId)).map(present);
}

/** Registers a device; the token is shown once, only its hash is kept. */
export async function registerDevice(ctx: Ctx, siteId: string, input: z.infer<typeof DeviceInput>): Promise<Device & { token: string }> {
  assertCan(requireUser(ctx.principal), "device.write", siteId);
  if ((input.kind === "evaluator" || input.kind === "counter_terminal") && !input.windowId) {
    throw new AppError(
      400,
      "device_window_required",
      "窗口评价器和窗口终端须绑定一个窗口",
      "A window evaluator or counter terminal must belong to a window",
    );
  }
  const token = newToken("gd_");
  const row: Row<"devices"> = {
    id: newId(),
    site_id: siteId,
    kind: input.kind,
    name: input.name,
    window_id: input.windowId ?? null,
    token_hash: tokenHash(token),
    created_at: ctx.clock.now().toISOString(),
    revoked_at: null,
    last_seen_at: null,
  };
  await ctx.db.transaction().execute(async (tx) => {
    await getSiteRow(tx, siteId);
    if (input.windowId && !(await findWindowRow(tx, siteId, input.windowId))) {
      throw new AppError(400, "window_not_in_site", "所选窗口不属于本场所", "The window does not belong to this site");
    }
    await repo.insertDevice(tx, row);
    const { token_hash: _t, ...after } = row;
    await audit(tx, ctx, { action: "device.register", entityType: "device", entityId: row.id, siteId, after });
  });
  return { ...present(row), token };
}

export async function revokeDevice(ctx: Ctx, siteId: string, deviceId: string): Promise<Device> {
  assertCan(requireUser(ctx.principal), "device.write", siteId);
  const revoked = await ctx.db.transaction().execute(async (tx) => {
    const d = await repo.findById(tx, deviceId);
    if (!d || d.site_id !== siteId) throw notFound("Device", "设备");
    if (d.revoked_at) throw conflict("device_already_revoked", "该设备已被停用", "The device is already revoked");
    const at = ctx.clock.now().toISOString();
    await repo.revoke(tx, deviceId, at);
    await audit(tx, ctx, { action: "device.revoke", entityType: "device", entityId: deviceId, siteId, after: { revokedAt: at } });
    return present({ ...d, revoked_at: at });
  });
  await principalsChanged(ctx);
  return revoked;
}

/** What a device learns about itself: its site and window, for its own screen. */
export async function deviceSelf(ctx: Ctx) {
  const d = requireDevice(ctx.principal);
  const site = await getSiteRow(ctx.db, d.siteId);
  const window = d.windowId ? await findWindowRow(ctx.db, d.siteId, d.windowId) : undefined;
  return {
    id: d.deviceId,
    kind: d.deviceKind,
    name: d.name,
    site: { id: site.id, code: site.code, name: site.name },
    window: window ? { id: window.id, number: window.number, name: window.name } : null,
  };
}

/** The device behind a token hash, as a principal (for the sign-in); null when unknown or revoked. */
export async function deviceByToken(db: Ctx["db"], hash: string, at: string): Promise<Principal | null> {
  const d = await repo.findByTokenHash(db, hash);
  if (!d || d.revoked_at) return null;
  if (!d.last_seen_at || Date.parse(at) - Date.parse(d.last_seen_at) > 60_000) await repo.touch(db, d.id, at);
  return { kind: "device", deviceId: d.id, siteId: d.site_id, deviceKind: d.kind as DeviceKind, windowId: d.window_id, name: d.name };
}
