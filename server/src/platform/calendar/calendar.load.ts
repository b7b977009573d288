import type { Executor } from "../../db/schema.js";
import * as repo from "./calendar.repository.js";
import type * as wd from "./working-days.js";

function toCalendar(years: { year: number }[], days: { date: string; kind: string; name: string | null }[]): wd.Calendar {
  return {
    covered: new Set(years.map((r) => r.year)),
    days: new Map(days.map((d) => [d.date, d.kind as wd.DayKind])),
    names: new Map(days.flatMap((d) => (d.name ? [[d.date, d.name] as const] : []))),
  };
}

/** Loads the part of the calendar that a computation from `from` may touch (up to `spanYears` ahead). */
export async function loadCalendar(db: Executor, from: string, spanYears = 2): Promise<wd.Calendar> {
  const y = Number(from.slice(0, 4));
  return toCalendar(await repo.coveredYears(db), await repo.daysBetween(db, `${y - 1}-01-01`, `${y + spanYears}-12-31`));
}

/** The whole calendar (a few dozen rows a year): for recomputing every open legal clock at once. */
export async function loadWholeCalendar(db: Executor): Promise<wd.Calendar> {
  return toCalendar(await repo.coveredYears(db), await repo.daysBetween(db, "0000-01-01", "9999-12-31"));
}
