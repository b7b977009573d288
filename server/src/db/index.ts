import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import SQLite from "better-sqlite3";
import { Kysely, type LogEvent, type Migration, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import * as m0001 from "./migrations/20261127_0001_foundation.js";
import * as m0002 from "./migrations/20261127_0002_queue.js";
import * as m0003 from "./migrations/20261127_0003_waiting_counter.js";
import * as m0004 from "./migrations/20261127_0004_catalog.js";
import * as m0005 from "./migrations/20261127_0005_catalog_coverage.js";
import * as m0006 from "./migrations/20261127_0006_appointments.js";
import * as m0007 from "./migrations/20261127_0007_queue_partial_indexes.js";
import * as m0008 from "./migrations/20261127_0008_tickets_open.js";
import * as m0009 from "./migrations/20261127_0009_appointments_rebook_index.js";
import * as m0010events from "./migrations/20261203_0010_events.js";
import * as m0011g from "./migrations/20261203_0011_grant_scopes.js";
import * as m0012sched from "./migrations/20261203_0012_scheduler_jobs.js";
import * as m0013 from "./migrations/20261203_0013_numbering_documents_files.js";
import * as m0018 from "./migrations/20261203_0018_personal_data_reads.js";
import * as m0019 from "./migrations/20261203_0019_device_pairings.js";
import * as m0020 from "./migrations/20261204_0020_hardening.js";
import * as m0021 from "./migrations/20261204_0021_service_totals.js";
import * as m0070 from "./migrations/20261204_0070_legal_clocks.js";
import * as m0050cases from "./migrations/20261205_0050_cases.js";
import * as m0051q from "./migrations/20261205_0051_queue_site_summaries.js";
import type { Database, Db } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
  /** SQLite: the database file (backups, WAL size). */
  file?: string;
  /** PostgreSQL: the connection pool (pool metrics). */
  pool?: pg.Pool;
}

// Integers (COUNT, BIGSERIAL) come back from pg as strings; our values fit in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/** How often the WAL is checkpointed, and how long it may grow before the next writer restarts it. */
export interface CheckpointPolicy {
  everyMs: number;
  restartFrames: number;
}
const DEFAULT_CHECKPOINTS: CheckpointPolicy = { everyMs: 1000, restartFrames: 4096 };

export function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  file?: string;
  checkpoints?: CheckpointPolicy;
  /** Sees the SQL of every query run (tests that check query plans). */
  onQuery?: (sql: string) => void;
}): DbHandle {
  const onQuery = opts.onQuery;
  const log = onQuery ? (e: LogEvent) => onQuery(e.query.sql) : undefined;
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the process;
    // the pool replaces it on next use.
    pool.on("error", () => undefined);
    // A connection lost while checked out (in a query or a transaction) fails that query; pg also
    // emits "error" on the client, which with no listener would end the process.
    pool.on("connect", (client) => client.on("error", () => undefined));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    return { db, dialect: "postgres", close: () => db.destroy(), pool };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const file = opts.file ?? path.join(opts.dataDir, "govhall.sqlite");
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // A hall's working set (today's tickets and their indexes) stays in memory.
  sqlite.pragma("cache_size = -65536");
  sqlite.pragma("temp_store = memory");
  const checkpointer = startCheckpointer(sqlite, file, opts.checkpoints ?? DEFAULT_CHECKPOINTS);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log });
  return {
    db,
    dialect: "sqlite",
    file,
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}

/**
 * Moving the WAL into the database file (a checkpoint) ends in an fsync that can take hundreds of
 * milliseconds here; done by the connection that happens to commit, it stalls every request
 * behind it. So the serving connection never checkpoints: a worker thread with its own
 * connection runs a passive checkpoint every second (WAL mode lets it run beside writers), and a
 * full one at shutdown. Committed transactions are in the WAL either way, so a crash loses none.
 */
function startCheckpointer(sqlite: SQLite.Database, file: string, policy: CheckpointPolicy): { stop(): Promise<void> } {
  if (file === ":memory:") return { stop: async () => undefined };
  sqlite.pragma("wal_autocheckpoint = 0");
  const require = createRequire(import.meta.url);
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     const db = new (require(workerData.driver))(workerData.file);
     db.pragma("busy_timeout = 5000");
     const tick = () => {
       try {
         const r = db.pragma("wal_checkpoint(PASSIVE)")[0];
         // Under a steady stream of commits a passive checkpoint never catches up with the last
         // frame, so the WAL would never restart and grows without end. Once it is long, finish
         // the few frames left and make the next writer start the WAL from the beginning.
         if (r && r.log >= workerData.restartFrames) db.pragma("wal_checkpoint(RESTART)");
       } catch {}
     };
     const timer = setInterval(tick, workerData.everyMs);
     parentPort.on("message", () => { clearInterval(timer); try { db.pragma("wal_checkpoint(TRUNCATE)"); } catch {} db.close(); process.exit(0); });`,
    { eval: true, workerData: { driver: require.resolve("better-sqlite3"), file, ...policy } },
  );
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        // Keep the process alive until the worker has finished its last checkpoint.
        worker.ref();
        worker.once("exit", () => resolve());
        worker.postMessage("stop");
      }),
  };
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
    prepare(text: string) {
      // Transactions take the write lock at BEGIN: a writer that waits for the checkpointer then
      // waits holding nothing, instead of failing to upgrade a read lock with SQLITE_BUSY.
      const sql = text === "begin" ? "begin immediate" : text;
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
    "20261127_0004_catalog": m0004,
    "20261127_0005_catalog_coverage": m0005,
    "20261127_0006_appointments": m0006,
    "20261127_0007_queue_partial_indexes": m0007,
    "20261127_0008_tickets_open": m0008,
    "20261127_0009_appointments_rebook_index": m0009,
    "20261203_0010_events": m0010events,
    "20261203_0018_personal_data_reads": m0018,
    "20261203_0012_scheduler_jobs": m0012sched,
    "20261203_0013_numbering_documents_files": m0013,
    "20261203_0011_grant_scopes": m0011g,
    "20261203_0019_device_pairings": m0019,
    "20261204_0020_hardening": m0020,
    "20261204_0021_service_totals": m0021,
    "20261204_0070_legal_clocks": m0070,
    "20261205_0050_cases": m0050cases,
    "20261205_0051_queue_site_summaries": m0051q,
  };
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, mod] of Object.entries(all)) out[name] = { up: (db) => mod.up(db as never, dialect) };
      return out;
    },
  };
}

/** Applies the migrations up to and including `name` only (tests of a migration's data step). */
export async function migrateUpTo(handle: DbHandle, name: string): Promise<void> {
  const migrator = new Migrator({ db: handle.db, provider: provider(handle.dialect), allowUnorderedMigrations: true });
  const { error } = await migrator.migrateTo(name);
  if (error) throw new Error(`Migration to ${name} failed: ${String(error)}`);
}

export async function migrate(handle: DbHandle): Promise<void> {
  // Migrations are numbered by the issue that brought them and may land out of order (0006 after
  // 0007 was applied somewhere): each is independent of the ones numbered after it.
  const migrator = new Migrator({ db: handle.db, provider: provider(handle.dialect), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    throw new Error(`Migration ${failed ?? ""} failed: ${String(error)}`);
  }
}

/** Which migrations this database has applied, and which of this release's it still lacks. */
export async function migrationStatus(handle: DbHandle): Promise<{ applied: string[]; pending: string[] }> {
  const migrator = new Migrator({ db: handle.db, provider: provider(handle.dialect), allowUnorderedMigrations: true });
  const all = await migrator.getMigrations();
  return {
    applied: all.filter((m) => m.executedAt).map((m) => m.name),
    pending: all.filter((m) => !m.executedAt).map((m) => m.name),
  };
}

/** The names of this release's migrations, in order. */
export async function migrationNames(): Promise<string[]> {
  return Object.keys(await provider("sqlite").getMigrations()).sort();
}
