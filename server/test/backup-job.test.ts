import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { readArchive } from "../src/platform/ops/archive.js";
import { ENGINE, json, setup, type TestEnv } from "./helpers.js";
import { DAY_NOW } from "./ops-helpers.js";
import { issue, queues } from "./queue-helpers.js";

const TOKEN = "metrics-token-for-tests-0123456789";
const HOUR = 3_600_000;

describe(`scheduled backup and job metrics (${ENGINE})`, () => {
  let env: TestEnv;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-backups-"));
    env = await setup({
      now: DAY_NOW, // Tuesday 2026-12-01 10:00 Beijing
      env: { BACKUP_SCHEDULE: "30 2 * * *", BACKUP_KEEP: "2", BACKUP_DIR: dir, METRICS_TOKEN: TOKEN },
    });
  });
  afterAll(async () => {
    await env?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const scrape = async () => {
    const r = await env.app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.statusCode).toBe(200);
    return r.body;
  };
  const backups = () =>
    fs
      .readdirSync(dir)
      .filter((n) => n.endsWith(".tar.gz"))
      .sort();

  it("a backup every night at 02:30 Beijing, the newest BACKUP_KEEP kept, each a full backup; runs, lag and overdue in the metrics", async () => {
    const manager = await env.login("zgc.manager");
    const site = await env.siteId("zgc-street");
    const q = await queues(env, manager, site);
    // 10:00: the job waits for its tick, and the administrator sees it planned for 02:30.
    await env.app.scheduler.runDue();
    expect(backups()).toEqual([]);
    const admin = await env.login("admin");
    const jobs = json((await env.app.inject({ url: "/api/system/jobs", headers: { cookie: admin } })).body);
    const listed = (Array.isArray(jobs) ? jobs : jobs.jobs).find((j: { name: string }) => j.name === "ops.backup");
    expect(listed).toMatchObject({ cron: expect.stringContaining("30 2 * * *"), nextDueAt: "2026-12-01T18:30:00.000Z" });

    const made: string[] = [];
    // Three nights: 02:30 Beijing is 18:30 UTC the day before.
    for (const night of ["2026-12-01T18:30:00.000Z", "2026-12-02T18:30:00.000Z", "2026-12-03T18:30:00.000Z"]) {
      // Something new in each backup: a ticket at 10:00 the day before (sessions last 12 hours).
      env.clock.set(new Date(Date.parse(night) - 16.5 * HOUR));
      await issue(env, await env.login("zgc.manager"), site, q.C as string);
      env.clock.set(new Date(Date.parse(night) + 5_000)); // the pass comes 5 s after the tick
      const outcomes = await env.app.scheduler.runDue();
      const mine = outcomes.find((o) => o.name === "ops.backup");
      if (!mine) throw new Error("the backup job did not run");
      expect(mine.status, mine.error).toBe("ok");
      expect(mine.lagMs).toBe(5_000);
      made.push((mine.result as { file: string }).file);
    }
    expect(made).toEqual([
      `govhall-${ENGINE}-20261201T183005Z.tar.gz`,
      `govhall-${ENGINE}-20261202T183005Z.tar.gz`,
      `govhall-${ENGINE}-20261203T183005Z.tar.gz`,
    ]);
    // Keep 2: the first night's is gone.
    expect(backups()).toEqual(made.slice(1));
    // The newest is a whole, checked backup of this engine at the current schema.
    const check = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-backup-check-"));
    try {
      const m = await readArchive(path.join(dir, made[2] as string), check);
      expect(m.engine).toBe(ENGINE);
      expect(m.createdAt).toBe("2026-12-03T18:30:05.000Z");
    } finally {
      fs.rmSync(check, { recursive: true, force: true });
    }

    // A failing job is counted as failed.
    env.app.scheduler.register({
      name: "test.fails",
      schedule: { everyMs: HOUR },
      run: async () => {
        throw new Error("on purpose");
      },
    });
    await env.app.scheduler.runDue();

    let text = await scrape();
    expect(text).toMatch(/govhall_job_runs_total\{job="ops\.backup",outcome="ok"\} 3/);
    expect(text).toMatch(/govhall_job_runs_total\{job="test\.fails",outcome="failed"\} 1/);
    expect(text).toMatch(/govhall_job_runs_total\{job="queue\.day_end",outcome="ok"\} \d+/);
    expect(text).toMatch(/govhall_job_lag_seconds\{job="ops\.backup"\} 5/);
    expect(text).toMatch(/govhall_job_duration_seconds_count\{job="ops\.backup"\} 3/);
    expect(text).toMatch(/govhall_job_overdue_seconds\{job="queue\.day_end"\} 0/);

    // No pass for 10 minutes (a stalled scheduler): the every-minute job shows how late it is.
    env.clock.advance(10 * 60_000);
    text = await scrape();
    const overdue = Number(text.match(/govhall_job_overdue_seconds\{job="queue\.day_end"\} ([\d.]+)/)?.[1]);
    expect(overdue).toBeGreaterThanOrEqual(9 * 60);
    expect(text).toMatch(/govhall_job_overdue_seconds\{job="ops\.backup"\} 0/);
  }, 120_000);

  it("BACKUP_SCHEDULE=off (the default) registers no backup job; a bad rule stops start-up", async () => {
    const plain = await setup({ now: DAY_NOW });
    try {
      expect(plain.app.scheduler.registered().map((j) => j.name)).not.toContain("ops.backup");
    } finally {
      await plain.close();
    }
    expect(() => loadConfig({ BACKUP_SCHEDULE: "every night" })).toThrow(/BACKUP_SCHEDULE/);
  });
});
