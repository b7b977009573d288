import type { Executor, Row } from "../../db/schema.js";
import { holdsDate } from "../../platform/calendar/working-days.js";
import type { Ctx } from "../../platform/context.js";
import { conflict, notFound } from "../../platform/errors.js";
import * as orgApi from "../org/org.api.js";
import * as repo from "./appointments.repository.js";
import { bookable, type Slot, type SlotRules, slotsOn } from "./slots.js";

/** What may be booked: an appointment service, active at an active site, and its slots. */

export const rulesOf = (s: Row<"appointment_services">): SlotRules => ({
  slotMinutes: s.slot_minutes,
  capacity: s.capacity,
  earliestHours: s.earliest_hours,
  latestDays: s.latest_days,
});

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
export async function resolveSlot(ctx: Ctx, s: Row<"appointment_services">, date: string, start: string): Promise<Slot> {
  const [schedule, days] = await Promise.all([
    orgApi.loadSchedule(ctx.caches, ctx.db, s.site_id, date),
    repo.capacityDays(ctx.db, s.id, date, date),
  ]);
  const cap = days[0]?.capacity ?? s.capacity;
  const slot = slotsOn(schedule, rulesOf(s), date, cap).find((x) => x.start === start);
  if (!slot && !holdsDate(schedule.calendar, date)) throw yearNotOpen(Number(date.slice(0, 4)));
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

export const yearNotOpen = (year: number) =>
  conflict(
    "calendar_year_not_open",
    `${year}年的节假日安排尚未导入工作日历，该日暂不开放预约，请选择其他日期`,
    `The holiday calendar for ${year} is not imported yet, so this day cannot be booked yet; choose another day`,
  );
