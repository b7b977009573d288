import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { type CheckpointPolicy, openDatabase } from "../../src/db/index.js";

/** Commits `count` one-row transactions back to back; returns the largest WAL size seen. */
async function writeSteadily(checkpoints: CheckpointPolicy, count: number): Promise<{ biggest: number; rows: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-wal-"));
  const handle = openDatabase({ dataDir, checkpoints });
  const wal = path.join(dataDir, "govhall.sqlite-wal");
  try {
    await sql`create table filler (id integer primary key, body text not null)`.execute(handle.db);
    const body = "x".repeat(1000);
    let biggest = 0;
    for (let i = 1; i <= count; i++) {
      await handle.db.transaction().execute(async (tx) => {
        await sql`insert into filler (body) values (${body})`.execute(tx);
      });
      // A server answers requests between its transactions: the write lock is free now and then.
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 1));
      if (i % 100 === 0) biggest = Math.max(biggest, fs.statSync(wal).size);
    }
    const r = await sql<{ n: number }>`select count(*) as n from filler`.execute(handle.db);
    return { biggest, rows: Number(r.rows[0]?.n) };
  } finally {
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// The embedded database under a steady stream of commits (a busy hall, the benchmark): a passive
// checkpoint alone never catches up with the writer, so the write-ahead log never restarts and
// grows until the disk is full. The checkpointer must restart it.
describe("SQLite write-ahead log", () => {
  it("stays bounded under continuous writes, and every write lands", async () => {
    const count = 8000;
    // The same load with restarts switched off shows how far the log grows without them.
    const unbounded = await writeSteadily({ everyMs: 10, restartFrames: Number.MAX_SAFE_INTEGER }, count);
    const bounded = await writeSteadily({ everyMs: 10, restartFrames: 128 }, count);
    expect(unbounded.rows).toBe(count);
    expect(bounded.rows).toBe(count);
    expect(bounded.biggest).toBeLessThan(unbounded.biggest / 3);
  });
});
