import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAudit } from "../src/platform/audit/audit.js";
import { BackupError, readArchive } from "../src/platform/ops/archive.js";
import { createBackup, rotatingBackup } from "../src/platform/ops/backup.js";
import { restoreBackup } from "../src/platform/ops/restore.js";
import { ENGINE, json, setup, type TestEnv } from "./helpers.js";
import { answers, appOver, DAY_NOW, demoDay, freshTarget } from "./ops-helpers.js";
import { queues } from "./queue-helpers.js";

describe(`backup and restore (${ENGINE})`, () => {
  let env: TestEnv & { dataDir: string; databaseUrl?: string };
  let config: TestEnv["config"];
  let day: Awaited<ReturnType<typeof demoDay>>;
  let file: string;
  const targets: ReturnType<typeof freshTarget>[] = [];

  beforeAll(async () => {
    env = await setup({ now: DAY_NOW, env: { NOTIFY_DISPATCH_MS: "0", APPOINTMENT_SWEEP_MS: "0", PUBLIC_BOOKING_LIMIT: "0" } });
    day = await demoDay(env);
    // A file in the file store folder of DATA_DIR.
    fs.mkdirSync(path.join(env.dataDir, "files", "ab"), { recursive: true });
    fs.writeFileSync(path.join(env.dataDir, "files", "ab", "sample.pdf"), "%PDF-1.4 sample");
    file = path.join(env.dataDir, "backups", "one.tar.gz");
    // The configuration a CLI on this server would read.
    config = { ...env.config, databaseUrl: env.databaseUrl };
  }, 120_000);
  afterAll(async () => {
    await env.close();
    for (const t of targets) await t.drop();
  });

  it("backs up while requests run, restores into a fresh database: same answers, audit chains intact", async () => {
    const before = await answers(env.app, day.manager, day.siteId, day.tickets, { ids: day.cases, documents: day.documents });
    // Other halls keep issuing tickets while the backup runs.
    const xyl = await env.login("xyl.manager");
    const xylSite = await env.siteId("xyl-street");
    const xylQueue = Object.values(await queues(env, xyl, xylSite))[0] as string;
    const ackedBefore: string[] = [];
    const ackedDuring: string[] = [];
    let phase = "before" as "before" | "during" | "done";
    const load = (async () => {
      while (phase !== "done") {
        const r = await env.app.inject({
          method: "POST",
          url: `/api/sites/${xylSite}/tickets`,
          headers: { cookie: xyl },
          payload: { queueId: xylQueue },
        });
        expect(r.statusCode, r.body).toBe(201);
        (phase === "before" ? ackedBefore : ackedDuring).push(json(r.body).id);
      }
    })();
    while (ackedBefore.length < 5) await new Promise((r) => setImmediate(r));
    phase = "during";
    const started = ackedBefore.length;
    const manifest = await createBackup(config, file).finally(() => {
      phase = "done";
    });
    await load;
    expect(ackedDuring.length).toBeGreaterThan(0);
    expect(manifest).toMatchObject({ format: "govhall-backup", engine: ENGINE, schemaVersion: expect.stringMatching(/^\d{8}_\d{4}_/) });
    expect(manifest.entries.map((e) => e.name)).toContain("files/ab/sample.pdf");
    // On SQLite the file store is DATA_DIR/files (the sample's bytes are there); on PostgreSQL, rows.
    if (ENGINE === "sqlite") expect(manifest.entries.filter((e) => e.name.startsWith("files/")).length).toBeGreaterThan(1);

    const target = freshTarget();
    targets.push(target);
    const r = await restoreBackup(target.config(config), file);
    expect(r.previous).toEqual([]);
    expect(fs.readFileSync(path.join(target.dataDir, "files", "ab", "sample.pdf"), "utf8")).toBe("%PDF-1.4 sample");

    const restored = await appOver(target, env.clock);
    try {
      expect((await verifyAudit(restored.handle.db)).ok).toBe(true);
      // The same cookie works: sessions are data too.
      expect(await answers(restored.app, day.manager, day.siteId, day.tickets, { ids: day.cases, documents: day.documents })).toEqual(
        before,
      );
      // Every ticket acknowledged before the backup began is there; those acknowledged during it
      // are there or not, never half.
      const ids = (await restored.handle.db.selectFrom("tickets").select("id").where("site_id", "=", xylSite).execute()).map((t) => t.id);
      for (const id of ackedBefore) expect(ids).toContain(id);
      expect(ids.length).toBeGreaterThanOrEqual(started);
      expect(ids.every((id) => ackedBefore.includes(id) || ackedDuring.includes(id))).toBe(true);
    } finally {
      await restored.close();
    }
  }, 180_000);

  it("refuses a file that is not a backup, or is cut short or altered, and changes nothing", async () => {
    if (!fs.existsSync(file)) await createBackup(config, file);
    const target = freshTarget();
    targets.push(target);
    await restoreBackup(target.config(config), file);
    const listing = () => fs.readdirSync(target.dataDir).sort();
    const kept = listing();
    const marker = async () => {
      const h = await appOver(target, env.clock);
      try {
        return (
          await h.handle.db
            .selectFrom("audit_log")
            .select((e) => e.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n;
      } finally {
        await h.close();
      }
    };
    const records = await marker();

    const bytes = fs.readFileSync(file);
    const bad = {
      "not a backup": Buffer.from("name,phone\n张三,13900000000\n"),
      "a gzip of something else": (await import("node:zlib")).gzipSync(Buffer.from("hello")),
      "cut short": bytes.subarray(0, Math.floor(bytes.length * 0.6)),
      "one byte altered": Buffer.from(bytes.map((b, i) => (i === Math.floor(bytes.length / 2) ? b ^ 0xff : b))),
    };
    for (const [what, content] of Object.entries(bad)) {
      const f = path.join(env.dataDir, `bad-${what.replace(/ /g, "-")}.tar.gz`);
      fs.writeFileSync(f, content);
      const err = await restoreBackup(target.config(config), f).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, what).toBeInstanceOf(BackupError);
      expect((err as Error).message, what).toMatch(/Not a govhall backup|incomplete or damaged/);
      expect((err as Error).message).toContain("nothing was changed");
    }
    expect(listing()).toEqual(kept);
    expect(await marker()).toBe(records);
  }, 180_000);

  it("names the schema version, refuses a backup of a newer release, keeps the last N", async () => {
    const dir = path.join(env.dataDir, "rotating");
    const t0 = Date.parse("2026-12-01T18:30:00Z");
    for (let i = 0; i < 4; i++) await rotatingBackup(config, dir, 2, new Date(t0 + i * 86_400_000));
    const kept = fs.readdirSync(dir).sort();
    expect(kept).toEqual([`govhall-${ENGINE}-20261203T183000Z.tar.gz`, `govhall-${ENGINE}-20261204T183000Z.tar.gz`]);

    // A backup whose schema has a migration this release does not know.
    const scratch = path.join(env.dataDir, "scratch");
    fs.mkdirSync(scratch, { recursive: true });
    const m = await readArchive(path.join(dir, kept[1] as string), scratch);
    expect(m.migrations.at(-1)).toBe(m.schemaVersion);
    const { writeArchive } = await import("../src/platform/ops/archive.js");
    const newer = path.join(env.dataDir, "newer.tar.gz");
    const { entries: _e, ...rest } = m;
    await writeArchive(
      newer,
      { ...rest, schemaVersion: "20991231_0001_future", migrations: [...m.migrations, "20991231_0001_future"] },
      m.entries.map((e) => ({ name: e.name, file: path.join(scratch, e.name) })),
    );
    const target = freshTarget();
    targets.push(target);
    await expect(restoreBackup(target.config(config), newer)).rejects.toThrow(/newer release/);
    expect(fs.readdirSync(target.dataDir)).toEqual([]);
  }, 180_000);
});
