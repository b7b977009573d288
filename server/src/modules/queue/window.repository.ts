import { SqliteAdapter } from "kysely";
import { precompiled } from "../../db/precompiled.js";
import type { Executor, NewRow, Row } from "../../db/schema.js";

/** All SQL of a window's desk: its state (open, paused, closed; who sits there) and its sessions. */

// ---- window state ---------------------------------------------------------------------------

const windowStateQ = precompiled((db, windowId: string) => db.selectFrom("window_states").selectAll().where("window_id", "=", windowId));
export async function windowState(db: Executor, windowId: string): Promise<Row<"window_states"> | undefined> {
  return (await windowStateQ(db, windowId))[0];
}

/**
 * Reads a window's state and holds it until the transaction ends: every window action starts
 * here, so two actions at one window (a double click, a terminal and a browser) run one after the
 * other on PostgreSQL as they do on SQLite. A no-op update is the portable row lock.
 */
export async function lockWindowState(db: Executor, windowId: string): Promise<Row<"window_states"> | undefined> {
  // SQLite transactions hold the database's one write lock from BEGIN (db/index.ts), so a read is
  // enough there; rewriting the row would only add a page to every commit.
  if (db.getExecutor().adapter instanceof SqliteAdapter) return windowState(db, windowId);
  return db
    .updateTable("window_states")
    .set((eb) => ({ window_id: eb.ref("window_id") }))
    .where("window_id", "=", windowId)
    .returningAll()
    .executeTakeFirst();
}

/** Makes sure a window has a state row to lock (a window never opened before has none). */
export async function ensureWindowState(db: Executor, windowId: string, siteId: string, at: string): Promise<void> {
  await db
    .insertInto("window_states")
    .values({
      window_id: windowId,
      site_id: siteId,
      state: "closed",
      user_id: null,
      post: null,
      pause_reason: null,
      since: at,
      normal_streak: 0,
    })
    .onConflict((oc) => oc.column("window_id").doNothing())
    .execute();
}

export async function windowStatesOfSite(db: Executor, siteId: string): Promise<Row<"window_states">[]> {
  return db.selectFrom("window_states").selectAll().where("site_id", "=", siteId).execute();
}

export async function openWindowOfUser(db: Executor, userId: string): Promise<Row<"window_states"> | undefined> {
  return db.selectFrom("window_states").selectAll().where("user_id", "=", userId).where("state", "!=", "closed").executeTakeFirst();
}

export async function upsertWindowState(db: Executor, row: Row<"window_states">): Promise<void> {
  const { window_id: _w, ...rest } = row;
  await db
    .insertInto("window_states")
    .values(row)
    .onConflict((oc) => oc.column("window_id").doUpdateSet(rest))
    .execute();
}

export async function updateWindowState(db: Executor, windowId: string, patch: Partial<Row<"window_states">>): Promise<void> {
  await db.updateTable("window_states").set(patch).where("window_id", "=", windowId).execute();
}

export async function openSession(db: Executor, windowId: string): Promise<Row<"window_sessions"> | undefined> {
  return db.selectFrom("window_sessions").selectAll().where("window_id", "=", windowId).where("closed_at", "is", null).executeTakeFirst();
}

export async function insertSession(db: Executor, row: NewRow<"window_sessions">): Promise<void> {
  await db.insertInto("window_sessions").values(row).execute();
}

export async function updateSession(db: Executor, id: string, patch: Partial<Row<"window_sessions">>): Promise<void> {
  await db.updateTable("window_sessions").set(patch).where("id", "=", id).execute();
}

export async function sessionsOn(db: Executor, siteId: string, date: string): Promise<Row<"window_sessions">[]> {
  return db.selectFrom("window_sessions").selectAll().where("site_id", "=", siteId).where("service_date", "=", date).execute();
}
