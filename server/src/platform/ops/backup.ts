import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import SQLite from "better-sqlite3";
import type { Config } from "../../config.js";
import { type Manifest, writeArchive } from "./archive.js";
import { pgEnv, run, withClient } from "./pgtools.js";

/** Folders of DATA_DIR whose files belong to the data (the file store: samples, documents, uploads). */
export const FILE_FOLDERS = ["files"];
export const SQLITE_ENTRY = "db/govhall.sqlite";
export const PG_ENTRY = "db/govhall.pgdump";

export type BackupConfig = Pick<Config, "dataDir" | "databaseUrl" | "version">;

export function sqliteFile(config: Pick<Config, "dataDir">): string {
  return path.join(config.dataDir, "govhall.sqlite");
}

function listFiles(root: string, prefix: string): { name: string; file: string }[] {
  if (!fs.existsSync(root)) return [];
  const out: { name: string; file: string }[] = [];
  for (const d of fs.readdirSync(root, { withFileTypes: true })) {
    const file = path.join(root, d.name);
    const name = `${prefix}/${d.name}`;
    if (d.isDirectory()) out.push(...listFiles(file, name));
    else if (d.isFile()) out.push({ name, file });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * SQLite's online backup in a worker thread with its own connection. All pages are copied in one
 * step: a backup that copies in small steps starts over whenever another connection writes, so
 * under steady traffic it would never end. The step holds only a read lock (WAL: writers go on),
 * and in a worker it does not stall the thread that serves requests.
 */
function sqliteOnlineBackup(src: string, dest: string): Promise<void> {
  const require = createRequire(import.meta.url);
  return new Promise((resolve, reject) => {
    const worker = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const db = new (require(workerData.driver))(workerData.src, { fileMustExist: true });
       db.pragma("busy_timeout = 10000");
       db.backup(workerData.dest, { progress: () => 0x7fffffff }).then(
         () => { db.close(); parentPort.postMessage({ ok: true }); },
         (err) => { db.close(); parentPort.postMessage({ ok: false, message: String(err && err.message || err) }); },
       );`,
      { eval: true, workerData: { driver: require.resolve("better-sqlite3"), src, dest } },
    );
    worker.once("message", (m: { ok: boolean; message?: string }) =>
      m.ok ? resolve() : reject(new Error(`SQLite backup failed: ${m.message}`)),
    );
    worker.once("error", reject);
  });
}

const noSchema = () =>
  new Error("数据库中没有 govhall 的数据（尚未迁移）/ The database holds no govhall schema yet (never migrated): nothing to back up");

async function sqliteMigrations(file: string): Promise<string[]> {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const has = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    if (!has) return [];
    return (db.prepare("select name from kysely_migration order by name").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

/**
 * Makes one backup file of the database and the file store while the server keeps serving:
 * SQLite through its online backup API (a consistent copy page by page, writers go on), PostgreSQL
 * through pg_dump (one snapshot). Returns the manifest written.
 */
export async function createBackup(config: BackupConfig, out: string, now: Date = new Date()): Promise<Manifest> {
  const target = path.resolve(out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-backup-"));
  try {
    let engine: Manifest["engine"];
    let migrations: string[];
    let dbEntry: { name: string; file: string };
    if (config.databaseUrl) {
      engine = "postgres";
      const url = config.databaseUrl;
      migrations = await withClient(url, async (c) => {
        const has = await c.query("select to_regclass('kysely_migration') as t");
        if (!has.rows[0]?.t) return [];
        return (await c.query<{ name: string }>("select name from kysely_migration order by name")).rows.map((r) => r.name);
      });
      if (!migrations.length) throw noSchema();
      const file = path.join(tmp, "govhall.pgdump");
      await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`], pgEnv(url));
      dbEntry = { name: PG_ENTRY, file };
    } else {
      engine = "sqlite";
      const src = sqliteFile(config);
      if (!fs.existsSync(src)) throw noSchema();
      const file = path.join(tmp, "govhall.sqlite");
      await sqliteOnlineBackup(src, file);
      // The copy is a plain database (no WAL beside it), its schema the one of that instant.
      migrations = await sqliteMigrations(file);
      if (!migrations.length) throw noSchema();
      dbEntry = { name: SQLITE_ENTRY, file };
    }
    const files = FILE_FOLDERS.flatMap((f) => listFiles(path.join(config.dataDir, f), f));
    return await writeArchive(
      target,
      {
        format: "govhall-backup",
        formatVersion: 1,
        appVersion: config.version,
        engine,
        schemaVersion: migrations[migrations.length - 1] as string,
        migrations,
        createdAt: now.toISOString(),
      },
      [dbEntry, ...files],
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const ROTATED = /^govhall-(sqlite|postgres)-\d{8}T\d{6}Z\.tar\.gz$/;

/** A backup into `dir` named by its time, then only the newest `keep` of those kept. */
export async function rotatingBackup(
  config: BackupConfig,
  dir: string,
  keep: number,
  now: Date = new Date(),
): Promise<{ file: string; manifest: Manifest; removed: string[] }> {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const engine = config.databaseUrl ? "postgres" : "sqlite";
  const file = path.join(dir, `govhall-${engine}-${stamp}.tar.gz`);
  const manifest = await createBackup(config, file, now);
  const all = fs
    .readdirSync(dir)
    .filter((n) => ROTATED.test(n) && n.startsWith(`govhall-${engine}-`))
    .sort();
  const removed = all.slice(0, Math.max(0, all.length - keep));
  for (const n of removed) fs.rmSync(path.join(dir, n), { force: true });
  return { file, manifest, removed };
}
