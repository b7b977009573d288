import type { Executor } from "../../db/schema.js";
import { loadCalendar, loadWholeCalendar } from "../calendar/calendar.load.js";
import type { Calendar } from "../calendar/working-days.js";
import { chinaLocal } from "../clock.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { type Emit, withEvents } from "../events/store.js";
import { DISTRICT_STREAM } from "../events/types.js";
import { newId } from "../ids.js";
import type { DeadlineEventData } from "./deadlines.events.js";
import * as repo from "./deadlines.repository.js";
import {
  type CalendarChangeEffect,
  type ClockView,
  computeClock,
  type ExtensionEntry,
  explainCalendarChange,
  type LedgerEntry,
  type LegalClock,
  type PauseEntry,
  type PauseReason,
  validateClock,
} from "./legal-clock.js";

/**
 * Stored legal clocks: the owner's module calls these inside its own transaction (`withEvents`),
 * after deciding that the caller may change the owner record (the platform checks no grants here).
 * Every write recomputes the derived columns (due date, due-soon day, provisional, paused) from
 * the start, budget and ledger, which stay the truth.
 */
export interface ClockScope {
  ctx: Ctx;
  tx: Executor;
  emit: Emit;
}

export interface ClockRef {
  ownerKind: string;
  ownerId: string;
  /** Default `committed` (承诺时限); e.g. `statutory` for the 法定时限 kept beside it. */
  purpose?: string;
}

export type RecordedEntry = LedgerEntry & { id: string; seq: number; recordedAt: string; recordedBy: string | null };

export interface StoredClock {
  id: string;
  ownerKind: string;
  ownerId: string;
  purpose: string;
  siteId: string | null;
  dueSoonDays: number;
  clock: LegalClock;
  ledger: RecordedEntry[];
  view: ClockView;
}

export interface ClockOwner {
  /**
   * A calendar change moved this clock's due date (or confirmed a provisional one), in the
   * calendar write's transaction: audit it, tell the applicant (outbox), update the owner's copy.
   */
  onMoved?(s: ClockScope, clock: StoredClock, effect: CalendarChangeEffect): Promise<void>;
}

const owners = new Map<string, ClockOwner>();

/** A module that keeps clocks says what to do when the calendar moves one (once, at import). */
export function registerClockOwner(kind: string, owner: ClockOwner): void {
  owners.set(kind, owner);
}

export const todayOf = (ctx: Ctx): string => chinaLocal(ctx.clock.now()).date;
const DEFAULT_PURPOSE = "committed";
const purposeOf = (r: ClockRef) => r.purpose ?? DEFAULT_PURPOSE;

const notFound = (r: ClockRef) =>
  new AppError(404, "legal_clock_not_found", `未找到${r.ownerKind}的期限`, `No legal clock for this ${r.ownerKind}`);
const conflict = (zh: string, en: string) => new AppError(409, "legal_clock_state", zh, en);

function toEntry(e: repo.EntryRow): RecordedEntry {
  const meta = { id: e.id, seq: e.seq, recordedAt: e.recorded_at, recordedBy: e.recorded_by };
  if (e.kind === "pause")
    return { kind: "pause", from: e.from_date as string, to: e.to_date, reason: e.reason as PauseReason, note: e.note, ...meta };
  return {
    kind: "extension",
    days: e.days as number,
    reason: e.reason,
    approvedBy: e.approved_by as string,
    approvedOn: e.approved_on as string,
    ...meta,
  };
}

/** The ledgers of several clocks in one read: clock id → entries in order. */
async function ledgersOf(db: Executor, rows: repo.ClockRow[]): Promise<Map<string, RecordedEntry[]>> {
  const out = new Map<string, RecordedEntry[]>();
  for (const e of await repo.entriesOf(
    db,
    rows.map((r) => r.id),
  ))
    out.set(e.clock_id, [...(out.get(e.clock_id) ?? []), toEntry(e)]);
  return out;
}

function toClock(row: repo.ClockRow, entries: RecordedEntry[]): LegalClock {
  return { start: row.start_date, budget: row.budget_days, ledger: entries, stoppedOn: row.stopped_on };
}

function stored(row: repo.ClockRow, ledger: RecordedEntry[], view: ClockView): StoredClock {
  return {
    id: row.id,
    ownerKind: row.owner_kind,
    ownerId: row.owner_id,
    purpose: row.purpose,
    siteId: row.site_id,
    dueSoonDays: row.due_soon_days,
    clock: toClock(row, ledger),
    ledger,
    view,
  };
}

function derived(view: ClockView, clock: LegalClock) {
  const open = clock.ledger.find((e): e is PauseEntry => e.kind === "pause" && e.to === null);
  return {
    due_date: view.dueDate,
    due_soon_from: view.dueSoonFrom,
    provisional: view.provisional ? 1 : 0,
    uncovered_years: view.uncoveredYears.join(","),
    paused_since: open && !clock.stoppedOn ? open.from : null,
  };
}

/** The calendar a clock needs: from a year before its start to two years past its longest reach. */
async function calendarFor(db: Executor, clock: LegalClock): Promise<Calendar> {
  const days = clock.budget + clock.ledger.reduce((s, e) => s + (e.kind === "extension" ? e.days : 0), 0);
  return loadCalendar(db, clock.start, Math.ceil(days / 200) + 2);
}

export function eventData(c: StoredClock, previousDueDate: string | null, explanation = c.view.explanation): DeadlineEventData {
  return {
    clock: {
      id: c.id,
      ownerKind: c.ownerKind,
      ownerId: c.ownerId,
      purpose: c.purpose,
      siteId: c.siteId,
      dueDate: c.view.dueDate,
      provisional: c.view.provisional,
      uncoveredYears: c.view.uncoveredYears,
    },
    previousDueDate,
    explanation,
  };
}

const roomRefs = (c: StoredClock) => ({ [`${c.ownerKind}Id`]: c.ownerId, clockId: c.id });

/** The district administrator's alert: this clock counts a year the calendar does not cover. */
async function alertProvisional(s: ClockScope, c: StoredClock): Promise<void> {
  await s.emit({ type: "deadline.provisional", siteId: DISTRICT_STREAM, refs: roomRefs(c), data: eventData(c, null) });
}

/** Recomputes a clock from its row and ledger, writes the derived columns, alerts when it turned provisional. */
async function recompute(s: ClockScope, row: repo.ClockRow, ledger: RecordedEntry[], wasProvisional: boolean): Promise<StoredClock> {
  const clock = toClock(row, ledger);
  const view = computeClock(await calendarFor(s.tx, clock), clock, { today: todayOf(s.ctx), dueSoonDays: row.due_soon_days });
  const patch = { ...derived(view, clock), updated_at: s.ctx.clock.now().toISOString() };
  await repo.updateClock(s.tx, row.id, patch);
  const out = stored({ ...row, ...patch }, ledger, view);
  if (view.provisional && !wasProvisional) await alertProvisional(s, out);
  return out;
}

export interface OpenClockInput extends ClockRef {
  siteId: string | null;
  /** The receipt or acceptance day (YYYY-MM-DD, Beijing). */
  start: string;
  /** Working days; 0 = 即办. */
  budget: number;
  dueSoonDays?: number;
}

/** Starts a clock (409 `legal_clock_exists` if the owner has one for this purpose). */
export async function openClock(s: ClockScope, input: OpenClockInput): Promise<StoredClock> {
  validateClock({ start: input.start, budget: input.budget, ledger: [] });
  const purpose = purposeOf(input);
  if (await repo.findClock(s.tx, input.ownerKind, input.ownerId, purpose))
    throw new AppError(409, "legal_clock_exists", "该事项已有此期限", "This record already has this legal clock");
  const at = s.ctx.clock.now().toISOString();
  const row: repo.ClockRow = {
    id: newId(),
    owner_kind: input.ownerKind,
    owner_id: input.ownerId,
    purpose,
    site_id: input.siteId,
    start_date: input.start,
    budget_days: input.budget,
    due_soon_days: input.dueSoonDays ?? 2,
    stopped_on: null,
    due_date: input.start,
    due_soon_from: input.start,
    provisional: 0,
    uncovered_years: "",
    paused_since: null,
    due_soon_flagged_for: null,
    overdue_flagged_for: null,
    created_at: at,
    updated_at: at,
  };
  await repo.insertClock(s.tx, row);
  return recompute(s, row, [], false);
}

/** The clock as of today (null when the owner has none). Reads only: no lock, no write. */
export async function getClock(db: Executor, ctx: Ctx, ref: ClockRef): Promise<StoredClock | null> {
  const row = await repo.findClock(db, ref.ownerKind, ref.ownerId, purposeOf(ref));
  if (!row) return null;
  const ledger = (await repo.entriesOf(db, [row.id])).map(toEntry);
  const clock = toClock(row, ledger);
  const view = computeClock(await calendarFor(db, clock), clock, { today: todayOf(ctx), dueSoonDays: row.due_soon_days });
  return stored(row, ledger, view);
}

/** The clocks of many owners of one kind at once (an inbox page): owner id → clock as of today. */
export async function getClocks(
  db: Executor,
  ctx: Ctx,
  ownerKind: string,
  ownerIds: string[],
  purpose = DEFAULT_PURPOSE,
): Promise<Map<string, StoredClock>> {
  const rows = await repo.findClocks(db, ownerKind, ownerIds, purpose);
  const ledgers = await ledgersOf(db, rows);
  const today = todayOf(ctx);
  const out = new Map<string, StoredClock>();
  if (rows.length === 0) return out;
  const cal = await loadWholeCalendar(db); // a few dozen rows a year: one read for the whole page
  for (const row of rows) {
    const ledger = ledgers.get(row.id) ?? [];
    const clock = toClock(row, ledger);
    out.set(row.owner_id, stored(row, ledger, computeClock(cal, clock, { today, dueSoonDays: row.due_soon_days })));
  }
  return out;
}

/** A clock by its id (a sweep's candidate); with `lock`, its row is held and stale derived columns are rewritten. */
export async function getClockById(s: ClockScope, id: string, opts: { lock?: boolean } = {}): Promise<StoredClock | null> {
  const row = opts.lock ? await repo.lockClock(s.tx, id) : await repo.findClockById(s.tx, id);
  if (!row) return null;
  const ledger = (await repo.entriesOf(s.tx, [row.id])).map(toEntry);
  if (opts.lock) return recompute(s, row, ledger, row.provisional === 1);
  const clock = toClock(row, ledger);
  return stored(
    row,
    ledger,
    computeClock(await calendarFor(s.tx, clock), clock, { today: todayOf(s.ctx), dueSoonDays: row.due_soon_days }),
  );
}

/** Locks the clock's row, then reads its ledger: every write starts here. */
async function locked(s: ClockScope, ref: ClockRef) {
  const found = await repo.findClock(s.tx, ref.ownerKind, ref.ownerId, purposeOf(ref));
  const row = found && (await repo.lockClock(s.tx, found.id));
  if (!row) throw notFound(ref);
  if (row.stopped_on)
    throw conflict(`期限已于${row.stopped_on}停止，不能再修改`, `The clock stopped on ${row.stopped_on}; it cannot change`);
  return { row, ledger: (await repo.entriesOf(s.tx, [row.id])).map(toEntry) };
}

async function append(s: ClockScope, row: repo.ClockRow, ledger: RecordedEntry[], entry: LedgerEntry): Promise<StoredClock> {
  const recorded: RecordedEntry = {
    ...entry,
    id: newId(),
    seq: ledger.length + 1,
    recordedAt: s.ctx.clock.now().toISOString(),
    recordedBy: s.ctx.principal?.kind === "user" ? s.ctx.principal.userId : null,
  };
  const next = [...ledger, recorded];
  validateClock(toClock(row, next));
  await repo.insertEntry(s.tx, {
    id: recorded.id,
    clock_id: row.id,
    seq: recorded.seq,
    kind: entry.kind,
    from_date: entry.kind === "pause" ? entry.from : null,
    to_date: entry.kind === "pause" ? entry.to : null,
    reason: entry.reason,
    note: entry.kind === "pause" ? (entry.note ?? null) : null,
    days: entry.kind === "extension" ? entry.days : null,
    approved_by: entry.kind === "extension" ? entry.approvedBy : null,
    approved_on: entry.kind === "extension" ? entry.approvedOn : null,
    recorded_at: recorded.recordedAt,
    recorded_by: recorded.recordedBy,
  });
  return recompute(s, row, next, row.provisional === 1);
}

export interface PauseInput {
  /** The first day not counted (default today). */
  from?: string;
  reason: PauseReason;
  note?: string | null;
  /** Known already (a closed pause recorded afterwards); usually left open and closed by resumeClock. */
  to?: string | null;
}

/** 特别程序: stops the count (409 `legal_clock_state` while another pause is open). */
export async function pauseClock(s: ClockScope, ref: ClockRef, input: PauseInput): Promise<StoredClock> {
  const { row, ledger } = await locked(s, ref);
  if (ledger.some((e) => e.kind === "pause" && e.to === null)) throw conflict("期限已暂停", "The clock is already paused");
  return append(s, row, ledger, {
    kind: "pause",
    from: input.from ?? todayOf(s.ctx),
    to: input.to ?? null,
    reason: input.reason,
    note: input.note ?? null,
  });
}

/** Ends the open pause: `to` is its last day not counted (default today: counting goes on tomorrow). */
export async function resumeClock(s: ClockScope, ref: ClockRef, input: { to?: string } = {}): Promise<StoredClock> {
  const { row, ledger } = await locked(s, ref);
  const open = ledger.find((e): e is RecordedEntry & PauseEntry => e.kind === "pause" && e.to === null);
  if (!open) throw conflict("期限未暂停", "The clock is not paused");
  const to = input.to ?? todayOf(s.ctx);
  const next = ledger.map((e) => (e === open ? { ...open, to } : e));
  validateClock(toClock(row, next));
  await repo.closePause(s.tx, open.id, to);
  return recompute(s, row, next, row.provisional === 1);
}

/** An approved extension adds working days (the approver is the caller's to check and to name). */
export async function extendClock(s: ClockScope, ref: ClockRef, input: Omit<ExtensionEntry, "kind">): Promise<StoredClock> {
  const { row, ledger } = await locked(s, ref);
  return append(s, row, ledger, { kind: "extension", ...input });
}

/** 办结: the clock is judged on this day from now on (default today). */
export async function stopClock(s: ClockScope, ref: ClockRef, stoppedOn?: string): Promise<StoredClock> {
  const { row, ledger } = await locked(s, ref);
  const day = stoppedOn ?? todayOf(s.ctx);
  const open = ledger.find((e) => e.kind === "pause" && e.to === null) as (RecordedEntry & PauseEntry) | undefined;
  // An open pause ends the day before the stop (finished during a special procedure).
  let next = ledger;
  if (open) {
    const to = day > open.from ? prevDay(day) : open.from;
    await repo.closePause(s.tx, open.id, to);
    next = ledger.map((e) => (e === open ? { ...open, to } : e));
  }
  const stoppedRow = { ...row, stopped_on: day };
  validateClock(toClock(stoppedRow, next));
  await repo.updateClock(s.tx, row.id, { stopped_on: day });
  return recompute(s, stoppedRow, next, row.provisional === 1);
}

const prevDay = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
};

/** Clocks recomputed per transaction after a calendar change: each chunk holds its rows (and streams) briefly. */
export const RECOMPUTE_CHUNK = 200;

/**
 * After a calendar write has committed: recomputes every open clock the changed span can touch,
 * in transactions of `RECOMPUTE_CHUNK` clocks (each row locked and read afresh), emits
 * `deadline.moved` for each whose date moved (or stopped being provisional) and calls its owner's
 * `onMoved` in that transaction. Returns how many were recomputed and moved.
 */
export async function recomputeOpenClocks(
  ctx: Ctx,
  before: Calendar,
  after: Calendar,
  span: { from: string; to: string },
): Promise<{ recomputed: number; moved: number }> {
  const ids = (await repo.openClocksTouching(ctx.db, span.from, span.to)).map((r) => r.id);
  const total = { recomputed: 0, moved: 0 };
  for (let i = 0; i < ids.length; i += RECOMPUTE_CHUNK) {
    const chunk = ids.slice(i, i + RECOMPUTE_CHUNK);
    const r = await retried(() => withEvents(ctx, (tx, emit) => recomputeChunk({ ctx, tx, emit }, before, after, chunk)));
    total.recomputed += r.recomputed;
    total.moved += r.moved;
  }
  return total;
}

/**
 * A chunk holds its clock rows while owners' `onMoved` touch their own rows, the reverse of an
 * owner's write (owner row, then clock): PostgreSQL may pick the chunk as a deadlock victim.
 * The chunk is rolled back whole, so it is simply run again.
 */
async function retried<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (i >= attempts || (code !== "40P01" && code !== "40001")) throw err;
    }
  }
}

async function recomputeChunk(s: ClockScope, before: Calendar, after: Calendar, ids: string[]) {
  const rows: repo.ClockRow[] = [];
  for (const id of [...ids].sort()) {
    const row = await repo.lockClock(s.tx, id);
    if (row && !row.stopped_on) rows.push(row);
  }
  const entries = await ledgersOf(s.tx, rows);
  const today = todayOf(s.ctx);
  const out = { recomputed: 0, moved: 0 };
  for (const row of rows) {
    const ledger = entries.get(row.id) ?? [];
    const clock = toClock(row, ledger);
    const effect = explainCalendarChange(before, after, clock, { today, dueSoonDays: row.due_soon_days });
    const patch = derived(effect.after, clock);
    if (patch.due_date === row.due_date && patch.provisional === row.provisional && patch.due_soon_from === row.due_soon_from) continue;
    out.recomputed++;
    await repo.updateClock(s.tx, row.id, { ...patch, updated_at: s.ctx.clock.now().toISOString() });
    if (!effect.moved && !effect.confirmed) continue;
    if (effect.moved) out.moved++;
    const c = stored({ ...row, ...patch }, ledger, effect.after);
    await s.emit({
      type: "deadline.moved",
      siteId: c.siteId ?? DISTRICT_STREAM,
      refs: roomRefs(c),
      data: eventData(c, row.due_date, effect.explanation),
    });
    await owners.get(row.owner_kind)?.onMoved?.(s, c, effect);
  }
  return out;
}

/** For the district administrator's warning: per year not covered, open clocks counted Monday–Friday in it. */
export async function provisionalYears(db: Executor): Promise<{ year: number; openClocks: number; earliestDue: string }[]> {
  const byYear = new Map<number, { year: number; openClocks: number; earliestDue: string }>();
  for (const r of await repo.provisionalOpenClocks(db))
    for (const y of r.uncovered_years.split(",").filter(Boolean).map(Number)) {
      const cur = byYear.get(y) ?? { year: y, openClocks: 0, earliestDue: r.due_date };
      cur.openClocks++;
      if (r.due_date < cur.earliestDue) cur.earliestDue = r.due_date;
      byYear.set(y, cur);
    }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
