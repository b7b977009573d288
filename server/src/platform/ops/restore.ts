import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { migrate, migrationNames, openDatabase } from "../../db/index.js";
import { BackupError, type Manifest, readArchive } from "./archive.js";
import { type BackupConfig, FILE_FOLDERS, PG_ENTRY, SQLITE_ENTRY, sqliteFile } from "./backup.js";
import { databaseOf, ident, pgEnv, run, withClient, withDatabase } from "./pgtools.js";

export interface RestoreResult {
  manifest: Manifest;
  /** Migrations of this release applied on top of the backup's schema. */
  migrated: string[];
  /** Where the data it replaced was kept (a file, or a PostgreSQL database), if there was any. */
  previous: string[];
}

const stampOf = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "z")
    .toLowerCase();

/**
 * Restores a backup file over the configured database and DATA_DIR file store. Everything is
 * checked first (format, every checksum, the engine, whether this release knows the schema), the
 * data is restored into a fresh copy beside the live one and migrated to this release, and only
 * then swapped in; what it replaced is kept aside, named in the result. A refusal changes nothing.
 * Stop the servers before restoring.
 */
export async function restoreBackup(config: BackupConfig, file: string, now: Date = new Date()): Promise<RestoreResult> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(config.dataDir, ".restore-"));
  try {
    const manifest = await readArchive(path.resolve(file), staging);
    const engine = config.databaseUrl ? "postgres" : "sqlite";
    if (manifest.engine !== engine) {
      throw new BackupError(
        `这是 ${manifest.engine} 的备份，当前配置使用 ${engine} / This is a ${manifest.engine} backup and this server is configured for ${engine}; nothing was changed`,
      );
    }
    const known = await migrationNames();
    const unknown = manifest.migrations.filter((m) => !known.includes(m));
    if (unknown.length) {
      throw new BackupError(
        `备份来自更新的版本（${manifest.schemaVersion}）/ The backup was made by a newer release (schema ${manifest.schemaVersion}, unknown here: ${unknown.join(", ")}); install that release or a later one; nothing was changed`,
      );
    }
    const migrated = known.filter((m) => !manifest.migrations.includes(m));
    const stamp = stampOf(now);
    const previous =
      engine === "sqlite"
        ? await swapSqlite(config, path.join(staging, SQLITE_ENTRY), stamp)
        : await restorePostgres(config.databaseUrl as string, path.join(staging, PG_ENTRY), stamp);
    previous.push(...swapFiles(config.dataDir, staging, stamp));
    return { manifest, migrated, previous };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function migrateCopy(databaseUrl: string | undefined, dataDir: string, file?: string): Promise<void> {
  const handle = openDatabase({ databaseUrl, dataDir, file });
  try {
    await migrate(handle);
  } finally {
    await handle.close();
  }
}

async function swapSqlite(config: BackupConfig, staged: string, stamp: string): Promise<string[]> {
  const check = new SQLite(staged, { fileMustExist: true });
  try {
    const r = check.pragma("integrity_check", { simple: true });
    if (r !== "ok") throw new BackupError(`备份中的数据库已损坏 / The database in the backup fails its integrity check: ${String(r)}`);
  } finally {
    check.close();
  }
  await migrateCopy(undefined, path.dirname(staged), staged);
  for (const s of ["-wal", "-shm"]) fs.rmSync(staged + s, { force: true });
  const target = sqliteFile(config);
  const previous: string[] = [];
  if (fs.existsSync(target)) {
    const prev = `${target}.pre-restore-${stamp}`;
    fs.renameSync(target, prev);
    if (fs.existsSync(`${target}-wal`)) fs.renameSync(`${target}-wal`, `${prev}-wal`);
    fs.rmSync(`${target}-shm`, { force: true });
    previous.push(prev);
  }
  fs.renameSync(staged, target);
  return previous;
}

async function restorePostgres(url: string, dump: string, stamp: string): Promise<string[]> {
  const name = databaseOf(url);
  const admin = withDatabase(url, "postgres");
  const temp = `${name.slice(0, 40)}_restore_${randomBytes(4).toString("hex")}`;
  await withClient(admin, (c) => c.query(`create database ${ident(temp)}`));
  try {
    await run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", `--dbname=${temp}`, dump], pgEnv(url, temp));
    await migrateCopy(withDatabase(url, temp), path.dirname(dump));
    return await withClient(admin, async (c) => {
      const exists = (await c.query("select 1 from pg_database where datname = $1", [name])).rowCount;
      if (!exists) {
        await c.query(`alter database ${ident(temp)} rename to ${ident(name)}`);
        return [];
      }
      const open = await c.query("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
      const n = open.rows[0]?.n ?? 0;
      if (n > 0) {
        throw new BackupError(
          `数据库 ${name} 仍有 ${n} 个连接，请先停止 govhall 服务 / ${n} connections to ${name} are open: stop the govhall servers (and other sessions) first; nothing was changed`,
        );
      }
      const prev = `${name.slice(0, 40)}_pre_restore_${stamp}`;
      await c.query(`alter database ${ident(name)} rename to ${ident(prev)}`);
      try {
        await c.query(`alter database ${ident(temp)} rename to ${ident(name)}`);
      } catch (err) {
        await c.query(`alter database ${ident(prev)} rename to ${ident(name)}`);
        throw err;
      }
      return [`postgres database ${prev}`];
    });
  } catch (err) {
    await withClient(admin, (c) => c.query(`drop database if exists ${ident(temp)} with (force)`)).catch(() => undefined);
    throw err;
  }
}

/** The file store folders of the backup replace those of DATA_DIR (the old ones are kept aside). */
function swapFiles(dataDir: string, staging: string, stamp: string): string[] {
  const previous: string[] = [];
  for (const f of FILE_FOLDERS) {
    const target = path.join(dataDir, f);
    const staged = path.join(staging, f);
    if (fs.existsSync(target)) {
      const prev = `${target}.pre-restore-${stamp}`;
      fs.renameSync(target, prev);
      previous.push(prev);
    }
    if (fs.existsSync(staged)) fs.renameSync(staged, target);
  }
  return previous;
}
