import type { Executor, Row } from "../../db/schema.js";

export async function coveredYears(db: Executor): Promise<Row<"calendar_years">[]> {
  return db.selectFrom("calendar_years").selectAll().orderBy("year").execute();
}

export async function daysBetween(db: Executor, from: string, to: string): Promise<Row<"calendar_days">[]> {
  return db.selectFrom("calendar_days").selectAll().where("date", ">=", from).where("date", "<=", to).orderBy("date").execute();
}

export async function getDay(db: Executor, date: string): Promise<Row<"calendar_days"> | undefined> {
  return db.selectFrom("calendar_days").selectAll().where("date", "=", date).executeTakeFirst();
}

export async function upsertDay(db: Executor, row: Row<"calendar_days">): Promise<void> {
  await db
    .insertInto("calendar_days")
    .values(row)
    .onConflict((oc) => oc.column("date").doUpdateSet({ kind: row.kind, name: row.name }))
    .execute();
}

export async function deleteDay(db: Executor, date: string): Promise<void> {
  await db.deleteFrom("calendar_days").where("date", "=", date).execute();
}

export async function replaceYear(db: Executor, year: number, days: Row<"calendar_days">[], source: string, at: string): Promise<void> {
  await db.deleteFrom("calendar_days").where("date", ">=", `${year}-01-01`).where("date", "<=", `${year}-12-31`).execute();
  for (let i = 0; i < days.length; i += 200)
    await db
      .insertInto("calendar_days")
      .values(days.slice(i, i + 200))
      .execute();
  await db
    .insertInto("calendar_years")
    .values({ year, source, updated_at: at })
    .onConflict((oc) => oc.column("year").doUpdateSet({ source, updated_at: at }))
    .execute();
}
