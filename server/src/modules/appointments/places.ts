import type { Executor, Row } from "../../db/schema.js";
import type { Ctx } from "../../platform/context.js";
import { newId } from "../../platform/ids.js";
import * as orgApi from "../org/org.api.js";
import type { Links } from "./appointments.presenter.js";
import * as repo from "./appointments.repository.js";
import { serviceOrThrow, slotFull } from "./bookable.js";
import { newCode, newToken } from "./codes.js";
import { notifyApplicant } from "./messages.js";
import type { Slot } from "./slots.js";

/** The places of a slot: taken, moved, freed, and a freed place offered to the waiting list. */

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
