import type { z } from "zod";
import { assertCan } from "../../platform/auth/access.js";
import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { conflict, notFound } from "../../platform/errors.js";
import * as catalogApi from "../catalog/catalog.api.js";
import { itemForTicket } from "../catalog/ticket-item.js";
import { issueTicket } from "../queue/tickets.service.js";
import { appointmentEvent } from "./appointments.events.js";
import { presentStaff } from "./appointments.presenter.js";
import * as repo from "./appointments.repository.js";
import type { CheckInInput } from "./appointments.schema.js";
import { serviceOrThrow } from "./bookable.js";

/**
 * Check-in at the kiosk (booking code or ID number) or at a counter. Up to the grace period after
 * the slot began the ticket is an appointment ticket (`appointmentAt` = slot start: the calling
 * order serves it first once its slot has begun); later, until the slot ends, a normal ticket.
 */
export async function checkIn(ctx: Ctx, siteId: string, input: z.infer<typeof CheckInInput>) {
  assertCan(ctx.principal, "queue.issue", siteId);
  const now = ctx.clock.now();
  const today = chinaLocal(now).date;
  const a = input.code
    ? await repo.findByCode(ctx.db, input.code.toUpperCase())
    : (await repo.bookedForIdToday(ctx.db, siteId, today, input.idNumber as string)).find((x) => x.ends_at > now.toISOString());
  if (!a || a.site_id !== siteId || a.state === "held" || a.state === "expired") throw notFound("Appointment", "今日预约");
  if (a.state === "checked_in") throw conflict("already_checked_in", "该预约已签到", "This appointment has already been checked in");
  if (a.state !== "booked") throw conflict("appointment_not_booked", "该预约已取消或已结束", "This appointment was cancelled or has ended");
  if (a.date !== today) {
    throw conflict("not_today", `该预约的日期是 ${a.date}，请当天前来签到`, `This appointment is on ${a.date}; check in on that day`);
  }
  if (a.ends_at <= now.toISOString()) {
    throw conflict("appointment_missed", "预约时段已结束，请取普通号办理", "The appointment's slot is over; please take a normal ticket");
  }
  const s = await serviceOrThrow(ctx.db, a.service_id);
  const onTime = now.getTime() <= Date.parse(a.starts_at) + s.late_grace_min * 60_000;
  // A service for one catalog item names it on the ticket (which keeps the guide version in
  // force), as long as the item is still handled at the site and by the queue.
  const itemCode = s.item_id ? await ticketItemCode(ctx, siteId, s.queue_id, s.item_id, now.toISOString()) : null;
  // The booking is claimed (from `booked` only) in the ticket's own transaction: two check-ins of
  // one booking never issue two tickets, and a ticket that cannot be issued (site closed, daily
  // cap) leaves the booking as it was — there is no moment with one and not the other.
  const issued = await issueTicket(
    ctx,
    siteId,
    {
      queueId: s.queue_id,
      priorityClass: "normal",
      applicantName: a.applicant_name,
      applicantPhone: a.applicant_phone,
      applicantIdNumber: a.applicant_id_number,
      appointmentAt: onTime ? a.starts_at : null,
      itemCode,
    },
    async (tx, ticket, emit) => {
      const patch = { state: "checked_in", checked_in_at: now.toISOString(), ticket_id: ticket.id };
      const claimed = await repo.transition(tx, a.id, ["booked"], patch);
      if (!claimed) throw conflict("already_checked_in", "该预约已签到", "This appointment has already been checked in");
      await emit(appointmentEvent("appointment.checked_in", { ...a, ...patch }));
    },
  );
  return {
    onTime,
    appointment: presentStaff({ ...a, state: "checked_in", checked_in_at: now.toISOString(), ticket_id: issued.ticket.id }, s.name),
    ticket: {
      id: issued.ticket.id,
      number: issued.ticket.number,
      code: issued.ticket.code,
      peopleAhead: issued.peopleAhead,
      channel: issued.ticket.channel,
    },
  };
}

async function ticketItemCode(ctx: Ctx, siteId: string, queueId: string, itemId: string, nowIso: string): Promise<string | null> {
  const item = await catalogApi.findItem(ctx.db, itemId);
  if (!item) return null;
  try {
    return (await itemForTicket(ctx.db, siteId, queueId, item.code, nowIso)).item_code;
  } catch {
    return null;
  }
}
