import type { Executor, Row } from "../../db/schema.js";
import { AppError, conflict } from "../../platform/errors.js";
import * as applicantsRepo from "./applicants.repository.js";

/** The rules per person: one booking a day per service, open bookings per ID and mobile, no-show blocks. */

export interface PersonData {
  name: string;
  phone: string;
  idNumber: string;
  email?: string | null;
}

/**
 * The per-person rules, checked with the person's rows locked (ID number first, then mobile —
 * always in that order), so two confirmations for one person run one after the other.
 */
export async function checkPerson(
  tx: Executor,
  s: Row<"appointment_services">,
  p: PersonData,
  date: string,
  now: Date,
  exceptId: string,
): Promise<void> {
  await applicantsRepo.lockPerson(tx, `id:${s.site_id}:${p.idNumber}`);
  await applicantsRepo.lockPerson(tx, `phone:${s.site_id}:${p.phone}`);
  const restriction = await restrictionOf(tx, s, p.idNumber, now);
  if (restriction) {
    throw new AppError(
      409,
      "booking_restricted",
      `因近 ${s.noshow_window_days} 天内 ${restriction.count} 次预约未到，${restriction.until.slice(0, 10)} 前暂不能在本场所预约，可到现场取号办理`,
      `${restriction.count} missed appointments in ${s.noshow_window_days} days: booking at this site is blocked until ${restriction.until.slice(0, 10)}; you can still take a ticket on site`,
      { blockedUntil: restriction.until },
    );
  }
  if ((await applicantsRepo.countSameDay(tx, s.id, date, p.idNumber, exceptId)) > 0) {
    throw conflict("already_booked_that_day", "同一证件同一事项每天只能预约一次", "One ID number may book this service once a day");
  }
  const nowIso = now.toISOString();
  if ((await applicantsRepo.countOpen(tx, s.site_id, { idNumber: p.idNumber }, nowIso, exceptId)) >= s.per_id_limit) {
    throw conflict(
      "person_limit_reached",
      `同一证件在本场所最多同时持有 ${s.per_id_limit} 个预约`,
      `One ID number may hold at most ${s.per_id_limit} open bookings at this site`,
    );
  }
  if ((await applicantsRepo.countOpen(tx, s.site_id, { phone: p.phone }, nowIso, exceptId)) >= s.per_phone_limit) {
    throw conflict(
      "phone_limit_reached",
      `同一手机号在本场所最多同时持有 ${s.per_phone_limit} 个预约`,
      `One mobile number may hold at most ${s.per_phone_limit} open bookings at this site`,
    );
  }
}

/** N no-shows within M days (those before the last lift do not count) block booking for K days after the last. */
export async function restrictionOf(
  db: Executor,
  s: Pick<Row<"appointment_services">, "site_id" | "noshow_limit" | "noshow_window_days" | "noshow_block_days">,
  idNumber: string,
  now: Date,
): Promise<{ count: number; last: string; until: string } | undefined> {
  const since = new Date(now.getTime() - s.noshow_window_days * 86_400_000).toISOString();
  const lift = await applicantsRepo.lastLift(db, s.site_id, idNumber);
  const shows = (await applicantsRepo.noShowsSince(db, s.site_id, idNumber, since)).filter((t) => !lift || t > lift.lifted_at);
  const last = shows[0];
  if (!last || shows.length < s.noshow_limit) return undefined;
  const until = new Date(Date.parse(last) + s.noshow_block_days * 86_400_000).toISOString();
  return until > now.toISOString() ? { count: shows.length, last, until } : undefined;
}
