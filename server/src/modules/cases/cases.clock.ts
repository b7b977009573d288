import type { Executor } from "../../db/schema.js";
import { workingDaysBetween } from "../../platform/calendar/calendar.service.js";
import { addDays } from "../../platform/calendar/working-days.js";
import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import * as clocks from "../../platform/deadlines/deadlines.service.js";
import type { CaseRow } from "./cases.repository.js";

/**
 * The case's legal clocks are the platform's (platform/deadlines): `committed` (承诺时限, the due
 * date the applicant is told) and `statutory` (法定时限) beside it. The case row keeps only a cache
 * of the committed due date for its inbox order, refreshed after every clock write and on a move.
 */
export const OWNER = "case";
export const clockRef = (caseId: string, purpose?: "statutory") => ({ ownerKind: OWNER, ownerId: caseId, ...(purpose ? { purpose } : {}) });

/** Beijing date of an instant. */
export const dayOf = (d: Date | string) => chinaLocal(typeof d === "string" ? new Date(d) : d).date;

/**
 * A limit in working days. A limit in calendar days (自然日) becomes the working days up to that
 * calendar day, so its last day falls where the calendar-day count ends (moved past a holiday as
 * the law moves such a last day); a year not yet in the calendar counts 5 of every 7 days.
 */
export async function workingBudget(db: Executor, start: string, days: number, unit: string): Promise<number> {
  if (unit !== "自然日" || days === 0) return days;
  try {
    return await workingDaysBetween(db, start, addDays(start, days));
  } catch {
    return Math.ceil((days * 5) / 7);
  }
}

export const caseClock = (db: Executor, ctx: Ctx, caseId: string) => clocks.getClock(db, ctx, clockRef(caseId));

/** The cached columns after a clock write. */
export function cacheOf(c: clocks.StoredClock | null): Pick<CaseRow, "due_date" | "due_provisional" | "due_flag"> {
  if (!c) return { due_date: null, due_provisional: 0, due_flag: "none" };
  const flag = c.view.state === "overdue" || c.view.state === "due_soon" ? c.view.state : "none";
  return { due_date: c.view.dueDate, due_provisional: c.view.provisional ? 1 : 0, due_flag: flag };
}
