import { timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import type { Executor, Row } from "../../db/schema.js";
import { assertCan } from "../../platform/auth/access.js";
import { addDays } from "../../platform/calendar/working-days.js";
import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { conflict, notFound } from "../../platform/errors.js";
import { withEvents } from "../../platform/events/store.js";
import { newId } from "../../platform/ids.js";
import * as catalogApi from "../catalog/catalog.api.js";
import { loadSchedule } from "../org/opening.js";
import * as orgApi from "../org/org.api.js";
import { appointmentEvent } from "./appointments.events.js";
import { presentPublic, presentStaff } from "./appointments.presenter.js";
import * as repo from "./appointments.repository.js";
import type {
  ConfirmInput,
  MoveInput,
  PublicAppointment,
  SlotQuery,
  SlotRef,
  StaffBookInput,
  WaitlistInput,
} from "./appointments.schema.js";
import { activeService, assertBookable, resolveSlot, rulesOf } from "./bookable.js";
import { newToken } from "./codes.js";
import { confirmBooking, holdGone } from "./confirm.js";
import type { AppointmentEnv } from "./env.js";
import { notifyApplicant } from "./messages.js";
import { checkPerson, type PersonData } from "./person-rules.js";
import { blankAppointment, freePlace, movePlace, takePlace } from "./places.js";
import { bookable, slotsOn } from "./slots.js";
import { useCode, verifyCode } from "./verification.service.js";

// ---- what a site offers, and its free places -------------------------------------------------

export async function listPublicServices(ctx: Ctx, siteCode: string) {
  const site = await orgApi.findSiteByCode(ctx.db, siteCode);
  if (site?.active !== 1) throw notFound("Site", "场所");
  const services = (await repo.servicesOf(ctx.db, site.id)).filter((s) => s.active === 1);
  return {
    siteName: site.name,
    siteAddress: site.address,
    services: services.map((s) => ({ id: s.id, name: s.name, itemId: s.item_id, slotMinutes: s.slot_minutes, latestDays: s.latest_days })),
  };
}

/** Where an item can be booked: the guide links each site's booking page (the 预约 element of a guide). */
export async function bookableSitesOfItem(ctx: Ctx, itemCode: string) {
  const item = await catalogApi.findItemByCode(ctx.db, itemCode);
  if (!item) throw notFound("Item", "事项");
  const services = await repo.activeServicesOfItem(ctx.db, item.id);
  const out = [];
  for (const s of services) {
    const site = await orgApi.findSite(ctx.db, s.site_id);
    if (site?.active === 1)
      out.push({ siteCode: site.code, siteName: site.name, sitePhone: site.phone, serviceId: s.id, serviceName: s.name });
  }
  return out;
}

/** Free places per slot over a range of days: the capacity of the day less holds and bookings. */
export async function searchSlots(ctx: Ctx, siteCode: string, serviceId: string, q: z.infer<typeof SlotQuery>) {
  const { service: s, site } = await activeService(ctx.db, serviceId);
  if (site.code !== siteCode) throw notFound("Appointment service", "预约业务");
  const now = ctx.clock.now();
  const from = q.from ?? chinaLocal(now).date;
  const to = addDays(from, q.days - 1);
  const [schedule, overrides, taken] = await Promise.all([
    loadSchedule(ctx.caches, ctx.db, s.site_id, from),
    repo.capacityDays(ctx.db, s.id, from, to),
    repo.takenBetween(ctx.db, s.id, from, to),
  ]);
  const caps = new Map(overrides.map((o) => [o.date, o.capacity]));
  const used = new Map(taken.map((t) => [`${t.date}|${t.start}`, Number(t.taken)]));
  const rules = rulesOf(s);
  const days = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const slots = slotsOn(schedule, rules, d, caps.get(d) ?? s.capacity).map((slot) => {
      const free = Math.max(0, slot.capacity - (used.get(`${d}|${slot.start}`) ?? 0));
      const open = bookable(rules, slot, now) && slot.capacity > 0;
      return {
        start: slot.start,
        end: slot.end,
        startsAt: slot.startsAt,
        capacity: slot.capacity,
        free,
        bookable: open && free > 0,
        waitlist: open && free === 0,
      };
    });
    if (slots.length > 0) days.push({ date: d, slots });
  }
  return { serviceId: s.id, serviceName: s.name, siteName: site.name, days };
}

// ---- online booking: hold, then confirm ------------------------------------------------------

/** Holds one place for a few minutes while the applicant fills in the form: two people never confirm the last place. */
export async function holdSlot(ctx: Ctx, env: AppointmentEnv, input: z.infer<typeof SlotRef>) {
  const { service: s } = await activeService(ctx.db, input.serviceId);
  const slot = await resolveSlot(ctx, s, input.date, input.start);
  const now = ctx.clock.now();
  assertBookable(s, slot, now);
  const held = await ctx.db.transaction().execute(async (tx) => {
    await takePlace(tx, ctx, env, s, slot);
    const row: Row<"appointments"> = {
      ...blankAppointment(s.site_id, s.id, slot, now),
      hold_token: newToken(),
      hold_expires_at: new Date(now.getTime() + s.hold_minutes * 60_000).toISOString(),
    };
    await repo.insertAppointment(tx, row);
    return row;
  });
  env.kick();
  return {
    holdToken: held.hold_token as string,
    expiresAt: held.hold_expires_at as string,
    slot: { serviceId: s.id, date: slot.date, start: slot.start, startsAt: slot.startsAt },
  };
}

/** Real-name confirmation of a hold with the code sent to the mobile. */
export async function confirmHold(
  ctx: Ctx,
  env: AppointmentEnv,
  token: string,
  input: z.infer<typeof ConfirmInput>,
): Promise<PublicAppointment> {
  const hold = await repo.findByHoldToken(ctx.db, token);
  const now = ctx.clock.now();
  if (hold?.state !== "held" || (hold.hold_expires_at ?? "") <= now.toISOString()) throw holdGone();
  if (hold.channel === "waitlist") throw notFound("Hold", "该保留");
  const codeId = await verifyCode(ctx, input.phone, input.verificationCode);
  const { service: s, site } = await activeService(ctx.db, hold.service_id);
  const booked = await withEvents(ctx, async (tx, emit) => {
    await useCode(tx, codeId, now.toISOString());
    await checkPerson(tx, s, input, hold.date, now, hold.id);
    const b = await confirmBooking(tx, ctx, env, {
      service: s,
      appointment: hold,
      from: "hold",
      person: input,
      channel: "online",
      bookedBy: null,
    });
    await emit(appointmentEvent("appointment.booked", b));
    return b;
  });
  env.kick();
  return presentPublic(booked, s, site, now, false);
}

/** Lets a hold go at once (the applicant went back). */
export async function releaseHold(ctx: Ctx, env: AppointmentEnv, token: string): Promise<void> {
  const hold = await repo.findByHoldToken(ctx.db, token);
  if (hold?.state !== "held") return;
  await ctx.db.transaction().execute(async (tx) => {
    if (await repo.transition(tx, hold.id, ["held"], { state: "expired", hold_token: null })) await freePlace(tx, ctx, env, hold);
  });
  env.kick();
}

// ---- staff: bookings taken by phone or on site -----------------------------------------------

export async function staffBook(ctx: Ctx, env: AppointmentEnv, siteId: string, input: z.infer<typeof StaffBookInput>) {
  assertCan(ctx.principal, "appointment.book", siteId);
  const by = ctx.principal.kind === "user" ? ctx.principal.userId : ctx.principal.deviceId;
  const { service: s } = await activeService(ctx.db, input.serviceId);
  if (s.site_id !== siteId) throw notFound("Appointment service", "预约业务");
  const slot = await resolveSlot(ctx, s, input.date, input.start);
  const now = ctx.clock.now();
  assertBookable(s, slot, now);
  const booked = await withEvents(ctx, async (tx, emit) => {
    await takePlace(tx, ctx, env, s, slot);
    const row = blankAppointment(s.site_id, s.id, slot, now);
    await checkPerson(tx, s, input, slot.date, now, row.id);
    const b = await confirmBooking(tx, ctx, env, {
      service: s,
      appointment: row,
      from: "new",
      person: input,
      channel: input.channel,
      bookedBy: by,
    });
    await emit(appointmentEvent("appointment.booked", b));
    return b;
  });
  env.kick();
  return presentStaff(booked, s.name);
}

// ---- the holder: look up, cancel, move, rebook -----------------------------------------------

export interface Holder {
  code: string;
  phone?: string;
  token?: string;
}

/** The booking, if the caller holds its code and either its mobile number or the secret of the link sent to it. */
async function byHolder(db: Executor, h: Holder): Promise<Row<"appointments">> {
  const a = await repo.findByCode(db, h.code.toUpperCase());
  const ok = !!a && ((!!h.phone && a.applicant_phone === h.phone) || (!!h.token && !!a.link_token && safeEqual(a.link_token, h.token)));
  // The same answer for a wrong code, phone or secret: codes cannot be probed.
  if (!a || !ok || a.state === "held" || a.state === "expired") throw notFound("Appointment", "该预约");
  return a;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function lookup(ctx: Ctx, holder: Holder): Promise<PublicAppointment> {
  const a = await byHolder(ctx.db, holder);
  const { service, site } = await serviceAndSite(ctx.db, a);
  return presentPublic(a, service, site, ctx.clock.now(), !!(await repo.rebookOf(ctx.db, a.id)));
}

async function serviceAndSite(db: Executor, a: Row<"appointments">) {
  const service = await repo.findService(db, a.service_id);
  const site = await orgApi.findSite(db, a.site_id);
  if (!service || !site) throw notFound("Appointment", "该预约");
  return { service, site };
}

function assertBeforeCutoff(s: Row<"appointment_services">, a: Row<"appointments">, now: Date) {
  if (Date.parse(a.starts_at) - now.getTime() < s.cancel_cutoff_hours * 3_600_000) {
    throw conflict(
      "cancel_cutoff_passed",
      `距预约时间不足 ${s.cancel_cutoff_hours} 小时，不能在线取消或改约，请联系场所`,
      `Less than ${s.cancel_cutoff_hours} h before the appointment: it can no longer be cancelled or moved online; call the site`,
    );
  }
}

export async function cancelByApplicant(ctx: Ctx, env: AppointmentEnv, holder: Holder): Promise<PublicAppointment> {
  const a = await byHolder(ctx.db, holder);
  const { service: s, site } = await serviceAndSite(ctx.db, a);
  const now = ctx.clock.now();
  if (a.state !== "booked") throw conflict("appointment_not_booked", "该预约已取消、已签到或已结束", "The appointment is no longer booked");
  assertBeforeCutoff(s, a, now);
  const done = await withEvents(ctx, async (tx, emit) => {
    const patch = { state: "cancelled", cancelled_at: now.toISOString(), cancel_reason: null };
    if (!(await repo.transition(tx, a.id, ["booked"], patch)))
      throw conflict("appointment_not_booked", "该预约已取消、已签到或已结束", "The appointment is no longer booked");
    await freePlace(tx, ctx, env, a);
    await notifyApplicant(tx, ctx.clock, env, "cancelled", a, { siteName: site.name, serviceName: s.name });
    await emit(appointmentEvent("appointment.cancelled", { ...a, ...patch }));
    return { ...a, ...patch };
  });
  env.kick();
  return presentPublic(done, s, site, now, false);
}

/**
 * Moves a booking to another slot of the same service (before the cancel cutoff), or — when the
 * site cancelled it — books another slot in one click, without a new code and at any time.
 */
export async function moveByApplicant(ctx: Ctx, env: AppointmentEnv, input: z.infer<typeof MoveInput>): Promise<PublicAppointment> {
  const a = await byHolder(ctx.db, input);
  const { service: s, site } = await serviceAndSite(ctx.db, a);
  const now = ctx.clock.now();
  const rebook = a.state === "cancelled_by_site";
  if (!rebook && a.state !== "booked")
    throw conflict("appointment_not_booked", "该预约已取消、已签到或已结束", "The appointment is no longer booked");
  if (rebook && (await repo.rebookOf(ctx.db, a.id)))
    throw conflict("already_rebooked", "已改约，请查看新的预约", "Already rebooked; see the new appointment");
  if (!rebook) assertBeforeCutoff(s, a, now);
  if (s.active !== 1) throw notFound("Appointment service", "预约业务");
  const slot = await resolveSlot(ctx, s, input.date, input.start);
  assertBookable(s, slot, now);
  const person: PersonData = {
    name: a.applicant_name ?? "",
    phone: a.applicant_phone ?? "",
    idNumber: a.applicant_id_number ?? "",
    email: a.applicant_email,
  };
  const booked = await withEvents(ctx, async (tx, emit) => {
    if (a.state === "booked") {
      if (!(await repo.transition(tx, a.id, ["booked"], { state: "moved", cancelled_at: now.toISOString() })))
        throw conflict("appointment_not_booked", "该预约已取消、已签到或已结束", "The appointment is no longer booked");
      await movePlace(tx, ctx, env, s, a, slot, true);
      await emit(appointmentEvent("appointment.moved", { ...a, state: "moved" }));
    } else {
      // One rebook per site cancellation: checked again under the original's row lock, so two
      // rebooks at once (or a rebook, a move and a rebook) cannot both pass.
      await repo.lockAppointment(tx, a.id);
      if (await repo.rebookOf(tx, a.id))
        throw conflict("already_rebooked", "已改约，请查看新的预约", "Already rebooked; see the new appointment");
      await takePlace(tx, ctx, env, s, slot);
    }
    const row = { ...blankAppointment(s.site_id, s.id, slot, now), rebooked_from: a.id };
    await checkPerson(tx, s, person, slot.date, now, row.id);
    const b = await confirmBooking(tx, ctx, env, {
      service: s,
      appointment: row,
      from: "new",
      person,
      channel: a.channel === "waitlist" ? "online" : a.channel,
      bookedBy: null,
    });
    await emit(appointmentEvent("appointment.booked", b));
    return b;
  });
  env.kick();
  return presentPublic(booked, s, site, now, false);
}

// ---- waiting list ----------------------------------------------------------------------------

/** Joins the waiting list of a full slot; when a place frees up the first in line is offered it. */
export async function joinWaitlist(ctx: Ctx, _env: AppointmentEnv, input: z.infer<typeof WaitlistInput>) {
  const { service: s } = await activeService(ctx.db, input.serviceId);
  const slot = await resolveSlot(ctx, s, input.date, input.start);
  const now = ctx.clock.now();
  assertBookable(s, slot, now);
  const codeId = await verifyCode(ctx, input.phone, input.verificationCode);
  const position = await ctx.db.transaction().execute(async (tx) => {
    await useCode(tx, codeId, now.toISOString());
    const taken = (await repo.takenBetween(tx, s.id, slot.date, slot.date)).find((t) => t.start === slot.start)?.taken ?? 0;
    if (Number(taken) < slot.capacity)
      throw conflict("slot_not_full", "该时段还有名额，请直接预约", "This slot still has places; book it directly");
    await checkPerson(tx, s, input, slot.date, now, "");
    // Once per person and slot (checked under the person's lock that checkPerson holds).
    if (await repo.waitlistEntryFor(tx, s.id, slot.date, slot.start, input.idNumber)) {
      throw conflict("already_waiting", "您已在该时段的候补名单中", "You are already on this slot's waiting list");
    }
    await repo.insertWaitlist(tx, {
      id: newId(),
      site_id: s.site_id,
      service_id: s.id,
      date: slot.date,
      start: slot.start,
      state: "waiting",
      applicant_name: input.name,
      applicant_phone: input.phone,
      applicant_id_number: input.idNumber,
      appointment_id: null,
      created_at: now.toISOString(),
      offered_at: null,
    });
    return repo.countWaiting(tx, s.id, slot.date, slot.start);
  });
  return { position, date: slot.date, start: slot.start };
}

/** The offer link: shows the held place. */
export async function getOffer(ctx: Ctx, token: string) {
  const h = await repo.findByHoldToken(ctx.db, token);
  const now = ctx.clock.now();
  if (h?.channel !== "waitlist" || h.state !== "held" || (h.hold_expires_at ?? "") <= now.toISOString()) throw holdGone();
  const { service, site } = await serviceAndSite(ctx.db, h);
  return { ...presentPublic(h, service, site, now, false), expiresAt: h.hold_expires_at as string };
}

/** Accepting an offer books the held place with the details given when joining the list. */
export async function acceptOffer(ctx: Ctx, env: AppointmentEnv, token: string): Promise<PublicAppointment> {
  const h = await repo.findByHoldToken(ctx.db, token);
  const now = ctx.clock.now();
  if (h?.channel !== "waitlist" || h.state !== "held" || (h.hold_expires_at ?? "") <= now.toISOString()) throw holdGone();
  const { service: s, site } = await serviceAndSite(ctx.db, h);
  const person: PersonData = { name: h.applicant_name ?? "", phone: h.applicant_phone ?? "", idNumber: h.applicant_id_number ?? "" };
  const booked = await withEvents(ctx, async (tx, emit) => {
    await checkPerson(tx, s, person, h.date, now, h.id);
    const b = await confirmBooking(tx, ctx, env, { service: s, appointment: h, from: "hold", person, channel: "waitlist", bookedBy: null });
    await emit(appointmentEvent("appointment.booked", b));
    const entry = await repo.waitlistEntryOf(tx, h.id);
    if (entry) await repo.updateWaitlist(tx, entry.id, "offered", { state: "booked" });
    return b;
  });
  env.kick();
  return presentPublic(booked, s, site, now, false);
}
