import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationStatus, openDatabase } from "../src/db/index.js";
import { ENGINE, freshDatabase, testIdNumber } from "./helpers.js";
import { freePort, openAllDay, SERVER_DIR, type Spawned, spawnServer } from "./spawned.js";

/**
 * The last release on main: the commit session 3 landed (migrations 0001–0019). Its code is taken
 * from git history, run on a fresh database with a morning of work, then the current code starts
 * on the same data and migrates it. When a session lands a release, move RELEASE to it.
 */
const RELEASE = "1079359";
const RELEASE_LAST_MIGRATION = "20261203_0019_device_pairings";
const ROOT = path.resolve(SERVER_DIR, "..");

function extractRelease(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-release-"));
  let tar: Buffer;
  try {
    tar = execFileSync("git", ["archive", "--format=tar", RELEASE, "server/src", "server/package.json", "package.json"], {
      cwd: ROOT,
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    throw new Error(`the upgrade test needs the release ${RELEASE} in git history (a full clone): ${(err as Error).message}`);
  }
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
  // The release runs on today's installed packages (its lock pinned the same versions). A package
  // the release needs that today's code dropped stays a devDependency of the server until RELEASE
  // moves past it (today: @fastify/helmet, replaced by helmet itself).
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  if (fs.existsSync(path.join(SERVER_DIR, "node_modules")))
    fs.symlinkSync(path.join(SERVER_DIR, "node_modules"), path.join(dir, "server", "node_modules"));
  return dir;
}

interface Seen {
  tickets: { id: string; number: string; state: string }[];
  bookings: { id: string; state: string; date: string; start: string }[];
  auditRecords: number;
}

const beijingDate = (plusDays = 0) => new Date(Date.now() + 8 * 3_600_000 + plusDays * 86_400_000).toISOString().slice(0, 10);

/** A morning at 中关村街道 through the release's API: tickets issued, called, served; bookings at the desk. */
async function morning(s: Spawned): Promise<Seen> {
  const manager = await s.login("zgc.manager");
  const staff = await s.login("zgc.window1");
  const site = await openAllDay(s, manager, "zgc-street");
  const queues = (await s.req("GET", `/api/sites/${site}/queues`, manager)).body as { id: string; prefix: string }[];
  const windows = (await s.req("GET", `/api/sites/${site}/windows`, manager)).body as { id: string; number: number }[];
  const windowId = windows.find((w) => w.number === 1)?.id as string;
  const open = await s.req("POST", `/api/windows/${windowId}/open`, staff);
  expect(open.status, JSON.stringify(open.body)).toBe(200);
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) {
    const r = await s.req("POST", `/api/sites/${site}/tickets`, manager, { queueId: queues[i % queues.length]?.id });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids.push(r.body.id);
  }
  for (let i = 0; i < 3; i++) {
    const c = await s.req("POST", `/api/windows/${windowId}/call-next`, staff);
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect((await s.req("POST", `/api/windows/${windowId}/tickets/${c.body.id}/start`, staff)).status).toBe(200);
    expect((await s.req("POST", `/api/windows/${windowId}/tickets/${c.body.id}/finish`, staff)).status).toBe(200);
  }
  // Bookings at the desk in the first slots with free places in the coming days.
  const services = (await s.req("GET", "/api/public/sites/zgc-street/appointment-services", "")).body.services as { id: string }[];
  const serviceId = services[0]?.id as string;
  const slots = (
    await s.req("GET", `/api/public/sites/zgc-street/appointment-services/${serviceId}/slots?from=${beijingDate(1)}&days=7`, "")
  ).body.days as { date: string; slots: { start: string; bookable: boolean }[] }[];
  const free = slots.flatMap((d) => d.slots.filter((x) => x.bookable).map((x) => ({ date: d.date, start: x.start }))).slice(0, 3);
  expect(free.length).toBe(3);
  for (const [i, f] of free.entries()) {
    const r = await s.req("POST", `/api/sites/${site}/appointments`, manager, {
      serviceId,
      date: f.date,
      start: f.start,
      channel: "phone",
      name: `升级${i}`,
      phone: `1390000${String(1000 + i)}`,
      idNumber: testIdNumber(700 + i),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  return seen(s, site, ids);
}

/** What the API says about that morning: the same before and after the upgrade. */
async function seen(s: Spawned, site: string, ids: string[]): Promise<Seen> {
  const manager = await s.login("zgc.manager");
  const tickets = [];
  for (const id of ids) {
    const t = (await s.req("GET", `/api/tickets/${id}`, manager)).body;
    tickets.push({ id: t.id, number: t.number, state: t.state });
  }
  const list = (await s.req("GET", `/api/sites/${site}/appointments?from=${beijingDate()}&to=${beijingDate(10)}`, manager))
    .body as Seen["bookings"];
  const bookings = list.map((b) => ({ id: b.id, state: b.state, date: b.date, start: b.start })).sort((a, b) => a.id.localeCompare(b.id));
  const verify = (await s.req("GET", "/api/audit/verify", await s.login("admin"))).body;
  expect(verify.ok, JSON.stringify(verify)).toBe(true);
  return { tickets, bookings, auditRecords: verify.records };
}

/** Every audit record and chain head as stored: an upgrade may add records, never change one. */
async function auditRows(target: { dataDir: string; databaseUrl?: string }) {
  const h = openDatabase(target);
  try {
    const records = await sql<{
      id: number;
      chain: string;
      seq: number;
      hash: string;
    }>`select id, chain, seq, hash from audit_log order by id`.execute(h.db);
    const heads = await sql<{ chain: string; seq: number; hash: string }>`select chain, seq, hash from audit_heads order by chain`.execute(
      h.db,
    );
    const status = await migrationStatus(h);
    return { records: records.rows.map((r) => ({ ...r, id: Number(r.id) })), heads: heads.rows, applied: status.applied };
  } finally {
    await h.close();
  }
}

describe(`upgrade from the last release (${ENGINE})`, () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let release: string;
  let server: Spawned | undefined;

  beforeAll(async () => {
    fresh = await freshDatabase();
    await fresh.handle.close();
    release = extractRelease();
  }, 60_000);
  afterAll(async () => {
    server?.proc.kill("SIGKILL");
    if (release) fs.rmSync(release, { recursive: true, force: true });
    await fresh.drop();
  });

  it("keeps the data and the audit chains, and the new release works on them", async () => {
    const port = await freePort();
    const target = { dataDir: fresh.dataDir, databaseUrl: fresh.databaseUrl };
    const opts = { ...target, port };
    server = await spawnServer({ ...opts, cwd: path.join(release, "server") });
    const before = await morning(server);
    server.proc.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const stored = await auditRows(target);
    expect(stored.applied.at(-1)).toBe(RELEASE_LAST_MIGRATION);

    server = await spawnServer({ ...opts, readyPath: "/api/ready" });
    const upgraded = await auditRows(target);
    expect(upgraded.applied.length).toBeGreaterThanOrEqual(stored.applied.length);
    expect(upgraded.applied.slice(0, stored.applied.length)).toEqual(stored.applied);
    // Every record the release wrote is there unchanged (the new release may have added some).
    expect(upgraded.records.slice(0, stored.records.length)).toEqual(stored.records);
    const site = (await server.req("GET", "/api/sites", await server.login("zgc.manager"))).body.find(
      (x: { code: string }) => x.code === "zgc-street",
    ).id;
    const after = await seen(
      server,
      site,
      before.tickets.map((t) => t.id),
    );
    expect(after.tickets).toEqual(before.tickets);
    expect(after.bookings).toEqual(before.bookings);
    expect(after.auditRecords).toBeGreaterThanOrEqual(before.auditRecords);
    // The new release goes on writing on the upgraded data: a ticket, a call, and the chains hold.
    const manager = await server.login("zgc.manager");
    const staff = await server.login("zgc.window1");
    const queues = (await server.req("GET", `/api/sites/${site}/queues`, manager)).body as { id: string }[];
    const t = await server.req("POST", `/api/sites/${site}/tickets`, manager, { queueId: queues[0]?.id });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    const windows = (await server.req("GET", `/api/sites/${site}/windows`, manager)).body as { id: string; number: number }[];
    const windowId = windows.find((w) => w.number === 1)?.id as string;
    const call = await server.req("POST", `/api/windows/${windowId}/call-next`, staff);
    expect(call.status, JSON.stringify(call.body)).toBe(200);
    const verify = (await server.req("GET", "/api/audit/verify", await server.login("admin"))).body;
    expect(verify.ok, JSON.stringify(verify)).toBe(true);
    expect(verify.records).toBeGreaterThan(after.auditRecords);
    server.proc.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  }, 240_000);
});
