import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Database, Executor, NewRow, Row } from "../../db/schema.js";
import type { RecordFilter } from "../../platform/auth/access.js";
import "./cases.tables.js";

/** All SQL of cases: rows in, rows out, no rules. */
export type CaseRow = Row<"cases">;

export async function insertCase(db: Executor, row: NewRow<"cases">): Promise<void> {
  await db.insertInto("cases").values(row).execute();
}

export async function findCase(db: Executor, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findByNumber(db: Executor, number: string): Promise<CaseRow | undefined> {
  return db.selectFrom("cases").selectAll().where("number", "=", number).executeTakeFirst();
}

/**
 * Moves a case only if it is still in the state it was read in (and, for a claim, still
 * unclaimed): two windows or processors racing for one case never both succeed.
 */
export async function transition(
  db: Executor,
  id: string,
  from: string,
  patch: Partial<CaseRow>,
  opts: { unclaimed?: boolean } = {},
): Promise<boolean> {
  let q = db.updateTable("cases").set(patch).where("id", "=", id).where("state", "=", from);
  if (opts.unclaimed) q = q.where("handler_id", "is", null);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateCase(db: Executor, id: string, patch: Partial<CaseRow>): Promise<void> {
  await db.updateTable("cases").set(patch).where("id", "=", id).execute();
}

export async function insertStep(db: Executor, row: NewRow<"case_steps">): Promise<void> {
  await db.insertInto("case_steps").values(row).execute();
}

export async function stepsOf(db: Executor, caseId: string): Promise<Row<"case_steps">[]> {
  return db.selectFrom("case_steps").selectAll().where("case_id", "=", caseId).orderBy("at").orderBy("id").execute();
}

export async function insertChase(db: Executor, row: NewRow<"case_chases">): Promise<boolean> {
  const r = await db
    .insertInto("case_chases")
    .values(row)
    .onConflict((oc) => oc.columns(["case_id", "due_date"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return r !== undefined;
}

export async function chasesOf(db: Executor, caseId: string): Promise<Row<"case_chases">[]> {
  return db.selectFrom("case_chases").selectAll().where("case_id", "=", caseId).orderBy("created_at").execute();
}

export interface CaseFilter {
  access: RecordFilter;
  siteId?: string;
  departmentId?: string;
  states?: string[];
  dueFlag?: string;
  handlerId?: string;
  unclaimed?: boolean;
  itemCode?: string;
  number?: string;
  numberSuffix?: string;
  idNumber?: string;
  receivedFrom?: string;
  receivedTo?: string;
}

/** The caller's reach as one OR: site_id IN … OR department_id IN … OR handler_id = … (docs/decisions.md). */
function reach(f: RecordFilter) {
  return (eb: ExpressionBuilder<Database, "cases">) => {
    if (f.all) return eb.lit(true);
    const ors: Expression<SqlBool>[] = [];
    if (f.siteIds.length > 0) ors.push(eb("site_id", "in", f.siteIds));
    if (f.departmentIds.length > 0) ors.push(eb("department_id", "in", f.departmentIds));
    if (f.handlerId) ors.push(eb("handler_id", "=", f.handlerId));
    return ors.length > 0 ? eb.or(ors) : eb.lit(false);
  };
}

function filtered(db: Executor, f: CaseFilter) {
  let q = db.selectFrom("cases").where(reach(f.access));
  if (f.siteId) q = q.where("site_id", "=", f.siteId);
  if (f.departmentId) q = q.where("department_id", "=", f.departmentId);
  if (f.states && f.states.length > 0) q = q.where("state", "in", f.states);
  if (f.dueFlag) q = q.where("due_flag", "=", f.dueFlag);
  if (f.handlerId) q = q.where("handler_id", "=", f.handlerId);
  if (f.unclaimed) q = q.where("handler_id", "is", null);
  if (f.itemCode) q = q.where("item_code", "=", f.itemCode);
  if (f.number) q = q.where("number", "=", f.number);
  if (f.numberSuffix) q = q.where("number", "like", `%${f.numberSuffix}号`);
  if (f.idNumber) q = q.where("applicant_id_number", "=", f.idNumber);
  if (f.receivedFrom) q = q.where("received_at", ">=", f.receivedFrom);
  if (f.receivedTo) q = q.where("received_at", "<", f.receivedTo);
  return q;
}

export async function listCases(
  db: Executor,
  f: CaseFilter,
  sort: "due" | "received",
  limit: number,
  offset: number,
): Promise<{ rows: CaseRow[]; total: number }> {
  let q = filtered(db, f).selectAll();
  // Due soonest first; cases with no due date yet (not accepted) after, oldest receipt first.
  q =
    sort === "due"
      ? q
          .orderBy("due_date", (o) => o.asc().nullsLast())
          .orderBy("received_at")
          .orderBy("id")
      : q.orderBy("received_at", "desc").orderBy("id");
  const rows = await q.limit(limit).offset(offset).execute();
  const total = await filtered(db, f)
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirst();
  return { rows, total: Number(total?.n ?? 0) };
}

/** Cases still waiting for a decision on acceptance (the 5-working-day rule): received, no correction notice. */
export async function awaitingAcceptance(db: Executor, receivedBefore: string, limit: number): Promise<CaseRow[]> {
  return db
    .selectFrom("cases")
    .selectAll()
    .where("state", "in", ["received", "supplied"])
    .where("received_at", "<", receivedBefore)
    .orderBy("received_at")
    .limit(limit)
    .execute();
}

/** Open cases on the clock with a due date on or before `until` (due-soon and overdue sweeps). */
export async function dueBy(db: Executor, until: string, states: string[], limit: number): Promise<CaseRow[]> {
  return db
    .selectFrom("cases")
    .selectAll()
    .where("state", "in", states)
    .where("due_date", "<=", until)
    .orderBy("due_date")
    .limit(limit)
    .execute();
}

/** Open cases whose clock runs into a year the calendar did not cover (recomputed when it is imported). */
export async function provisionalCases(db: Executor, limit: number): Promise<CaseRow[]> {
  return db.selectFrom("cases").selectAll().where("due_provisional", "=", 1).limit(limit).execute();
}
