import { sql } from "kysely";
import type { Db } from "../../db/schema.js";

/**
 * The few read-only figures the metrics read at scrape time. These read module tables (a view for
 * operations, never a write and never a rule); everything else is counted as it happens.
 */
export async function waitingPerQueue(db: Db, serviceDate: string): Promise<{ site: string; queue: string; waiting: number }[]> {
  const rows = await db
    .selectFrom("queue_counters as c")
    .innerJoin("queues as q", "q.id", "c.queue_id")
    .innerJoin("sites as s", "s.id", "q.site_id")
    .select(["s.code as site", "q.prefix as queue", "c.waiting"])
    .where("c.service_date", "=", serviceDate)
    .execute();
  return rows.map((r) => ({ site: r.site, queue: r.queue, waiting: Number(r.waiting) }));
}

export async function outboxByState(db: Db): Promise<{ state: string; n: number; oldest: string | null }[]> {
  const rows = await db
    .selectFrom("outbox")
    .select(["state", (e) => e.fn.countAll<number>().as("n"), (e) => e.fn.min("created_at").as("oldest")])
    .where("state", "in", ["pending", "failed"])
    .groupBy("state")
    .execute();
  return rows.map((r) => ({ state: r.state, n: Number(r.n), oldest: (r.oldest as string | null) ?? null }));
}

export async function lastCalendarYear(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom("calendar_years")
    .select((e) => e.fn.max("year").as("year"))
    .executeTakeFirst();
  return row?.year == null ? null : Number(row.year);
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
