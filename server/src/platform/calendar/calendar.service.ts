import { createRequire } from "node:module";
import type { Executor, Row } from "../../db/schema.js";
import { audit } from "../audit/audit.js";
import { assertCan, requireUser } from "../auth/access.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import * as repo from "./calendar.repository.js";
import * as wd from "./working-days.js";

const listeners: (() => void)[] = [];
/** Lets caches that depend on the calendar (site schedules) drop their entries when it changes. */
export const onCalendarChange = (fn: () => void) => listeners.push(fn);
const calendarChanged = () => {
  for (const fn of listeners) fn();
};

/** Loads the part of the calendar that a computation from `from` may touch (up to `spanYears` ahead). */
export async function loadCalendar(db: Executor, from: string, spanYears = 2): Promise<wd.Calendar> {
  const y = Number(from.slice(0, 4));
  const years = await repo.coveredYears(db);
  const days = await repo.daysBetween(db, `${y - 1}-01-01`, `${y + spanYears}-12-31`);
  return {
    covered: new Set(years.map((r) => r.year)),
    days: new Map(days.map((d) => [d.date, d.kind as wd.DayKind])),
    names: new Map(days.flatMap((d) => (d.name ? [[d.date, d.name] as const] : []))),
  };
}

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
  await ctx.db.transaction().execute(async (tx) => {
    const before = await repo.daysBetween(tx, `${year}-01-01`, `${year}-12-31`);
    await repo.replaceYear(tx, year, rows, source, ctx.clock.now().toISOString());
    await audit(tx, ctx, {
      action: "calendar.year.import",
      entityType: "calendar_year",
      entityId: String(year),
      siteId: null,
      before: { days: before.length },
      after: { days: rows.length, source },
    });
  });
  // After commit: a concurrent read must not cache the old calendar again.
  calendarChanged();
  return { year, days: rows.length };
}

export async function setDay(ctx: Ctx, date: string, kind: wd.DayKind | null, name: string | null) {
  assertCan(requireUser(ctx.principal), "calendar.write", null);
  wd.parseDate(date);
  await ctx.db.transaction().execute(async (tx) => {
    const before = await repo.getDay(tx, date);
    if (kind === null) await repo.deleteDay(tx, date);
    else await repo.upsertDay(tx, { date, kind, name });
    await audit(tx, ctx, {
      action: kind === null ? "calendar.day.clear" : "calendar.day.set",
      entityType: "calendar_day",
      entityId: date,
      siteId: null,
      before: before ?? null,
      after: kind === null ? null : { date, kind, name },
    });
  });
  calendarChanged();
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
