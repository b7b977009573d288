import { createRequire } from "node:module";
import type { Executor, Row } from "../../db/schema.js";
import { audit } from "../audit/audit.js";
import { assertCan, requireUser } from "../auth/access.js";
import { chinaLocal } from "../clock.js";
import type { Ctx } from "../context.js";
import { recomputeOpenClocks } from "../deadlines/deadlines.service.js";
import { changedDaysBetween } from "../deadlines/legal-clock.js";
import { AppError } from "../errors.js";
import { type Emit, withEvents } from "../events/store.js";
import { DISTRICT_STREAM } from "../events/types.js";
import { loadCalendar, loadWholeCalendar } from "./calendar.load.js";
import * as repo from "./calendar.repository.js";
import * as wd from "./working-days.js";

export { loadCalendar, loadWholeCalendar } from "./calendar.load.js";

export async function addWorkingDays(db: Executor, from: string, n: number): Promise<string> {
  wd.parseDate(from);
  return wd.addWorkingDays(await loadCalendar(db, from, Math.ceil(n / 240) + 1), from, n);
}

export async function isWorkingDay(db: Executor, date: string): Promise<boolean> {
  return wd.isWorkingDay(await loadCalendar(db, date, 0), date);
}

export async function workingDaysBetween(db: Executor, from: string, to: string): Promise<number> {
  const [a, b] = from <= to ? [from, to] : [to, from];
  wd.parseDate(a);
  const span = Number(b.slice(0, 4)) - Number(a.slice(0, 4));
  return wd.workingDaysBetween(await loadCalendar(db, a, span), from, to);
}

export async function listYears(ctx: Ctx) {
  return (await repo.coveredYears(ctx.db)).map((r) => ({ year: r.year, source: r.source, updatedAt: r.updated_at }));
}

export async function listDays(ctx: Ctx, year: number) {
  const rows = await repo.daysBetween(ctx.db, `${year}-01-01`, `${year}-12-31`);
  return rows.map((r) => ({ date: r.date, kind: r.kind as wd.DayKind, name: r.name }));
}

export interface DayInput {
  date: string;
  kind: wd.DayKind;
  name?: string | null;
}

/** Adds or replaces a whole year (the State Council's list): the year then counts as covered. */
export async function importYear(ctx: Ctx, year: number, days: DayInput[], source: string) {
  assertCan(requireUser(ctx.principal), "calendar.write", null);
  const seen = new Set<string>();
  const bad: { row: number; reason: string }[] = [];
  days.forEach((d, i) => {
    try {
      wd.parseDate(d.date);
    } catch {
      bad.push({ row: i + 1, reason: `日期格式有误 / invalid date: ${d.date}` });
      return;
    }
    if (!d.date.startsWith(`${year}-`)) bad.push({ row: i + 1, reason: `${d.date} 不属于 ${year} 年 / not in ${year}` });
    if (seen.has(d.date)) bad.push({ row: i + 1, reason: `${d.date} 重复 / listed twice` });
    seen.add(d.date);
  });
  if (bad.length > 0) {
    throw new AppError(
      400,
      "calendar_import_invalid",
      "节假日清单有误，未做任何修改",
      "The holiday list has errors; nothing was changed",
      bad,
    );
  }
  const rows: Row<"calendar_days">[] = days.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? null }));
  const change = await withEvents(ctx, async (tx, emit) => {
    const before = await repo.daysBetween(tx, `${year}-01-01`, `${year}-12-31`);
    const written = await writeAndAnnounce({ ctx, tx, emit }, "year_imported", year, `${year}-01-01`, `${year}-12-31`, () =>
      repo.replaceYear(tx, year, rows, source, ctx.clock.now().toISOString()),
    );
    await audit(tx, ctx, {
      action: "calendar.year.import",
      entityType: "calendar_year",
      entityId: String(year),
      siteId: null,
      before: { days: before.length },
      after: { days: rows.length, source },
    });
    return written;
  });
  const clocks = await recomputeClocks(ctx, change);
  return { year, days: rows.length, clocksRecomputed: clocks.recomputed, clocksMoved: clocks.moved };
}

export async function setDay(ctx: Ctx, date: string, kind: wd.DayKind | null, name: string | null) {
  assertCan(requireUser(ctx.principal), "calendar.write", null);
  wd.parseDate(date);
  const change = await withEvents(ctx, async (tx, emit) => {
    const before = await repo.getDay(tx, date);
    const year = Number(date.slice(0, 4));
    const written = await writeAndAnnounce({ ctx, tx, emit }, kind === null ? "day_cleared" : "day_set", year, date, date, () =>
      kind === null ? repo.deleteDay(tx, date) : repo.upsertDay(tx, { date, kind, name }),
    );
    await audit(tx, ctx, {
      action: kind === null ? "calendar.day.clear" : "calendar.day.set",
      entityType: "calendar_day",
      entityId: date,
      siteId: null,
      before: before ?? null,
      after: kind === null ? null : { date, kind, name },
    });
    return written;
  });
  await recomputeClocks(ctx, change);
}

interface Written {
  before: wd.Calendar;
  after: wd.Calendar;
  span: { from: string; to: string };
  /** A day's working status changed, or a year became covered: open clocks must be recomputed. */
  touchesClocks: boolean;
}

/**
 * Runs a calendar write between two reads of the whole calendar and emits `calendar.changed` on
 * the district stream (in the write's transaction) with the days whose working status changed.
 */
async function writeAndAnnounce(
  s: { ctx: Ctx; tx: Executor; emit: Emit },
  change: "year_imported" | "day_set" | "day_cleared",
  year: number,
  from: string,
  to: string,
  write: () => Promise<void>,
): Promise<Written> {
  const before = await loadWholeCalendar(s.tx);
  await write();
  const after = await loadWholeCalendar(s.tx);
  const changedDays = changedDaysBetween(before, after, wd.addDays(from, -1), to);
  const yearNewlyCovered = !before.covered.has(year) && after.covered.has(year);
  await s.emit({ type: "calendar.changed", siteId: DISTRICT_STREAM, data: { change, year, yearNewlyCovered, changedDays } });
  return { before, after, span: { from, to }, touchesClocks: changedDays.length > 0 || yearNewlyCovered };
}

/** After the write committed: the open legal clocks it can move, recomputed in short transactions. */
function recomputeClocks(ctx: Ctx, w: Written) {
  return w.touchesClocks ? recomputeOpenClocks(ctx, w.before, w.after, w.span) : Promise.resolve({ recomputed: 0, moved: 0 });
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** Seeds holidays and make-up workdays from the chinese-days package for the years it knows. */
export async function seedFromChineseDays(db: Executor, at: string): Promise<number[]> {
  const require = createRequire(import.meta.url);
  const data = require("chinese-days/dist/chinese-days.json") as ChineseDaysData;
  const version = (require("chinese-days/package.json") as { version: string }).version;
  const byYear = new Map<number, Row<"calendar_days">[]>();
  const add = (date: string, kind: wd.DayKind, label: string) => {
    const y = Number(date.slice(0, 4));
    const list = byYear.get(y) ?? [];
    list.push({ date, kind, name: label.split(",")[1] ?? label });
    byYear.set(y, list);
  };
  for (const [date, label] of Object.entries(data.holidays)) add(date, "holiday", label);
  for (const [date, label] of Object.entries(data.workdays)) add(date, "workday", label);
  const years = [...byYear.keys()].sort();
  for (const y of years) await repo.replaceYear(db, y, byYear.get(y) ?? [], `chinese-days@${version}`, at);
  return years;
}

/**
 * Whether the administrator must import a year (issue 10, item 7): the current year while it is
 * missing, and from November on the next one. Days of a missing year cannot be booked.
 */
export async function calendarStatus(ctx: Ctx) {
  const today = chinaLocal(ctx.clock.now()).date;
  const year = Number(today.slice(0, 4));
  const covered = (await repo.coveredYears(ctx.db)).map((r) => r.year);
  const due = Number(today.slice(5, 7)) >= 11 ? [year, year + 1] : [year];
  const missingYears = due.filter((y) => !covered.includes(y));
  const ys = missingYears.join("、");
  const warning =
    missingYears.length === 0
      ? null
      : {
          zh: `${ys}年节假日安排尚未导入工作日历：这些年份的日期暂不开放预约，法定时限按周一至周五暂算。请在「工作日历」中导入国务院公布的安排，或逐日确认。`,
          en: `The working-day calendar does not hold ${missingYears.join(", ")} yet: those days cannot be booked and legal deadlines are provisional (Monday to Friday). Import the State Council's holiday list under Calendar, or confirm days one by one.`,
        };
  return { today, coveredYears: covered, missingYears, warning };
}
