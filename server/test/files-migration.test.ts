import { createHash } from "node:crypto";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, migrateUpTo } from "../src/db/index.js";
import { ManualClock } from "../src/platform/clock.js";
import { databaseFileStore } from "../src/platform/files/backends.js";
import { readFile } from "../src/platform/files/files.service.js";
import "../src/modules/catalog/sample.files.js";
import { ENGINE, freshDatabase } from "./helpers.js";

describe(`migration 20261203_0013 on ${ENGINE}`, () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  afterAll(async () => {
    await fresh?.handle.close();
    await fresh?.drop();
  });

  it("keeps existing catalog samples (same ids, one content each) and today's ticket numbers", async () => {
    fresh = await freshDatabase();
    const { handle } = fresh;
    await migrateUpTo(handle, "20261127_0009_appointments_rebook_index");
    const bytes = Buffer.from("%PDF-1.4\n样表\n%%EOF\n");
    const sha = createHash("sha256").update(bytes).digest("hex");
    for (const id of ["0190a000-0000-7000-8000-00000000000a", "0190a000-0000-7000-8000-00000000000b"]) {
      await sql`insert into catalog_files (id, name, content_type, size, sha256, data, created_at)
        values (${id}, ${"登记表.pdf"}, ${"application/pdf"}, ${bytes.length}, ${sha}, ${bytes}, ${"2026-11-30T01:00:00.000Z"})`.execute(
        handle.db,
      );
    }
    await sql`insert into queue_counters (queue_id, service_date, last_seq, waiting) values ('q1', '2026-12-03', 41, 5)`.execute(handle.db);
    await migrate(handle);

    const blobs = await handle.db.selectFrom("file_blobs").selectAll().execute();
    expect(blobs).toHaveLength(1);
    expect(blobs[0]).toMatchObject({ sha256: sha, backend: "db", size: bytes.length });
    const ctx = {
      db: handle.db,
      dialect: handle.dialect,
      clock: new ManualClock("2026-12-03T02:00:00.000Z"),
      principal: null,
      requestId: "test",
      bus: undefined as never,
      files: databaseFileStore,
      caches: undefined as never,
    };
    for (const id of ["0190a000-0000-7000-8000-00000000000a", "0190a000-0000-7000-8000-00000000000b"]) {
      const f = await readFile(ctx, id);
      expect(f).toMatchObject({ name: "登记表.pdf", contentType: "application/pdf", policy: "catalog.sample" });
      expect(f.data.equals(bytes)).toBe(true);
    }
    // The next ticket of that queue today is 42, not 1.
    const counter = await handle.db.selectFrom("number_counters").selectAll().executeTakeFirstOrThrow();
    expect(counter).toMatchObject({ kind: "ticket", scope: "q1", period: "2026-12-03", last: 41 });
  });
});
