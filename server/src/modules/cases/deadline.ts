import type { Executor } from "../../db/schema.js";
import { loadCalendar } from "../../platform/calendar/calendar.service.js";
import * as wd from "../../platform/calendar/working-days.js";

/**
 * The case clock as a budget and a ledger: the due date is derived, never stored as the truth.
 * A small interface of the case module's own until the platform's deadline clock lands
 * (platform/deadlines, helper "clock"); the service only calls `dueOf`.
 */
export interface LedgerEntry {
  kind: "pause" | "extension";
  reasonCode: string | null;
  reason: string;
  /** pause: first day off the clock; extension: the day it was approved */
  from: string;
  /** pause: the day the clock runs again (null while paused) */
  to: string | null;
  /** extension: approved days */
  days: number;
}

export interface ClockInput {
  start: string;
  budgetDays: number;
  unit: "工作日" | "自然日";
  ledger: LedgerEntry[];
  /** today (Beijing), for a pause still open */
  today: string;
}

export interface Due {
  due: string;
  /** the computation ran into a year the calendar does not cover yet (Mon–Fri assumed there) */
  provisional: boolean;
  uncoveredYears: number[];
  pausedDays: number;
  extensionDays: number;
  explanation: string;
}

/** Years the calendar knows, answering "yes" for the others and noting them (Mon–Fri is assumed there). */
class GuessingYears extends Set<number> {
  constructor(
    known: Iterable<number>,
    readonly guessed: Set<number>,
  ) {
    super(known);
  }
  override has(y: number): boolean {
    if (!super.has(y)) this.guessed.add(y);
    return true;
  }
}

/** A calendar that treats years it does not know as plain Monday–Friday, noting which it had to guess. */
const lenient = (cal: wd.Calendar, guessed: Set<number>): wd.Calendar => ({
  days: cal.days,
  covered: new GuessingYears(cal.covered, guessed),
});

const md = (d: string) => d.slice(5);

/** Holidays and make-up working days in (from, to], in words: "10-01 至 10-07 为节假日，10-10 为调休工作日". */
function calendarNotes(cal: wd.Calendar, from: string, to: string): string[] {
  const holidays: string[][] = [];
  const workdays: string[] = [];
  for (let d = wd.addDays(from, 1); d <= to; d = wd.addDays(d, 1)) {
    const k = cal.days.get(d);
    if (k === "holiday") {
      const last = holidays.at(-1);
      if (last && wd.addDays(last.at(-1) as string, 1) === d) last.push(d);
      else holidays.push([d]);
    } else if (k === "workday") workdays.push(d);
  }
  const out: string[] = [];
  if (holidays.length > 0) {
    out.push(
      `${holidays.map((r) => (r.length === 1 ? md(r[0] as string) : `${md(r[0] as string)} 至 ${md(r.at(-1) as string)}`)).join("、")} 为节假日`,
    );
  }
  if (workdays.length > 0) out.push(`${workdays.map(md).join("、")} 为调休工作日`);
  return out;
}

function pausedDaysOf(cal: wd.Calendar, e: LedgerEntry, today: string, working: boolean): number {
  const end = e.to ?? wd.addDays(today, 1);
  if (end <= e.from) return 0;
  const before = wd.addDays(e.from, -1);
  const last = wd.addDays(end, -1);
  if (!working) return Math.round((wd.parseDate(end).getTime() - wd.parseDate(e.from).getTime()) / 86_400_000);
  return wd.workingDaysBetween(cal, before, last);
}

/** The due date of a budget from `start`, with the pauses off the clock and the extensions added, and why. */
export async function dueOf(db: Executor, c: ClockInput): Promise<Due> {
  const guessed = new Set<number>();
  const cal = lenient(await loadCalendar(db, c.start, Math.ceil(c.budgetDays / 200) + 2), guessed);
  const working = c.unit === "工作日";
  const unitWord = working ? "个工作日" : "个自然日";
  let paused = 0;
  const pauseNotes: string[] = [];
  let extension = 0;
  const extNotes: string[] = [];
  for (const e of c.ledger) {
    if (e.kind === "pause") {
      const n = pausedDaysOf(cal, e, c.today, working);
      paused += n;
      pauseNotes.push(`因${e.reasonCode ?? e.reason}暂停 ${n}${unitWord}（${e.from} 起${e.to ? `，${e.to} 恢复` : "，尚未恢复"}）`);
    } else {
      extension += e.days;
      extNotes.push(`经批准延长 ${e.days}${unitWord}（${e.reason}）`);
    }
  }
  const total = c.budgetDays + paused + extension;
  const due = working ? wd.addWorkingDays(cal, c.start, total) : wd.addDays(c.start, total);
  const parts = [c.budgetDays === 0 ? `即办件，${c.start} 当日办结` : `自 ${c.start} 起 ${c.budgetDays}${unitWord}`];
  if (working && total > 0) parts.push(...calendarNotes(cal, c.start, due));
  parts.push(...pauseNotes, ...extNotes);
  const uncoveredYears = [...guessed].sort();
  if (uncoveredYears.length > 0) parts.push(`${uncoveredYears.join("、")}年节假日安排尚未录入，暂按周一至周五计算（暂定）`);
  parts.push(`应于 ${due} 前办结`);
  return {
    due,
    provisional: uncoveredYears.length > 0,
    uncoveredYears,
    pausedDays: paused,
    extensionDays: extension,
    explanation: parts.join("；"),
  };
}

/** Working days in (from, to] under the calendar (Mon–Fri where it does not reach): the 5-day acceptance rule, due-soon. */
export async function workingDaysAfter(db: Executor, from: string, to: string): Promise<number> {
  const guessed = new Set<number>();
  const cal = lenient(await loadCalendar(db, from, 1), guessed);
  return wd.workingDaysBetween(cal, from, to);
}

/** The date n working days after `from` (Mon–Fri where the calendar does not reach). */
export async function workingDaysFrom(db: Executor, from: string, n: number): Promise<string> {
  const cal = lenient(await loadCalendar(db, from, 1), new Set());
  return wd.addWorkingDays(cal, from, n);
}
