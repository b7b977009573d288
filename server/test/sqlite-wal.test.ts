import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/index.js";
import { ENGINE } from "./helpers.js";

// The embedded database under a steady stream of commits: the write-ahead log must be reused,
// not grow until the disk is full (a passive checkpoint alone never catches up with the writer).
describe.runIf(ENGINE === "sqlite")("SQLite write-ahead log", () => {
  it("stays bounded under continuous writes, and no write fails while it is restarted", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-wal-"));
    const handle = openDatabase({ dataDir, checkpoints: { everyMs: 50, restartFrames: 128 } });
    const wal = path.join(dataDir, "govhall.sqlite-wal");
    try {
      await sql`create table filler (id integer primary key, body text not null)`.execute(handle.db);
      const body = "x".repeat(3000); // about one page per row
      let written = 0;
      let biggest = 0;
      const until = Date.now() + 2500;
      while (Date.now() < until) {
        await handle.db.transaction().execute(async (tx) => {
          await sql`insert into filler (body) values (${body})`.execute(tx);
        });
        written++;
        // Let the checkpointer's timer and the event loop run between batches of commits.
        if (written % 50 === 0) {
          await new Promise((r) => setTimeout(r, 1));
          biggest = Math.max(biggest, fs.statSync(wal).size);
        }
      }
      const rows = await sql<{ n: number }>`select count(*) as n from filler`.execute(handle.db);
      expect(Number(rows.rows[0]?.n)).toBe(written);
      // Every commit appended at least one 4 KiB page: without restarts the log holds them all.
      const appended = written * 4096;
      expect(written).toBeGreaterThan(1000);
      expect(biggest).toBeLessThan(appended / 4);
    } finally {
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
