import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, type Migration, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import * as m0001 from "./migrations/20261127_0001_foundation.js";
import * as m0002 from "./migrations/20261127_0002_queue.js";
import * as m0003 from "./migrations/20261127_0003_waiting_counter.js";
import type { Database, Db } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

// Integers (COUNT, BIGSERIAL) come back from pg as strings; our values fit in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function openDatabase(opts: { databaseUrl?: string; dataDir: string; file?: string }): DbHandle {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the process;
    // the pool replaces it on next use.
    pool.on("error", () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", close: () => db.destroy() };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const file = opts.file ?? path.join(opts.dataDir, "govhall.sqlite");
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: "sqlite", close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; on SQLite preparing costs as much as running a small query.
 * The same SQL text gets the same prepared statement (better-sqlite3 statements are synchronous,
 * so reuse is safe); the cache is bounded.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= 1000) cache.clear();
        stmt = sqlite.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

/** One ordered set of migrations for both engines; each knows which engine it runs on. */
function provider(dialect: Dialect): MigrationProvider {
  const all: Record<string, { up: (db: Kysely<never>, d: Dialect) => Promise<void> }> = {
    "20261127_0001_foundation": m0001,
    "20261127_0002_queue": m0002,
    "20261127_0003_waiting_counter": m0003,
  };
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, mod] of Object.entries(all)) out[name] = { up: (db) => mod.up(db as never, dialect) };
      return out;
    },
  };
}

export async function migrate(handle: DbHandle): Promise<void> {
  const migrator = new Migrator({ db: handle.db, provider: provider(handle.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    throw new Error(`Migration ${failed ?? ""} failed: ${String(error)}`);
  }
}
