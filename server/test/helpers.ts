import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type App, buildApp } from "../src/app.js";
import { type Config, loadConfig } from "../src/config.js";
import { type DbHandle, migrate, openDatabase } from "../src/db/index.js";
import { ManualClock } from "../src/platform/clock.js";
import { createBus, type EventBus } from "../src/platform/events/bus.js";
import { idCheckDigit } from "../src/platform/validation.js";
import { DEMO_PASSWORD } from "../src/seed/demo-district.js";
import { seed } from "../src/seed/seed.js";
import { watchDocument } from "./document-truth.js";

/** Which engine this run tests: `npm test` → sqlite, `npm run test:pg` → postgres. */
export const ENGINE = process.env.GOVHALL_TEST_DB === "postgres" ? "postgres" : "sqlite";
const PG_ADMIN_URL = process.env.GOVHALL_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestEnv {
  app: App;
  clock: ManualClock;
  handle: DbHandle;
  config: Config;
  bus: EventBus;
  /** Signs in and returns the cookie header for later requests. */
  login(username: string, password?: string): Promise<string>;
  siteId(code: string): Promise<string>;
  close(): Promise<void>;
}

/** A fresh, migrated database on the engine under test, seeded as asked, and an app on it. */
export async function freshDatabase(
  onQuery?: (sql: string) => void,
): Promise<{ handle: DbHandle; dataDir: string; databaseUrl?: string; drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-test-"));
  if (ENGINE === "sqlite") {
    const handle = openDatabase({ dataDir, onQuery });
    return { handle, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `govhall_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const handle = openDatabase({ dataDir, databaseUrl, onQuery });
  return {
    handle,
    dataDir,
    databaseUrl,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function setup(
  opts: { seed?: Config["seed"]; now?: string; env?: Record<string, string>; onQuery?: (sql: string) => void } = {},
): Promise<TestEnv & { dataDir: string; databaseUrl?: string }> {
  const fresh = await freshDatabase(opts.onQuery);
  const clock = new ManualClock(opts.now ?? "2026-11-27T02:00:00.000Z");
  const config = loadConfig({
    DATA_DIR: fresh.dataDir,
    LOG_LEVEL: "silent",
    SEED: opts.seed ?? "demo",
    ADMIN_PASSWORD: "initial123",
    // Jobs run when a test asks (`env.app.scheduler.runDue()` after moving the clock), never on a timer.
    SCHEDULER_TICK_MS: "0",
    ...opts.env,
  });
  await migrate(fresh.handle);
  await seed(fresh.handle, clock, config.seed, config.adminPassword);
  const bus = await createBus({ databaseUrl: fresh.databaseUrl });
  const app = await buildApp({ config, db: fresh.handle, clock, bus });
  const document = watchDocument(app);
  await app.ready();
  return {
    app,
    clock,
    handle: fresh.handle,
    config,
    bus,
    dataDir: fresh.dataDir,
    databaseUrl: fresh.databaseUrl,
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const c = res.cookies.find((x) => x.name === "govhall_session");
      return `govhall_session=${c?.value}`;
    },
    async siteId(code) {
      const row = await fresh.handle.db.selectFrom("sites").select("id").where("code", "=", code).executeTakeFirstOrThrow();
      return row.id;
    },
    async close() {
      await app.close();
      await bus.close();
      await fresh.handle.close();
      await fresh.drop();
      const undocumented = document.problems();
      if (undocumented.length) {
        throw new Error(`answers the OpenAPI document does not list (see test/document-truth.ts):\n  ${undocumented.join("\n  ")}`);
      }
    },
  };
}

export const json = (body: string) => JSON.parse(body);

/** A distinct valid resident ID number per n < 10,000 (born 1990-01-01 … 10, right check digit). */
export function testIdNumber(n: number): string {
  const k = n % 10_000;
  const day = String(Math.floor(k / 1000) + 1).padStart(2, "0");
  const body = `110101199001${day}${String(k % 1000).padStart(3, "0")}`;
  return body + idCheckDigit(body);
}
