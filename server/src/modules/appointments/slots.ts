import { addDays, holdsDate } from "../../platform/calendar/working-days.js";
import { chinaInstant, chinaLocal } from "../../platform/clock.js";
import { periodsOn, type Schedule } from "../org/opening.js";

/** What slot arithmetic needs of a service. */
export interface SlotRules {
  slotMinutes: number;
  capacity: number;
  earliestHours: number;
  latestDays: number;
}

export interface Slot {
  date: string;
  start: string;
  end: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
}

const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const toHhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/**
 * The slots of one day: each opening period cut into whole slots from its opening time (a
 * remainder too short for a slot is not offered). Working days and dated exceptions come from
 * the site's schedule, so holidays have no slots and make-up workdays do.
 */
export function slotsOn(schedule: Schedule, rules: SlotRules, date: string, capacity = rules.capacity): Slot[] {
  // A day of a year the calendar does not hold has no slots until the year is imported or the
  // day confirmed: its holidays are not known (issue 10, item 7).
  if (!holdsDate(schedule.calendar, date)) return [];
  const out: Slot[] = [];
  for (const p of periodsOn(schedule, date)) {
    for (let m = toMin(p.opens); m + rules.slotMinutes <= toMin(p.closes); m += rules.slotMinutes) {
      const start = toHhmm(m);
      const end = toHhmm(m + rules.slotMinutes);
      out.push({
        date,
        start,
        end,
        startsAt: chinaInstant(date, start).toISOString(),
        endsAt: chinaInstant(date, end).toISOString(),
        capacity,
      });
    }
  }
  return out;
}

/** The dates one may book on now: from today up to `latestDays` ahead. */
export function bookableRange(rules: SlotRules, now: Date): { from: string; to: string } {
  const today = chinaLocal(now).date;
  return { from: today, to: addDays(today, rules.latestDays) };
}

/** Whether a slot can be booked at `now`: not sooner than `earliestHours` ahead, not beyond `latestDays`. */
export function bookable(rules: SlotRules, slot: Pick<Slot, "date" | "startsAt">, now: Date): boolean {
  const { to } = bookableRange(rules, now);
  return Date.parse(slot.startsAt) - now.getTime() >= rules.earliestHours * 3_600_000 && slot.date <= to;
}
