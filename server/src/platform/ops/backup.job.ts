import fs from "node:fs";
import path from "node:path";
import type { Config } from "../../config.js";
import type { JobSpec } from "../scheduler/scheduler.js";
import { rotatingBackup } from "./backup.js";

/** How long one backup run may hold its lease before another instance may start one (a big database takes a while). */
const BACKUP_LEASE_MS = 6 * 3_600_000;

/**
 * The scheduled backup (`BACKUP_SCHEDULE`, a cron rule in Beijing time): the same backup as
 * `npm run cli -- backup --dir BACKUP_DIR --keep BACKUP_KEEP`, a file named by its time in
 * BACKUP_DIR, then only the newest BACKUP_KEEP of them kept. Leased like every job, so of several
 * instances one makes it (into its own BACKUP_DIR: put that on shared or copied-off storage).
 */
export function backupJob(
  config: Pick<Config, "dataDir" | "databaseUrl" | "version" | "backupDir" | "backupKeep" | "backupSchedule">,
): JobSpec {
  return {
    name: "ops.backup",
    schedule: { cron: config.backupSchedule },
    leaseMs: BACKUP_LEASE_MS,
    async run({ ctx }) {
      const r = await rotatingBackup(config, config.backupDir, config.backupKeep, ctx.clock.now());
      return {
        file: path.basename(r.file),
        schema: r.manifest.schemaVersion,
        bytes: fs.statSync(r.file).size,
        removed: r.removed,
      };
    },
  };
}
