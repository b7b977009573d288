import { createHash, randomBytes, randomInt } from "node:crypto";
import type { Executor, Row } from "../../db/schema.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, conflict, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { loadSchedule } from "../org/opening.js";
import * as orgApi from "../org/org.api.js";
import * as applicantsRepo from "./applicants.repository.js";
import type { Links } from "./appointments.presenter.js";
import * as repo from "./appointments.repository.js";
import { notifyApplicant } from "./messages.js";
import { bookable, type Slot, type SlotRules, slotsOn } from "./slots.js";

/** What the appointment services need besides the context: links in messages, and a nudge to the dispatcher. */
export interface AppointmentEnv extends Links {
  showVerificationCodes: boolean;
  /** Public holds, codes and waiting-list joins per client address and 10 minutes (0: no limit). */
  publicBookingLimit: number;
  /** Called after a commit that queued messages: the dispatcher sends them soon. */
  kick(): void;
}

export interface PersonData {
  name: string;
  phone: string;
  idNumber: string;
  email?: string | null;
}

export const rulesOf = (s: Row<"appointment_services">): SlotRules => ({
  slotMinutes: s.slot_minutes,
  capacity: s.capacity,
  earliestHours: s.earliest_hours,
  latestDays: s.latest_days,
});

/** A booking code: 10 characters without look-alikes, easy to type at a kiosk (~50 bits). */
export function newCode(): string {
  const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  return Array.from(randomBytes(10), (b) => alphabet[b % alphabet.length]).join("");
}
export const newToken = () => randomBytes(18).toString("base64url");
export const hashCode = (phone: string, code: string) => createHash("sha256").update(`${phone}:${code}`).digest("hex");
export const newVerificationCode = () => String(randomInt(0, 1_000_000)).padStart(6, "0");

export async function serviceOrThrow(db: Executor, id: string): Promise<Row<"appointment_services">> {
  const s = await repo.findService(db, id);
  if (!s) throw notFound("Appointment service", "预约业务");
  return s;
}

export async function activeService(db: Executor, id: string) {
  const s = await serviceOrThrow(db, id);
  const site = await orgApi.findSite(db, s.site_id);
  if (s.active !== 1 || site?.active !== 1) throw notFound("Appointment service", "预约业务");
  return { service: s, site };
}

/** The slot at `date start` with the day's capacity, or 404 when the site offers no such slot. */
export async function resolveSlot(db: Executor, s: Row<"appointment_services">, date: string, start: string): Promise<Slot> {
  const [schedule, days] = await Promise.all([loadSchedule(db, s.site_id, date), repo.capacityDays(db, s.id, date, date)]);
  const cap = days[0]?.capacity ?? s.capacity;
  const slot = slotsOn(schedule, rulesOf(s), date, cap).find((x) => x.start === start);
  if (!slot) throw notFound("Slot", "该预约时段");
  return slot;
}

export function assertBookable(s: Row<"appointment_services">, slot: Slot, now: Date): void {
  if (!bookable(rulesOf(s), slot, now)) {
    throw conflict(
      "slot_not_bookable",
      `该时段不在可预约范围内（需提前 ${s.earliest_hours} 小时，最多提前 ${s.latest_days} 天）`,
      `This slot cannot be booked now (at least ${s.earliest_hours} h and at most ${s.latest_days} days ahead)`,
    );
  }
}

export const slotFull = () =>
  conflict("slot_full", "该时段已约满，可选择其他时段或加入候补", "This slot is fully booked; choose another or join the waiting list");

/**
 * Takes a place of the slot inside `tx`. Holds that have run out on this slot are let go first
 * (each moved only from `held`, so the sweeper and this never free a place twice).
 */
export async function takePlace(tx: Executor, ctx: Ctx, env: Links, s: Row<"appointment_services">, slot: Slot): Promise<void> {
  if (await repo.takePlace(tx, s.id, slot.date, slot.start, slot.capacity)) return;
  const expired = await repo.expiredHolds(tx, ctx.clock.now().toISOString(), { serviceId: s.id, date: slot.date, start: slot.start });
  for (const h of expired) await expireHold(tx, ctx, env, h);
  if (!(await repo.takePlace(tx, s.id, slot.date, slot.start, slot.capacity))) throw slotFull();
}

/**
 * Moves a booking's place from `old`'s slot to `slot`. Slot rows are locked in one global order
 * (service, date, start), so two moves in opposite directions wait for each other instead of
 * deadlocking on PostgreSQL.
 */
export async function movePlace(
  tx: Executor,
  ctx: Ctx,
  env: Links,
  s: Row<"appointment_services">,
  old: Row<"appointments">,
  slot: Slot,
  offer: boolean,
): Promise<void> {
  const oldKey = `${old.service_id}|${old.date}|${old.start}`;
  const newKey = `${s.id}|${slot.date}|${slot.start}`;
  if (newKey < oldKey) {
    await takePlace(tx, ctx, env, s, slot);
    await freePlace(tx, ctx, env, old, offer);
  } else {
    await freePlace(tx, ctx, env, old, offer);
    await takePlace(tx, ctx, env, s, slot);
  }
}

/** A hold ran out: its place goes to the next on the waiting list, or back to the pool. */
export async function expireHold(tx: Executor, ctx: Ctx, env: Links, h: Row<"appointments">): Promise<boolean> {
  await repo.lockSlot(tx, h.service_id, h.date, h.start);
  if (!(await repo.transition(tx, h.id, ["held"], { state: "expired", hold_token: null }))) return false;
  if (h.channel === "waitlist") {
    const entry = await repo.waitlistEntryOf(tx, h.id);
    if (entry) await repo.updateWaitlist(tx, entry.id, "offered", { state: "lapsed" });
  }
  await freePlace(tx, ctx, env, h);
  return true;
}

/**
 * A place of `a`'s slot is free again. If someone waits for that slot and it has not begun, the
 * place is held for them (it stays taken) and they are sent an offer; otherwise it is released.
 */
export async function freePlace(tx: Executor, ctx: Ctx, env: Links, a: Row<"appointments">, offer = true): Promise<void> {
  // Two places of one slot freed at once are handed out one after the other: the second sees the
  // first's offer and goes to the next person waiting, never to the same one twice.
  await repo.lockSlot(tx, a.service_id, a.date, a.start);
  const now = ctx.clock.now();
  const next = offer && Date.parse(a.starts_at) > now.getTime() ? await repo.nextWaiting(tx, a.service_id, a.date, a.start) : undefined;
  if (!next) {
    await repo.releasePlace(tx, a.service_id, a.date, a.start);
    return;
  }
  const s = await serviceOrThrow(tx, a.service_id);
  const site = await orgApi.findSite(tx, a.site_id);
  // The offer is held long enough to read a text message, but never past the slot's start.
  const until = Math.min(now.getTime() + Math.max(30, s.hold_minutes) * 60_000, Date.parse(a.starts_at));
  const held: Row<"appointments"> = {
    ...blankAppointment(a.site_id, s.id, { date: a.date, start: a.start, startsAt: a.starts_at, endsAt: a.ends_at }, now),
    state: "held",
    channel: "waitlist",
    hold_token: newToken(),
    hold_expires_at: new Date(until).toISOString(),
    applicant_name: next.applicant_name,
    applicant_phone: next.applicant_phone,
    applicant_id_number: next.applicant_id_number,
  };
  // The waiting entry is claimed first (from `waiting` only): if its holder left the list
  // meanwhile, the place simply goes back to the pool.
  if (!(await repo.updateWaitlist(tx, next.id, "waiting", { state: "offered", offered_at: now.toISOString(), appointment_id: held.id }))) {
    await repo.releasePlace(tx, a.service_id, a.date, a.start);
    return;
  }
  await repo.insertAppointment(tx, held);
  await notifyApplicant(tx, ctx.clock, env, "waitlist_offer", held, { siteName: site?.name ?? "", serviceName: s.name });
}

export function blankAppointment(
  siteId: string,
  serviceId: string,
  slot: Pick<Slot, "date" | "start" | "startsAt" | "endsAt">,
  now: Date,
): Row<"appointments"> {
  return {
    id: newId(),
    site_id: siteId,
    service_id: serviceId,
    date: slot.date,
    start: slot.start,
    starts_at: slot.startsAt,
    ends_at: slot.endsAt,
    state: "held",
    code: newCode(),
    hold_token: null,
    link_token: newToken(),
    hold_expires_at: null,
    channel: "online",
    applicant_name: null,
    applicant_phone: null,
    applicant_id_number: null,
    applicant_email: null,
    booked_at: null,
    booked_by: null,
    checked_in_at: null,
    ticket_id: null,
    cancelled_at: null,
    cancel_reason: null,
    rebooked_from: null,
    reminded_day: 0,
    reminded_hour: 0,
    notified_soon: 0,
    created_at: now.toISOString(),
  };
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

/** Books `a` (a fresh row or a hold) for the person: the place is already taken. */
export async function confirmBooking(
  tx: Executor,
  ctx: Ctx,
  env: Links,
  s: Row<"appointment_services">,
  a: Row<"appointments">,
  p: PersonData,
  channel: string,
  bookedBy: string | null,
  isNew: boolean,
  confirmation = true,
): Promise<Row<"appointments">> {
  const now = ctx.clock.now();
  const soon = Date.parse(a.starts_at) - now.getTime();
  const booked: Row<"appointments"> = {
    ...a,
    state: "booked",
    channel,
    hold_token: null,
    hold_expires_at: null,
    applicant_name: p.name,
    applicant_phone: p.phone,
    applicant_id_number: p.idNumber,
    applicant_email: p.email ?? null,
    booked_at: now.toISOString(),
    booked_by: bookedBy,
    // A booking made within a day (an hour) of its slot gets no day (hour) reminder: the confirmation says it.
    reminded_day: soon <= 24 * 3_600_000 ? 1 : 0,
    reminded_hour: soon <= 3_600_000 ? 1 : 0,
  };
  if (isNew) await repo.insertAppointment(tx, booked);
  else {
    const { id: _id, ...patch } = booked;
    const ok = await repo.transition(tx, a.id, ["held"], patch);
    if (!ok) throw holdGone();
  }
  if (confirmation) {
    const site = await orgApi.findSite(tx, s.site_id);
    await notifyApplicant(tx, ctx.clock, env, "confirmation", booked, { siteName: site?.name ?? "", serviceName: s.name });
  }
  return booked;
}

export const holdGone = () =>
  new AppError(
    410,
    "hold_expired",
    "保留时间已过，名额已释放，请重新选择时段",
    "The hold has run out and the place was released; choose a slot again",
  );
