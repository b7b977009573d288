import type { Executor } from "../../db/schema.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, badRequest } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { enqueue } from "../notifications/outbox.service.js";
import * as applicantsRepo from "./applicants.repository.js";
import { hashCode, newVerificationCode } from "./codes.js";
import type { AppointmentEnv } from "./env.js";

// ---- verification codes ----------------------------------------------------------------------

const CODE_TTL_MS = 5 * 60_000;

/** Sends a six-digit code to a mobile through the outbox: at most one a minute and ten a day per number. */
export async function requestCode(ctx: Ctx, env: AppointmentEnv, phone: string) {
  const now = ctx.clock.now();
  const code = newVerificationCode();
  await ctx.db.transaction().execute(async (tx) => {
    // One request per mobile at a time (PostgreSQL too), so the limits below cannot be raced past.
    await applicantsRepo.lockPerson(tx, `code:${phone}`);
    const last = await applicantsRepo.latestCode(tx, phone);
    if (last && now.getTime() - Date.parse(last.created_at) < 60_000) {
      throw new AppError(
        429,
        "code_too_soon",
        "验证码已发送，请一分钟后再试",
        "A code was sent less than a minute ago; try again in a minute",
      );
    }
    if ((await applicantsRepo.countCodesSince(tx, phone, new Date(now.getTime() - 86_400_000).toISOString())) >= 10) {
      throw new AppError(429, "code_limit_reached", "该手机号今日获取验证码次数过多", "Too many codes for this mobile today");
    }
    await applicantsRepo.insertCode(tx, {
      id: newId(),
      phone,
      code_hash: hashCode(phone, code),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + CODE_TTL_MS).toISOString(),
      attempts: 0,
      used_at: null,
    });
    await enqueue(tx, ctx.clock, {
      siteId: null,
      channel: "sms",
      recipient: phone,
      kind: "verification_code",
      subject: "验证码 Verification code",
      body: `【政务服务】您的预约验证码为 ${code}，5分钟内有效。如非本人操作请忽略。`,
    });
  });
  env.kick();
  return { sent: true, expiresInSec: CODE_TTL_MS / 1000, ...(env.showVerificationCodes ? { demoCode: code } : {}) };
}

const codeFailed = () =>
  badRequest("verification_failed", "验证码错误或已过期，请重新获取", "The verification code is wrong or has expired; request a new one");

/** Checks a code (five tries per code); wrong tries are counted even though the booking then fails. */
export async function verifyCode(ctx: Ctx, phone: string, code: string): Promise<string> {
  const now = ctx.clock.now().toISOString();
  const row = await applicantsRepo.latestCode(ctx.db, phone);
  if (!row || row.used_at || row.expires_at < now) throw codeFailed();
  // The try is counted before the comparison, in one conditional statement: parallel guesses
  // cannot share a count, and the sixth is refused whatever it says.
  if (!(await applicantsRepo.countCodeTry(ctx.db, row.id, 5))) throw codeFailed();
  if (row.code_hash !== hashCode(phone, code)) throw codeFailed();
  return row.id;
}

export async function useCode(tx: Executor, id: string, nowIso: string): Promise<void> {
  if (!(await applicantsRepo.useCode(tx, id, nowIso))) throw codeFailed();
}
