/** Row types of the legal clocks (portable like `db/schema.ts`: dates YYYY-MM-DD, instants ISO-8601 UTC, 0/1 booleans). */
export interface LegalClocksTable {
  id: string;
  /** Whose clock: a module's kind of record (`case`, `complaint`, `station`) and its id. */
  owner_kind: string;
  owner_id: string;
  /** One owner may run several clocks: `committed` (承诺时限), `statutory` (法定时限), … */
  purpose: string;
  /** The site whose stream hears the clock's events (null: the district stream). */
  site_id: string | null;
  /** The truth: start day, budget in working days, the ledger (legal_clock_entries), stop day. */
  start_date: string;
  budget_days: number;
  due_soon_days: number;
  stopped_on: string | null;
  /**
   * Derived, never written but by the recompute (every ledger write, every calendar change):
   * kept so inboxes sort and sweeps select by an index. `due_date` of a clock with an open pause
   * is as of the day it was computed (such clocks are skipped by the sweeps).
   */
  due_date: string;
  due_soon_from: string;
  provisional: number;
  /** Comma-separated years counted Monday–Friday (empty when none). */
  uncovered_years: string;
  paused_since: string | null;
  /** The due date the last due-soon / overdue flag was raised for: a moved date raises it again. */
  due_soon_flagged_for: string | null;
  overdue_flagged_for: string | null;
  created_at: string;
  updated_at: string;
}

export interface LegalClockEntriesTable {
  id: string;
  clock_id: string;
  /** 1, 2, … in the order recorded. */
  seq: number;
  kind: "pause" | "extension";
  /** pause: first and last day not counted (to null while open); extension: null. */
  from_date: string | null;
  to_date: string | null;
  /** pause: a PAUSE_REASONS code; extension: the reason in words. */
  reason: string;
  note: string | null;
  /** extension: working days added. */
  days: number | null;
  approved_by: string | null;
  approved_on: string | null;
  recorded_at: string;
  recorded_by: string | null;
}

export interface DeadlineTables {
  legal_clocks: LegalClocksTable;
  legal_clock_entries: LegalClockEntriesTable;
}
