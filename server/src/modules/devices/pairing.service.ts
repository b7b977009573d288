import { randomInt } from "node:crypto";
import { z } from "zod";
import { assertCan, requireUser, scopeOf } from "../../platform/auth/access.js";
import { DEVICE_KINDS, type DeviceKind } from "../../platform/auth/principal.js";
import { newToken, tokenHash } from "../../platform/auth/tokens.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { type Device, registerDevice, revokeDevice } from "./devices.service.js";
import * as repo from "./pairing.repository.js";

/**
 * Pairing a device the way a TV pairs with an account: the device asks for a short code and shows
 * it (with a QR code of the confirming page); a signed-in manager types or scans it in /manage/,
 * names the device and confirms; the device, polling with a secret only it holds, collects its
 * token once. The long token stays available for hardware integrators.
 */
const TTL_MS = 10 * 60_000;
/** More open pairings than this at once is someone filling the table, not a hall setting up screens. */
const MAX_OPEN = 200;
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export const PairingStart = z.object({ kind: z.enum(DEVICE_KINDS) });
export const PairingClaim = z.object({ secret: z.string().min(20).max(100) });
export const PairingConfirm = z.object({
  name: z.string().trim().min(1).max(60),
  windowId: z.string().uuid().nullish(),
});
export const PairingCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^[2-9A-HJ-NP-Z]{8}$/, "配对码为 8 位字母和数字 / the pairing code has 8 letters and digits"));

const newCode = () => Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
export const showCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

const expired = () =>
  new AppError(410, "pairing_expired", "配对码已过期，请在设备上重新获取", "The pairing code has expired; get a new one on the device");

export async function startPairing(ctx: Ctx, kind: DeviceKind) {
  const now = ctx.clock.now();
  await repo.deleteExpired(ctx.db, now.toISOString());
  if ((await repo.countLive(ctx.db, now.toISOString())) >= MAX_OPEN) {
    throw new AppError(429, "pairing_busy", "待配对的设备过多，请稍后再试", "Too many devices are waiting to be paired; try again shortly");
  }
  const secret = newToken("gp_");
  const row = {
    id: newId(),
    code: newCode(),
    secret_hash: tokenHash(secret),
    kind,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + TTL_MS).toISOString(),
    site_id: null,
    device_id: null,
    confirmed_by: null,
    confirmed_at: null,
    token: null,
    collected_at: null,
  };
  await repo.insertPairing(ctx.db, row);
  return { id: row.id, code: showCode(row.code), secret, expiresAt: row.expires_at };
}

/** The device asks whether it has been confirmed; the token comes back exactly once. */
export async function claimPairing(ctx: Ctx, id: string, secret: string) {
  const row = await repo.findById(ctx.db, id);
  if (!row || row.secret_hash !== tokenHash(secret)) throw notFound("Pairing", "配对");
  const nowIso = ctx.clock.now().toISOString();
  if (row.token) {
    if (await repo.collect(ctx.db, id, nowIso)) return { state: "paired" as const, token: row.token };
  }
  if (row.collected_at || (row.confirmed_at && !row.token)) {
    throw conflict("pairing_collected", "该配对已完成", "This pairing is complete");
  }
  if (row.expires_at <= nowIso) throw expired();
  return { state: "waiting" as const, code: showCode(row.code), expiresAt: row.expires_at };
}

async function openPairing(ctx: Ctx, code: string) {
  const row = await repo.findByCode(ctx.db, code);
  if (!row) throw notFound("Pairing code", "该配对码");
  if (row.confirmed_at) throw conflict("pairing_already_confirmed", "该配对码已被确认", "This pairing code has already been confirmed");
  if (row.expires_at <= ctx.clock.now().toISOString()) throw expired();
  return row;
}

/** What a manager sees before confirming: which kind of device asked, and until when. */
export async function lookupPairing(ctx: Ctx, code: string) {
  const p = requireUser(ctx.principal);
  const scope = scopeOf(p, "device.write");
  if (scope !== "all" && scope.length === 0) throw forbidden();
  const row = await openPairing(ctx, code);
  return { code: showCode(row.code), kind: row.kind as DeviceKind, expiresAt: row.expires_at };
}

/** A manager of the site names the device and confirms: it is registered at that site and gets its token. */
export async function confirmPairing(ctx: Ctx, siteId: string, code: string, input: z.infer<typeof PairingConfirm>): Promise<Device> {
  const user = requireUser(ctx.principal);
  assertCan(user, "device.write", siteId);
  const row = await openPairing(ctx, code);
  const { token, ...device } = await registerDevice(ctx, siteId, {
    kind: row.kind as DeviceKind,
    name: input.name,
    windowId: input.windowId,
  });
  const now = ctx.clock.now().toISOString();
  const won = await repo.confirm(ctx.db, row.id, now, {
    site_id: siteId,
    device_id: device.id,
    confirmed_by: user.userId,
    confirmed_at: now,
    token,
  });
  if (!won) {
    // Another manager confirmed the same code a moment earlier (or it ran out): the device just
    // registered is never handed out, so it is revoked at once (both steps are in the audit log).
    await revokeDevice(ctx, siteId, device.id);
    throw conflict("pairing_already_confirmed", "该配对码已被确认", "This pairing code has already been confirmed");
  }
  return device;
}
