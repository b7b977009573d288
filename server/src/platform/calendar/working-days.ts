import { AppError } from "../errors.js";

/** Pure working-day arithmetic over a calendar: dates are 'YYYY-MM-DD' in China's civil calendar. */
export type DayKind = "holiday" | "workday";

export interface Calendar {
  /** Years whose holidays and make-up workdays are known. */
  covered: ReadonlySet<number>;
  /** Exceptions to the Monday–Friday rule. */
  days: ReadonlyMap<string, DayKind>;
  /** The name of each exception day (国庆节, 春节 …), where known: explanations name them. */
  names?: ReadonlyMap<string, string>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDate(s: string): Date {
  const m = DATE.exec(s);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime()) || formatDate(d) !== s) {
    throw new AppError(400, "invalid_date", `日期格式有误：${s}（应为 YYYY-MM-DD）`, `Invalid date: ${s} (expected YYYY-MM-DD)`);
  }
  return d;
}

export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, n: number): string {
  const d = parseDate(date);
  d.setUTCDate(d.getUTCDate() + n);
  return formatDate(d);
}

export const yearNotCovered = (year: number) =>
  new AppError(
    422,
    "calendar_year_not_covered",
    `${year}年的节假日安排尚未录入工作日历，无法计算工作日。请管理员先导入国务院公布的${year}年节假日安排。`,
    `The working-day calendar does not cover ${year}. An administrator must first import the State Council's holiday list for ${year}.`,
  );

/** Whether the calendar holds `date`: its year is imported, or an administrator confirmed that day itself. */
export function holdsDate(cal: Calendar, date: string): boolean {
  return cal.covered.has(Number(date.slice(0, 4))) || cal.days.has(date);
}

export function isWorkingDay(cal: Calendar, date: string): boolean {
  const d = parseDate(date);
  const year = d.getUTCFullYear();
  if (!cal.covered.has(year)) throw yearNotCovered(year);
  const kind = cal.days.get(date);
  if (kind === "holiday") return false;
  if (kind === "workday") return true;
  const wd = d.getUTCDay();
  return wd !== 0 && wd !== 6;
}

/**
 * Whether `date` is a working day without refusing an uncovered year: such a year counts Monday to
 * Friday and the answer says `covered: false`, so a legal clock can give a provisional date.
 */
export function workingDayOrFallback(cal: Calendar, date: string): { working: boolean; covered: boolean } {
  const d = parseDate(date);
  const covered = cal.covered.has(d.getUTCFullYear());
  const kind = covered ? cal.days.get(date) : undefined;
  if (kind) return { working: kind === "workday", covered };
  const wd = d.getUTCDay();
  return { working: wd !== 0 && wd !== 6, covered };
}

/** The date `n` working days after `date` (the start day itself is not counted). n = 0 gives `date`. */
export function addWorkingDays(cal: Calendar, date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) {
    throw new AppError(400, "invalid_working_days", "工作日数必须是非负整数", "The number of working days must be a whole number ≥ 0");
  }
  let cur = date;
  parseDate(cur);
  let left = n;
  while (left > 0) {
    cur = addDays(cur, 1);
    if (isWorkingDay(cal, cur)) left--;
  }
  return cur;
}

/** Working days in (from, to]: how many working days pass from `from` until `to`. */
export function workingDaysBetween(cal: Calendar, from: string, to: string): number {
  if (parseDate(to) < parseDate(from)) return -workingDaysBetween(cal, to, from);
  let n = 0;
  for (let cur = addDays(from, 1); cur <= to; cur = addDays(cur, 1)) if (isWorkingDay(cal, cur)) n++;
  return n;
}

/** The first working day on or after `date`. */
export function nextWorkingDay(cal: Calendar, date: string): string {
  let cur = date;
  while (!isWorkingDay(cal, cur)) cur = addDays(cur, 1);
  return cur;
}
