import type { Config } from "../../config.js";
import { BackupError } from "./archive.js";
import { createBackup, rotatingBackup } from "./backup.js";
import { restoreBackup } from "./restore.js";

export const OPS_USAGE = `  backup <file>  write a backup (database and file store) while the server runs
  backup --dir <dir> [--keep N]   a backup named by its time into dir, keeping the newest N (default 7)
  restore <file> check a backup and restore it over the configured database (stop the servers first)`;

/** `backup <file>`, or `backup --dir <dir> [--keep N]` (the newest N kept). */
async function backupCommand(args: string[], config: Config): Promise<number> {
  const dirAt = args.indexOf("--dir");
  if (dirAt >= 0) {
    const dir = args[dirAt + 1];
    const keepAt = args.indexOf("--keep");
    const keep = keepAt >= 0 ? Number(args[keepAt + 1]) : 7;
    if (!dir || !Number.isInteger(keep) || keep < 1) {
      console.error("usage: backup --dir <dir> [--keep N]   (N ≥ 1)");
      return 2;
    }
    const r = await rotatingBackup(config, dir, keep);
    console.log(`backup written: ${r.file} (schema ${r.manifest.schemaVersion}); removed ${r.removed.length} older`);
    return 0;
  }
  const file = args[0];
  if (!file) {
    console.error("usage: backup <file>");
    return 2;
  }
  const m = await createBackup(config, file);
  const bytes = m.entries.reduce((s, e) => s + e.size, 0);
  console.log(
    `backup written: ${file} (${m.engine}, schema ${m.schemaVersion}, ${m.entries.length} entries, ${bytes} bytes before compression)`,
  );
  return 0;
}

/** `backup` and `restore`; returns the exit code. */
export async function opsCommand(cmd: "backup" | "restore", args: string[], config: Config): Promise<number> {
  try {
    if (cmd === "backup") return await backupCommand(args, config);
    const file = args[0];
    if (!file) {
      console.error("usage: restore <file>");
      return 2;
    }
    const r = await restoreBackup(config, file);
    console.log(
      `restored ${file} (${r.manifest.engine}, made ${r.manifest.createdAt}, schema ${r.manifest.schemaVersion})` +
        (r.migrated.length ? `; migrated to ${r.migrated[r.migrated.length - 1]}` : ""),
    );
    for (const p of r.previous) console.log(`  the data it replaced is kept in ${p}`);
    return 0;
  } catch (err) {
    if (err instanceof BackupError) {
      console.error(err.message);
      return 3;
    }
    throw err;
  }
}
