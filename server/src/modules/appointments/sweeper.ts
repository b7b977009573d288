import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { withEvents } from "../../platform/events/store.js";
import type { JobSpec } from "../../platform/scheduler/scheduler.js";
import * as orgApi from "../org/org.api.js";
import * as queueApi from "../queue/queue.api.js";
import { settingsFor } from "../queue/queue-setup.service.js";
import { peopleAhead } from "../queue/tickets.service.js";
import { appointmentEvent } from "./appointments.events.js";
import * as repo from "./appointments.repository.js";
import { serviceOrThrow } from "./bookable.js";
import type { AppointmentEnv } from "./env.js";
import { notifyApplicant } from "./messages.js";
import { expireHold } from "./places.js";

export interface SweepReport {
  expired: number;
  noShows: number;
  reminders: number;
  calledSoon: number;
}

/**
 * What time alone changes, every minute on every instance: holds that ran out give their place
 * back (or to the waiting list), bookings never checked in by the end of their slot become
 * no-shows, and reminders go out a day and an hour before. Each row moves by a conditional
 * update, so two instances never do one thing twice.
 */
export async function sweepAppointments(ctx: Ctx, env: AppointmentEnv): Promise<SweepReport> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const report: SweepReport = { expired: 0, noShows: 0, reminders: 0, calledSoon: 0 };
  for (const h of await repo.expiredHolds(ctx.db, nowIso)) {
    if (await ctx.db.transaction().execute((tx) => expireHold(tx, ctx, env, h))) report.expired++;
  }
  for (const a of await repo.bookedEndedBefore(ctx.db, nowIso)) {
    const noShow = await withEvents(ctx, async (tx, emit) => {
      if (!(await repo.transition(tx, a.id, ["booked"], { state: "no_show" }))) return false;
      await emit(appointmentEvent("appointment.no_show", { ...a, state: "no_show" }));
      return true;
    });
    if (noShow) report.noShows++;
  }
  const names = new Map<string, { siteName: string; serviceName: string }>();
  const inHour = new Date(now.getTime() + 3_600_000).toISOString();
  const due = [
    ...(await repo.bookedToRemind(ctx.db, nowIso, inHour, "reminded_hour")).map((a) => ({ a, flag: "reminded_hour" as const })),
    ...(await repo.bookedToRemind(ctx.db, inHour, new Date(now.getTime() + 24 * 3_600_000).toISOString(), "reminded_day")).map((a) => ({
      a,
      flag: "reminded_day" as const,
    })),
  ];
  for (const { a, flag } of due) {
    let n = names.get(a.service_id);
    if (!n) {
      const s = await serviceOrThrow(ctx.db, a.service_id);
      n = { siteName: (await orgApi.findSite(ctx.db, a.site_id))?.name ?? "", serviceName: s.name };
      names.set(a.service_id, n);
    }
    const sent = await ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.setFlag(tx, a.id, flag))) return false;
      // An hour reminder makes a day reminder not yet sent pointless.
      if (flag === "reminded_hour") await repo.setFlag(tx, a.id, "reminded_day");
      await notifyApplicant(tx, ctx.clock, env, flag === "reminded_hour" ? "reminder_hour" : "reminder_day", a, n);
      return true;
    });
    if (sent) report.reminders++;
  }
  report.calledSoon = await notifyCalledSoon(ctx, env, names);
  if (report.expired + report.reminders + report.calledSoon > 0) env.kick();
  return report;
}

/**
 * A checked-in holder whose ticket has at most the site's `notifyAhead` people ahead is texted
 * once that their turn is near (a called or finished ticket needs no such message).
 */
async function notifyCalledSoon(
  ctx: Ctx,
  env: AppointmentEnv,
  names: Map<string, { siteName: string; serviceName: string }>,
): Promise<number> {
  let sent = 0;
  for (const a of await repo.checkedInUnnotified(ctx.db, chinaLocal(ctx.clock.now()).date)) {
    const t = await queueApi.findTicket(ctx.db, a.ticket_id as string);
    if (t && t.state === "waiting" && (await peopleAhead(ctx.db, t)) > (await settingsFor(ctx.caches, ctx.db, a.site_id)).notifyAhead)
      continue;
    const n = names.get(a.service_id) ?? { siteName: (await orgApi.findSite(ctx.db, a.site_id))?.name ?? "", serviceName: "" };
    const done = await ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.setFlag(tx, a.id, "notified_soon"))) return false;
      if (t?.state === "waiting") {
        await notifyApplicant(tx, ctx.clock, env, "called_soon", a, n, { ticketNumber: t.number });
        return true;
      }
      return false;
    });
    if (done) sent++;
  }
  return sent;
}

/** The sweep as a scheduled job (every minute by default). */
export function appointmentSweepJob(env: AppointmentEnv, everyMs = 60_000): JobSpec {
  return { name: "appointments.sweep", schedule: { everyMs }, run: ({ ctx }) => sweepAppointments(ctx, env) };
}
