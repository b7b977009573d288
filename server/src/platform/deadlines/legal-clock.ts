import { addDays, type Calendar, parseDate, workingDayOrFallback } from "../calendar/working-days.js";
import { AppError } from "../errors.js";
import { explainClock } from "./legal-clock.explain.js";

/** A day as the clock walks it: the next date and its working status, memoised per calendar (walks repeat the same days; a Calendar is never changed once built). */
interface DayInfo {
  next: string;
  working: boolean;
  covered: boolean;
}
const memo = new WeakMap<Calendar, Map<string, DayInfo>>();
export function day(cal: Calendar, d: string): DayInfo {
  let m = memo.get(cal);
  if (!m) {
    m = new Map();
    memo.set(cal, m);
  }
  let x = m.get(d);
  if (!x) {
    x = { next: addDays(d, 1), ...workingDayOrFallback(cal, d) };
    m.set(d, x);
  }
  return x;
}
export const next = (cal: Calendar, d: string) => day(cal, d).next;

/**
 * Legal clocks (行政许可法 art. 42–45, 82): a budget of working days from a start day, with a ledger
 * of pauses (特别程序) and approved extensions. The due date is derived, never stored as the truth,
 * and every answer explains itself. Pure: the caller passes the calendar and "today" (a Beijing
 * date, `chinaLocal(ctx.clock.now()).date`).
 *
 * Counting: the start day (receipt or acceptance) is not counted; the n-th counted working day
 * after it is the due date; budget 0 (即办) is due on the start day (on the next working day when
 * the start is a day off, e.g. received by post on a Saturday). A pause `from`–`to` removes
 * every working day from `from` to `to`, both included (the day the special procedure starts and
 * the day it ends); counting goes on the day after `to`. An open pause (`to: null`) runs through
 * today: the due date then says "if the clock resumes tomorrow". A year the calendar does not
 * cover counts Monday–Friday and makes the date provisional; nothing here throws for it.
 */

export const PAUSE_REASONS = ["听证", "检验", "检测", "检疫", "鉴定", "专家评审", "其他"] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];
export const PAUSE_REASON_EN: Record<PauseReason, string> = {
  听证: "a hearing",
  检验: "inspection",
  检测: "testing",
  检疫: "quarantine inspection",
  鉴定: "appraisal",
  专家评审: "expert review",
  其他: "another special procedure",
};

export interface PauseEntry {
  kind: "pause";
  /** The first day not counted. */
  from: string;
  /** The last day not counted; null while the pause is open. */
  to: string | null;
  reason: PauseReason;
  /** Kept in the ledger, never put in the explanation (it may name people). */
  note?: string | null;
}

export interface ExtensionEntry {
  kind: "extension";
  /** Working days added to the budget. */
  days: number;
  reason: string;
  /** Who approved it (a user id or name): kept in the ledger, not in the explanation. */
  approvedBy: string;
  approvedOn: string;
}

export type LedgerEntry = PauseEntry | ExtensionEntry;

export interface LegalClock {
  /** The receipt or acceptance day: not itself counted. */
  start: string;
  /** Working days; 0 = 即办 (due the same day). */
  budget: number;
  ledger: readonly LedgerEntry[];
  /** The day the matter was finished (办结): the clock is then judged on that day. */
  stoppedOn?: string | null;
}

export interface ClockOptions {
  /** Today in Beijing, YYYY-MM-DD. */
  today: string;
  /** "Due soon" from this many working days before the due date (default 2). */
  dueSoonDays?: number;
}

export type ClockState = "running" | "paused" | "due_soon" | "overdue" | "stopped";

export interface Bilingual {
  zh: string;
  en: string;
}

export interface ClockView {
  start: string;
  budget: number;
  extendedBy: number;
  /** budget + extensions */
  totalBudget: number;
  dueDate: string;
  /** The first day the clock is due soon (remaining ≤ dueSoonDays): yellow from here. */
  dueSoonFrom: string;
  /** The date runs into a year the calendar does not cover (counted Monday–Friday). */
  provisional: boolean;
  uncoveredYears: number[];
  /** The day the clock is judged on: today, or the day it stopped. */
  asOf: string;
  /** Counted working days from the start through `asOf`. */
  used: number;
  /** Counted working days after `asOf` through the due date (totalBudget − used); 0 on the due date, −overdueDays after it. */
  remaining: number;
  /** Counted working days after the due date through `asOf`. */
  overdueDays: number;
  /** Working days up to the due date that pauses removed. */
  pausedDays: number;
  state: ClockState;
  /** An open pause, or a pause covering `asOf`. */
  paused: boolean;
  /** Only for a stopped clock: finished after its due date. */
  stoppedLate: boolean | null;
  holidays: { from: string; to: string; name: string | null }[];
  makeUpDays: { date: string; name: string | null }[];
  pauses: (PauseEntry & { open: boolean; days: number })[];
  extensions: ExtensionEntry[];
  explanation: Bilingual;
}

const invalid = (zh: string, en: string) => new AppError(400, "legal_clock_invalid", `期限有误：${zh}`, `Invalid legal clock: ${en}`);

function checkDate(d: string, what: string) {
  try {
    parseDate(d);
  } catch {
    throw invalid(`${what}日期格式有误：${d}`, `${what}: not a date: ${d}`);
  }
}

function checkPause(e: PauseEntry, start: string) {
  checkDate(e.from, "暂停");
  if (e.to !== null) checkDate(e.to, "恢复");
  if (e.from < start) throw invalid(`暂停不能早于起算日 ${start}`, `a pause cannot begin before the start ${start}`);
  if (e.to !== null && e.to < e.from)
    throw invalid(`暂停结束日 ${e.to} 早于开始日 ${e.from}`, `the pause ends ${e.to} before it begins ${e.from}`);
  if (!PAUSE_REASONS.includes(e.reason)) throw invalid(`暂停原因不在代码表内：${e.reason}`, `unknown pause reason: ${e.reason}`);
}

function checkExtension(e: ExtensionEntry) {
  if (!Number.isInteger(e.days) || e.days < 1 || e.days > 3650)
    throw invalid("延长天数须为正整数", "an extension is a whole number of working days ≥ 1");
  if (!e.reason.trim()) throw invalid("延长须说明理由", "an extension needs a reason");
  if (!e.approvedBy.trim()) throw invalid("延长须经批准", "an extension needs its approver");
  checkDate(e.approvedOn, "批准");
}

/** Refuses a clock that cannot be computed (400 `legal_clock_invalid`). */
export function validateClock(clock: LegalClock): void {
  checkDate(clock.start, "起算");
  if (!Number.isInteger(clock.budget) || clock.budget < 0 || clock.budget > 3650)
    throw invalid("工作日数须为 0 至 3650 的整数", "the budget is a whole number of working days, 0 to 3650");
  for (const e of clock.ledger) {
    if (e.kind === "pause") checkPause(e, clock.start);
    else if (e.kind === "extension") checkExtension(e);
    else throw invalid("未知的台账条目", "unknown ledger entry");
  }
  if (clock.stoppedOn) {
    checkDate(clock.stoppedOn, "办结");
    if (clock.stoppedOn < clock.start) throw invalid("办结日早于起算日", "stopped before it started");
  }
  const open = clock.ledger.filter((e) => e.kind === "pause" && e.to === null);
  if (open.length > 1) throw invalid("同时只能有一个未结束的暂停", "only one pause may be open");
}

interface Span {
  from: string;
  to: string;
}

/** The pauses as closed spans: an open one runs through `asOf` (or its first day, if later). */
function pauseSpans(ledger: readonly LedgerEntry[], asOf: string): Span[] {
  return ledger.flatMap((e) => (e.kind === "pause" ? [{ from: e.from, to: e.to ?? (asOf > e.from ? asOf : e.from) }] : []));
}

const inSpans = (spans: Span[], d: string) => spans.some((s) => s.from <= d && d <= s.to);

interface Walk {
  date: string;
  uncovered: Set<number>;
  paused: number;
}

/** Steps day by day after `from` until `n` counted (working, not paused) days have passed. */
function walkCounted(cal: Calendar, from: string, n: number, spans: Span[]): Walk {
  const out: Walk = { date: from, uncovered: new Set(), paused: 0 };
  let left = n;
  while (left > 0) {
    out.date = next(cal, out.date);
    const s = day(cal, out.date);
    if (!s.covered) out.uncovered.add(Number(out.date.slice(0, 4)));
    if (!s.working) continue;
    if (inSpans(spans, out.date)) out.paused++;
    else left--;
  }
  return out;
}

/** 即办: the start day, or the first working day after it when it was received on a day off (by post). */
function sameDay(cal: Calendar, start: string): Walk {
  const out: Walk = { date: start, uncovered: new Set(), paused: 0 };
  for (;;) {
    const s = day(cal, out.date);
    if (!s.covered) out.uncovered.add(Number(out.date.slice(0, 4)));
    if (s.working) return out;
    out.date = next(cal, out.date);
  }
}

/** Counted days in (from, to]. */
function countCounted(cal: Calendar, from: string, to: string, spans: Span[]): number {
  let n = 0;
  for (let d = next(cal, from); d <= to; d = next(cal, d)) if (day(cal, d).working && !inSpans(spans, d)) n++;
  return n;
}

/** Working days (paused or not) in [from, to] ∩ (start, due]. */
function workingIn(cal: Calendar, s: Span, start: string, due: string): number {
  let n = 0;
  const first = s.from > start ? s.from : next(cal, start);
  for (let d = first; d <= s.to && d <= due; d = next(cal, d)) if (day(cal, d).working) n++;
  return n;
}

/** The holidays (runs with a weekday in them: they moved the date) and make-up days in (start, due]. */
function movers(cal: Calendar, start: string, due: string) {
  const holidays: { from: string; to: string; name: string | null; weekday: boolean }[] = [];
  const makeUpDays: { date: string; name: string | null }[] = [];
  let prev: string | null = null;
  for (let d = next(cal, start); d <= due; d = next(cal, d)) {
    if (!cal.covered.has(Number(d.slice(0, 4)))) continue;
    const kind = cal.days.get(d);
    const name = cal.names?.get(d) ?? null;
    if (kind === "workday") makeUpDays.push({ date: d, name });
    if (kind !== "holiday") continue;
    const last = holidays.at(-1);
    const weekday = ![0, 6].includes(parseDate(d).getUTCDay());
    if (last && prev === addDays(d, -1) && last.name === name) {
      last.to = d;
      last.weekday ||= weekday;
    } else holidays.push({ from: d, to: d, name, weekday });
    prev = d;
  }
  return { holidays: holidays.filter((h) => h.weekday).map(({ weekday: _, ...h }) => h), makeUpDays };
}

function stateOf(v: Pick<ClockView, "dueDate" | "remaining" | "paused">, clock: LegalClock, today: string, soon: number): ClockState {
  if (clock.stoppedOn) return "stopped";
  if (v.paused) return "paused";
  if (today > v.dueDate) return "overdue";
  if (v.remaining <= soon) return "due_soon";
  return "running";
}

/** The due date, state and explanation of a legal clock on `opts.today`. */
export function computeClock(cal: Calendar, clock: LegalClock, opts: ClockOptions): ClockView {
  validateClock(clock);
  checkDate(opts.today, "今日");
  const asOf = clock.stoppedOn ?? opts.today;
  const soon = opts.dueSoonDays ?? 2;
  const spans = pauseSpans(clock.ledger, asOf);
  const extensions = clock.ledger.filter((e): e is ExtensionEntry => e.kind === "extension");
  const extendedBy = extensions.reduce((s, e) => s + e.days, 0);
  const totalBudget = clock.budget + extendedBy;
  const walk = totalBudget === 0 ? sameDay(cal, clock.start) : walkCounted(cal, clock.start, totalBudget, spans);
  const dueDate = walk.date;
  const used = asOf > clock.start ? countCounted(cal, clock.start, asOf, spans) : 0;
  const overdueDays = asOf > dueDate ? countCounted(cal, dueDate, asOf, spans) : 0;
  // Counted days still ahead: so the due date itself always shows 0 (also for 即办 received on a day off).
  const remaining = asOf > dueDate ? -overdueDays : asOf < clock.start ? totalBudget : countCounted(cal, asOf, dueDate, spans);
  const paused = clock.ledger.some((e) => e.kind === "pause" && e.from <= asOf && (e.to === null || e.to >= asOf));
  const pauses = clock.ledger
    .filter((e): e is PauseEntry => e.kind === "pause")
    .map((e, i) => ({ ...e, open: e.to === null, days: workingIn(cal, spans[i] as Span, clock.start, dueDate) }));
  const { holidays, makeUpDays } = movers(cal, clock.start, dueDate);
  const partial = { dueDate, remaining, paused };
  const view: ClockView = {
    start: clock.start,
    budget: clock.budget,
    extendedBy,
    totalBudget,
    dueDate,
    dueSoonFrom: soon >= totalBudget ? clock.start : walkCounted(cal, clock.start, totalBudget - soon, spans).date,
    provisional: walk.uncovered.size > 0,
    uncoveredYears: [...walk.uncovered].sort(),
    asOf,
    used,
    remaining,
    overdueDays,
    pausedDays: walk.paused,
    state: stateOf(partial, clock, opts.today, soon),
    paused: paused && !clock.stoppedOn,
    stoppedLate: clock.stoppedOn ? clock.stoppedOn > dueDate : null,
    holidays,
    makeUpDays,
    pauses,
    extensions,
    explanation: { zh: "", en: "" },
  };
  view.explanation = explainClock(view);
  return view;
}

/** 行政许可法 art. 32: 5 working days to tell the applicant what to correct or to decide on acceptance. */
export const ACCEPTANCE_DECISION_DAYS = 5;
/** The site is warned on this working day after receipt. */
export const ACCEPTANCE_WARN_DAY = 4;

export interface AcceptanceWindow {
  receivedOn: string;
  /** The 4th working day after receipt: warn the site from this day. */
  warnOn: string;
  /** The 5th working day after receipt: the last day to issue a correction notice or decide. */
  lastDay: string;
  /** After `lastDay` the case counts as accepted from this day (the receipt day), and its deadline runs from it. */
  deemedAcceptedFrom: string;
  provisional: boolean;
  /** On `today`: open, warn (from day 4 through day 5), deemed (after day 5). */
  state: "open" | "warn" | "deemed";
  explanation: Bilingual;
}

/**
 * The 5-working-day rule for a received case with no correction notice and no decision on
 * acceptance: from the day after `lastDay` it counts as accepted from the day it was received.
 */
export function acceptanceWindow(cal: Calendar, receivedOn: string, today: string): AcceptanceWindow {
  checkDate(receivedOn, "收件");
  checkDate(today, "今日");
  const warn = walkCounted(cal, receivedOn, ACCEPTANCE_WARN_DAY, []);
  const last = walkCounted(cal, receivedOn, ACCEPTANCE_DECISION_DAYS, []);
  const state = today > last.date ? "deemed" : today >= warn.date ? "warn" : "open";
  const provisional = last.uncovered.size > 0;
  return {
    receivedOn,
    warnOn: warn.date,
    lastDay: last.date,
    deemedAcceptedFrom: receivedOn,
    provisional,
    state,
    explanation: {
      zh: `${receivedOn}收件，应于5个工作日内（${provisional ? "暂定" : ""}${last.date}前）一次告知补正或作出是否受理的决定，逾期即自收件之日起视为受理；${warn.date}起提醒`,
      en: `Received ${receivedOn}: a correction notice or a decision on acceptance is due within 5 working days (${provisional ? "provisionally " : ""}by ${last.date}); after that the case counts as accepted from the day it was received. Warned from ${warn.date}.`,
    },
  };
}

export { type CalendarChangeEffect, changedDaysBetween, type DayChange, explainCalendarChange } from "./legal-clock.change.js";
