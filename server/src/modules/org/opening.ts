import type { Executor } from "../../db/schema.js";
import { type Caches, defineCache } from "../../platform/cache/cache.js";
import { loadCalendar } from "../../platform/calendar/calendar.service.js";
import { addDays, type Calendar } from "../../platform/calendar/working-days.js";
import { chinaInstant, chinaLocal } from "../../platform/clock.js";
import * as repo from "./org.repository.js";

export interface Period {
  opens: string;
  closes: string;
}

export interface Schedule {
  weekly: { weekday: number; opens: string; closes: string }[];
  exceptions: { date: string; closed: boolean; opens: string | null; closes: string | null }[];
  calendar: Calendar;
}

function weekdayOf(date: string): number {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/**
 * Opening periods of a site on a local date. A dated exception wins; then public holidays close
 * the site; a make-up workday on a weekend opens with the hours of an ordinary Monday–Friday day.
 * A year missing from the calendar falls back to the weekly schedule (and its marked days); booking
 * refuses such days until the year is imported or the day confirmed (appointments/slots.ts).
 */
export function periodsOn(s: Schedule, date: string): Period[] {
  const exc = s.exceptions.find((e) => e.date === date);
  if (exc) return exc.closed || !exc.opens || !exc.closes ? [] : [{ opens: exc.opens, closes: exc.closes }];
  // A day an administrator marked counts even before its year is imported (a confirmed day).
  const kind = s.calendar.days.get(date);
  if (kind === "holiday") return [];
  let weekday = weekdayOf(date);
  if (kind === "workday" && weekday >= 6) weekday = [1, 2, 3, 4, 5].find((d) => s.weekly.some((h) => h.weekday === d)) ?? weekday;
  return s.weekly
    .filter((h) => h.weekday === weekday)
    .map((h) => ({ opens: h.opens, closes: h.closes }))
    .sort((a, b) => a.opens.localeCompare(b.opens));
}

export interface OpeningState {
  open: boolean;
  /** Local date the instant belongs to. */
  date: string;
  /** When open: the local HH:MM at which the current period ends. */
  closesAt?: string;
  /** When closed: the next opening, within two weeks. */
  nextOpen?: { date: string; time: string; at: string };
  /** The last closing time today, if the site opens today at all. */
  lastCloseToday?: string;
}

export function openingState(s: Schedule, now: Date): OpeningState {
  const { date, time } = chinaLocal(now);
  const today = periodsOn(s, date);
  const current = today.find((p) => p.opens <= time && time < p.closes);
  const lastCloseToday = today.at(-1)?.closes;
  if (current) return { open: true, date, closesAt: current.closes, lastCloseToday };
  for (let i = 0; i < 15; i++) {
    const d = addDays(date, i);
    const next = periodsOn(s, d).find((p) => i > 0 || p.opens > time);
    if (next)
      return { open: false, date, nextOpen: { date: d, time: next.opens, at: chinaInstant(d, next.opens).toISOString() }, lastCloseToday };
  }
  return { open: false, date, lastCloseToday };
}

/**
 * Schedules are read on every ticket issued; they change rarely. Kept for 30 s per site and date
 * (by the clock), and dropped on every instance when hours, exceptions or the calendar change.
 */
export const schedules = defineCache<Schedule>("org.schedules", {
  ttlMs: 30_000,
  max: 5_000,
  dropOn: { "calendar.changed": () => "all" },
});

/** Hours or dated exceptions changed (after the commit, so a concurrent read cannot cache the old ones again). */
export const forgetSchedules = (caches: Caches) => caches.invalidate(schedules);

export function loadSchedule(caches: Caches, db: Executor, siteId: string, date: string): Promise<Schedule> {
  return caches.get(schedules, `${siteId}|${date}`, () => readSchedule(db, siteId, date));
}

async function readSchedule(db: Executor, siteId: string, date: string): Promise<Schedule> {
  const [weekly, exceptions, calendar] = await Promise.all([
    repo.hoursOf(db, [siteId]),
    repo.exceptionsOf(db, [siteId], date),
    loadCalendar(db, date, 1),
  ]);
  return {
    weekly,
    exceptions: exceptions.map((e) => ({ date: e.date, closed: e.closed === 1, opens: e.opens, closes: e.closes })),
    calendar,
  };
}
