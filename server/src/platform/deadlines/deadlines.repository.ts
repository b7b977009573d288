import type { Executor, Row } from "../../db/schema.js";

export type ClockRow = Row<"legal_clocks">;
export type EntryRow = Row<"legal_clock_entries">;

export async function insertClock(db: Executor, row: ClockRow): Promise<void> {
  await db.insertInto("legal_clocks").values(row).execute();
}

export async function findClock(db: Executor, ownerKind: string, ownerId: string, purpose: string): Promise<ClockRow | undefined> {
  return db
    .selectFrom("legal_clocks")
    .selectAll()
    .where("owner_kind", "=", ownerKind)
    .where("owner_id", "=", ownerId)
    .where("purpose", "=", purpose)
    .executeTakeFirst();
}

export async function findClocks(db: Executor, ownerKind: string, ownerIds: string[], purpose: string): Promise<ClockRow[]> {
  const out: ClockRow[] = [];
  for (let i = 0; i < ownerIds.length; i += 500)
    out.push(
      ...(await db
        .selectFrom("legal_clocks")
        .selectAll()
        .where("owner_kind", "=", ownerKind)
        .where("purpose", "=", purpose)
        .where("owner_id", "in", ownerIds.slice(i, i + 500))
        .execute()),
    );
  return out;
}

export async function findClockById(db: Executor, id: string): Promise<ClockRow | undefined> {
  return db.selectFrom("legal_clocks").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Reads the clock and holds its row until the transaction ends (a no-op update: the portable row lock). */
export async function lockClock(db: Executor, id: string): Promise<ClockRow | undefined> {
  return db
    .updateTable("legal_clocks")
    .set((eb) => ({ updated_at: eb.ref("updated_at") }))
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function entriesOf(db: Executor, clockIds: string[]): Promise<EntryRow[]> {
  if (clockIds.length === 0) return [];
  const out: EntryRow[] = [];
  for (let i = 0; i < clockIds.length; i += 500)
    out.push(
      ...(await db
        .selectFrom("legal_clock_entries")
        .selectAll()
        .where("clock_id", "in", clockIds.slice(i, i + 500))
        .orderBy("clock_id")
        .orderBy("seq")
        .execute()),
    );
  return out;
}

export async function insertEntry(db: Executor, row: EntryRow): Promise<void> {
  await db.insertInto("legal_clock_entries").values(row).execute();
}

export async function closePause(db: Executor, entryId: string, to: string): Promise<void> {
  await db.updateTable("legal_clock_entries").set({ to_date: to }).where("id", "=", entryId).execute();
}

export async function updateClock(db: Executor, id: string, patch: Partial<ClockRow>): Promise<void> {
  await db.updateTable("legal_clocks").set(patch).where("id", "=", id).execute();
}

/** Open clocks a change of the days `from`..`to` may move: started before `to`, due on or after `from`, or provisional, or paused. */
export async function openClocksTouching(db: Executor, from: string, to: string): Promise<ClockRow[]> {
  return db
    .selectFrom("legal_clocks")
    .selectAll()
    .where("stopped_on", "is", null)
    .where("start_date", "<", to)
    .where((eb) => eb.or([eb("due_date", ">=", from), eb("provisional", "=", 1), eb("paused_since", "is not", null)]))
    .orderBy("id")
    .execute();
}

/** Open, running clocks of a kind whose due-soon (or overdue) flag is not yet raised for their present due date. */
export async function sweepCandidates(db: Executor, ownerKind: string, which: "due_soon" | "overdue", today: string, limit: number) {
  let q = db
    .selectFrom("legal_clocks")
    .select("id")
    .where("owner_kind", "=", ownerKind)
    .where("stopped_on", "is", null)
    .where("paused_since", "is", null);
  q =
    which === "overdue"
      ? q
          .where("due_date", "<", today)
          .where((eb) => eb.or([eb("overdue_flagged_for", "is", null), eb("overdue_flagged_for", "!=", eb.ref("due_date"))]))
      : q
          .where("due_date", ">=", today)
          .where("due_soon_from", "<=", today)
          .where((eb) => eb.or([eb("due_soon_flagged_for", "is", null), eb("due_soon_flagged_for", "!=", eb.ref("due_date"))]));
  return (await q.orderBy("due_date").orderBy("id").limit(limit).execute()).map((r) => r.id);
}

/** Raises the flag for the clock's present due date; false when another run raised it first. */
export async function raiseFlag(db: Executor, id: string, which: "due_soon" | "overdue", at: string): Promise<boolean> {
  const col = which === "overdue" ? "overdue_flagged_for" : "due_soon_flagged_for";
  const r = await db
    .updateTable("legal_clocks")
    .set((eb) => ({ [col]: eb.ref("due_date"), updated_at: at }))
    .where("id", "=", id)
    .where("stopped_on", "is", null)
    .where((eb) => eb.or([eb(col, "is", null), eb(col, "!=", eb.ref("due_date"))]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open clocks counted Monday–Friday in some year: how many per year, the earliest due date. */
export async function provisionalOpenClocks(db: Executor): Promise<Pick<ClockRow, "uncovered_years" | "due_date">[]> {
  return db
    .selectFrom("legal_clocks")
    .select(["uncovered_years", "due_date"])
    .where("stopped_on", "is", null)
    .where("provisional", "=", 1)
    .execute();
}
