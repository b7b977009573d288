import type { z } from "zod";
import type { Executor, Row } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { assertCan, can, requireUser, scopeOf } from "../../platform/auth/access.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.js";
import { withEvents } from "../../platform/events/store.js";
import { newId } from "../../platform/ids.js";
import { maskName } from "../../platform/privacy.js";
import * as orgApi from "../org/org.api.js";
import { appointmentEvent } from "./appointments.events.js";
import { presentStaff } from "./appointments.presenter.js";
import * as repo from "./appointments.repository.js";
import type { SiteChangeInput, SiteMoveInput } from "./appointments.schema.js";
import { assertBookable, resolveSlot, serviceOrThrow } from "./bookable.js";
import { confirmBooking } from "./confirm.js";
import type { AppointmentEnv } from "./env.js";
import { notifyApplicant } from "./messages.js";
import { blankAppointment, freePlace, movePlace } from "./places.js";

/** The notice S23(3) asks for: a site that cannot keep an appointment says so 8 hours ahead. */
export const NOTICE_MINUTES = 8 * 60;

// ---- when the site cannot keep an appointment (A2) -------------------------------------------

/**
 * The site cancels or moves a booking and tells the applicant why. Less than 8 hours before, this
 * is refused unless a site manager gives a written override reason; the override is recorded
 * (and audited) for the district office.
 */
async function siteChange(
  ctx: Ctx,
  env: AppointmentEnv,
  appointmentId: string,
  input: z.infer<typeof SiteChangeInput>,
  move?: { date: string; start: string },
) {
  const a = await repo.findAppointment(ctx.db, appointmentId);
  if (!a) throw notFound("Appointment", "该预约");
  assertCan(ctx.principal, "appointment.manage", a.site_id);
  const user = requireUser(ctx.principal);
  if (a.state !== "booked") throw conflict("appointment_not_booked", "该预约已取消、已签到或已结束", "The appointment is no longer booked");
  const now = ctx.clock.now();
  const minutesBefore = Math.floor((Date.parse(a.starts_at) - now.getTime()) / 60_000);
  const late = minutesBefore < NOTICE_MINUTES;
  if (late && !input.overrideReason) {
    throw new AppError(
      409,
      "notice_too_late",
      "距预约时间已不足8小时，按规定应提前8小时告知申请人；确需变更的，须由场所负责人填写书面理由",
      "Less than 8 hours before the appointment the applicant must already have been told; a site manager may override with a written reason",
      { minutesBefore },
    );
  }
  if (late && !can(user, "appointment.override", a.site_id)) throw forbidden();
  const s = await serviceOrThrow(ctx.db, a.service_id);
  const site = await orgApi.findSite(ctx.db, a.site_id);
  const names = { siteName: site?.name ?? "", serviceName: s.name };
  const slot = move ? await resolveSlot(ctx, s, move.date, move.start) : undefined;
  if (slot) assertBookable({ ...s, earliest_hours: 0 }, slot, now);
  const action = move ? "move" : "cancel";
  const result = await withEvents(ctx, async (tx, emit) => {
    const state = move ? "moved_by_site" : "cancelled_by_site";
    const patch = { state, cancelled_at: now.toISOString(), cancel_reason: input.explanation };
    if (!(await repo.transition(tx, a.id, ["booked"], patch)))
      throw conflict("appointment_not_booked", "该预约已取消、已签到或已结束", "The appointment is no longer booked");
    // The place the site cannot keep is not offered to the waiting list: the site could not serve them either.
    if (slot) await movePlace(tx, ctx, env, s, a, slot, false);
    else await freePlace(tx, ctx, env, a, false);
    const moved = slot
      ? await bookMovedPlace(tx, ctx, env, { s, a, slot, now, bookedBy: user.userId, names, explanation: input.explanation })
      : undefined;
    if (!slot) await notifyApplicant(tx, ctx.clock, env, "cancelled_by_site", a, names, { explanation: input.explanation });
    if (late) await recordOverride(tx, { a, action, minutesBefore, input, user, at: now.toISOString() });
    await audit(tx, ctx, {
      action: late ? `appointment.site_${action}_override` : `appointment.site_${action}`,
      entityType: "appointment",
      entityId: a.id,
      siteId: a.site_id,
      before: { state: "booked", startsAt: a.starts_at },
      after: {
        state,
        explanation: input.explanation,
        overrideReason: input.overrideReason ?? null,
        minutesBefore,
        movedTo: moved ? moved.starts_at : null,
        applicant: maskName(a.applicant_name ?? ""),
      },
    });
    // A site's move is the old booking moved (state moved_by_site) plus the new one booked.
    await emit(appointmentEvent(move ? "appointment.moved" : "appointment.cancelled_by_site", { ...a, ...patch }));
    if (moved) await emit(appointmentEvent("appointment.booked", moved));
    return { old: { ...a, ...patch }, moved };
  });
  env.kick();
  return {
    appointment: presentStaff(result.old, s.name),
    movedTo: result.moved ? presentStaff(result.moved, s.name) : null,
    override: late,
  };
}

const applicantOf = (a: Row<"appointments">) => ({
  name: a.applicant_name ?? "",
  phone: a.applicant_phone ?? "",
  idNumber: a.applicant_id_number ?? "",
  email: a.applicant_email,
});

/** The place the site moves the appointment to: booked for the same applicant (no plain confirmation), who is told why. */
async function bookMovedPlace(
  tx: Executor,
  ctx: Ctx,
  env: AppointmentEnv,
  m: {
    s: Row<"appointment_services">;
    a: Row<"appointments">;
    slot: Awaited<ReturnType<typeof resolveSlot>>;
    now: Date;
    bookedBy: string;
    names: { siteName: string; serviceName: string };
    explanation: string;
  },
): Promise<Row<"appointments">> {
  const { s, a } = m;
  const row = { ...blankAppointment(a.site_id, s.id, m.slot, m.now), rebooked_from: a.id };
  const moved = await confirmBooking(tx, ctx, env, {
    service: s,
    appointment: row,
    from: "new",
    person: applicantOf(a),
    channel: a.channel,
    bookedBy: m.bookedBy,
    confirm: false,
  });
  await notifyApplicant(tx, ctx.clock, env, "moved_by_site", moved, m.names, {
    explanation: m.explanation,
    oldTime: `${a.date} ${a.start}`,
  });
  return moved;
}

/** A change with less than 8 hours' notice, kept for the district office (A2). */
async function recordOverride(
  tx: Executor,
  o: {
    a: Row<"appointments">;
    action: string;
    minutesBefore: number;
    input: z.infer<typeof SiteChangeInput>;
    user: { userId: string; username: string };
    at: string;
  },
) {
  await repo.insertOverride(tx, {
    id: newId(),
    site_id: o.a.site_id,
    appointment_id: o.a.id,
    action: o.action,
    starts_at: o.a.starts_at,
    minutes_before: o.minutesBefore,
    explanation: o.input.explanation,
    override_reason: o.input.overrideReason as string,
    user_id: o.user.userId,
    user_name: o.user.username,
    at: o.at,
  });
}

export const cancelBySite = (ctx: Ctx, env: AppointmentEnv, id: string, input: z.infer<typeof SiteChangeInput>) =>
  siteChange(ctx, env, id, input);
export const moveBySite = (ctx: Ctx, env: AppointmentEnv, id: string, input: z.infer<typeof SiteMoveInput>) =>
  siteChange(ctx, env, id, input, { date: input.date, start: input.start });

/** Every late override, for the site and for the district office. */
export async function listOverrides(ctx: Ctx, siteId?: string) {
  if (!ctx.principal) throw forbidden();
  const scope = scopeOf(ctx.principal, "appointment.read");
  const sites = siteId ? (scope === "all" || scope.includes(siteId) ? [siteId] : []) : scope;
  if (siteId && sites.length === 0) throw forbidden();
  const rows = await repo.overridesOf(ctx.db, sites);
  const siteNames = new Map((await orgApi.listSites(ctx.db, "all")).map((s) => [s.id, s.name]));
  return rows.map((o) => ({
    id: o.id,
    siteId: o.site_id,
    siteName: siteNames.get(o.site_id) ?? "",
    appointmentId: o.appointment_id,
    action: o.action,
    startsAt: o.starts_at,
    minutesBefore: o.minutes_before,
    explanation: o.explanation,
    overrideReason: o.override_reason,
    userName: o.user_name,
    at: o.at,
  }));
}
