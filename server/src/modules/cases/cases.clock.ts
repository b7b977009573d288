import type { Executor, Row } from "../../db/schema.js";
import { chinaLocal } from "../../platform/clock.js";
import type { CaseRow } from "./cases.repository.js";
import * as repo from "./cases.repository.js";
import { type Due, dueOf, type LedgerEntry, workingDaysFrom } from "./deadline.js";

/** Beijing date of an instant. */
export const dayOf = (d: Date | string) => chinaLocal(typeof d === "string" ? new Date(d) : d).date;

export const ledgerEntryOf = (e: Row<"case_clock">): LedgerEntry => ({
  kind: e.kind,
  reasonCode: e.reason_code,
  reason: e.reason,
  from: e.from_date,
  to: e.to_date,
  days: e.days,
});

export async function ledgerOf(db: Executor, caseId: string): Promise<LedgerEntry[]> {
  return (await repo.clockOf(db, caseId)).map(ledgerEntryOf);
}

/** The case's due date from its budget and ledger, or null when it has no clock (not accepted, or no limit). */
export async function dueOfCase(
  db: Executor,
  c: Pick<CaseRow, "id" | "clock_start" | "budget_days" | "limit_unit">,
  today: string,
): Promise<Due | null> {
  if (c.clock_start === null || c.budget_days === null) return null;
  return dueOf(db, {
    start: c.clock_start,
    budgetDays: c.budget_days,
    unit: c.limit_unit === "自然日" ? "自然日" : "工作日",
    ledger: await ledgerOf(db, c.id),
    today,
  });
}

/** Due soon (default 2 working days before), overdue (after); none off the clock. */
export async function flagOf(
  db: Executor,
  due: string | null,
  today: string,
  paused: boolean,
  soonDays = 2,
): Promise<"none" | "due_soon" | "overdue"> {
  if (!due || paused) return "none";
  if (today > due) return "overdue";
  return (await workingDaysFrom(db, today, soonDays)) >= due ? "due_soon" : "none";
}
