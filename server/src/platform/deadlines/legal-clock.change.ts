/** What a calendar change does to a legal clock: the days that changed and the due date they moved (split from legal-clock.ts). */
import type { Calendar } from "../calendar/working-days.js";
import { HOLIDAY_EN, shortDate } from "./legal-clock.explain.js";
import { type Bilingual, type ClockOptions, type ClockView, computeClock, day, type LegalClock, next } from "./legal-clock.js";

export interface DayChange {
  date: string;
  wasWorking: boolean;
  isWorking: boolean;
  /** The new calendar's name for the day (国庆节 …), if any. */
  name: string | null;
}

export interface CalendarChangeEffect {
  before: ClockView;
  after: ClockView;
  /** The due date changed. */
  moved: boolean;
  /** The days whose working status changed within the clock's span, in order: what moved it. */
  changedDays: DayChange[];
  /** Provisional before, no longer provisional (its year was imported). */
  confirmed: boolean;
  explanation: Bilingual;
}

/** Days after `start` through `until` whose working status differs between the two calendars. */
export function changedDaysBetween(before: Calendar, after: Calendar, start: string, until: string): DayChange[] {
  const out: DayChange[] = [];
  for (let d = next(after, start); d <= until; d = next(after, d)) {
    const a = day(before, d).working;
    const b = day(after, d).working;
    if (a !== b) out.push({ date: d, wasWorking: a, isWorking: b, name: after.names?.get(d) ?? before.names?.get(d) ?? null });
  }
  return out;
}

/** What a calendar change (a day marked, a year imported) does to one clock, and why, in words. */
export function explainCalendarChange(before: Calendar, after: Calendar, clock: LegalClock, opts: ClockOptions): CalendarChangeEffect {
  const b = computeClock(before, clock, opts);
  const a = computeClock(after, clock, opts);
  const until = [a.dueDate, b.dueDate].sort().at(-1) as string;
  const changedDays = changedDaysBetween(before, after, clock.start, until);
  const moved = a.dueDate !== b.dueDate;
  const confirmed = b.provisional && !a.provisional;
  const short = shortDate(clock.start.slice(0, 4));
  const zhDays = changedDays.map((c) => `${short(c.date)}改为${c.isWorking ? "工作日" : "休息日"}${c.name ? `（${c.name}）` : ""}`);
  const enDays = changedDays.map(
    (c) => `${short(c.date)} is now ${c.isWorking ? "a working day" : "a day off"}${c.name ? ` (${HOLIDAY_EN[c.name] ?? c.name})` : ""}`,
  );
  const years = b.uncoveredYears.filter((y) => !a.uncoveredYears.includes(y));
  const zh: string[] = [];
  const en: string[] = [];
  if (years.length > 0) {
    zh.push(`${years.join("、")}年节假日安排已录入`);
    en.push(`the holidays of ${years.join(", ")} are now in the calendar`);
  }
  if (zhDays.length > 0) {
    zh.push(`工作日历调整：${zhDays.join("，")}`);
    en.push(`calendar change: ${enDays.join(", ")}`);
  }
  if (moved) {
    zh.push(`办结日期由${b.dueDate}调整为${a.dueDate}${a.provisional ? "（暂定）" : ""}`);
    en.push(`the due date moves from ${b.dueDate} to ${a.dueDate}${a.provisional ? " (provisional)" : ""}`);
  } else {
    zh.push(`办结日期${a.dueDate}不变${confirmed ? "，不再为暂定" : ""}`);
    en.push(`the due date stays ${a.dueDate}${confirmed ? ", no longer provisional" : ""}`);
  }
  const enText = en.join("; ");
  return {
    before: b,
    after: a,
    moved,
    changedDays,
    confirmed,
    explanation: { zh: zh.join("；"), en: `${enText.charAt(0).toUpperCase()}${enText.slice(1)}.` },
  };
}
