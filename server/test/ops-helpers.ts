import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { type App, buildApp } from "../src/app.js";
import { type Config, loadConfig } from "../src/config.js";
import { type DbHandle, openDatabase } from "../src/db/index.js";
import type { Clock } from "../src/platform/clock.js";
import { createBus, type EventBus } from "../src/platform/events/bus.js";
import { withClient } from "../src/platform/ops/pgtools.js";
import { bookOnline, publicServices, staffBook } from "./appointments-helpers.js";
import { applicant, ID_CARD, ok, openCase, PHOTO, SOCIAL_CARD, step } from "./cases-helpers.js";
import { ENGINE, json, type TestEnv } from "./helpers.js";
import { act, callNext, issue, openWindow, queues, windowIds } from "./queue-helpers.js";

const PG_ADMIN_URL = process.env.GOVHALL_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Tuesday 2026-12-01 10:00 Beijing: a working day at every demo site. */
export const DAY_NOW = "2026-12-01T02:00:00.000Z";
export const DAY = "2026-12-01";
export const NEXT_DAY = "2026-12-02";

/**
 * A morning at 中关村街道: tickets in two queues, called, served, finished, a no-show, and
 * bookings made online and at the desk for tomorrow.
 */
export async function demoDay(
  env: TestEnv,
): Promise<{ siteId: string; manager: string; tickets: string[]; bookings: string[]; cases: string[]; documents: string[] }> {
  const manager = await env.login("zgc.manager");
  const staff = await env.login("zgc.window1");
  const siteId = await env.siteId("zgc-street");
  const q = await queues(env, manager, siteId);
  const w = await windowIds(env, manager, siteId);
  const windowId = w[1] as string;
  await openWindow(env, staff, windowId);
  const tickets: string[] = [];
  for (let i = 0; i < 12; i++) {
    const prefixes = Object.keys(q);
    const queueId = q[prefixes[i % prefixes.length] as string] as string;
    tickets.push((await issue(env, manager, siteId, queueId, i % 5 === 0 ? { priorityClass: "elderly" } : {})).id);
    env.clock.advance(60_000);
  }
  for (let i = 0; i < 5; i++) {
    const r = await callNext(env, staff, windowId);
    if (r.statusCode !== 200) break;
    const id = json(r.body).id as string;
    if (i === 2) {
      env.clock.advance(180_000);
      await act(env, staff, windowId, id, "no-show");
      continue;
    }
    expect((await act(env, staff, windowId, id, "start")).statusCode).toBe(200);
    env.clock.advance(240_000);
    expect((await act(env, staff, windowId, id, "finish")).statusCode).toBe(200);
  }
  const services = await publicServices(env);
  const serviceId = services[0]?.id as string;
  const bookings: string[] = [];
  for (const start of ["09:00", "09:30", "10:00"]) {
    const b = await bookOnline(env, serviceId, NEXT_DAY, start);
    expect(b.res.statusCode, b.res.body).toBe(201);
    bookings.push(json(b.res.body).code ?? json(b.res.body).id);
  }
  const desk = await staffBook(env, manager, siteId, serviceId, NEXT_DAY, "11:00");
  expect(desk.res.statusCode, desk.res.body).toBe(201);
  await publishSample(env);
  const { cases, documents } = await demoCases(env, siteId);
  return { siteId, manager, tickets, bookings, cases, documents };
}

/** Two cases at the window: one accepted, one waiting for the one correction notice's materials. */
async function demoCases(env: TestEnv, siteId: string): Promise<{ cases: string[]; documents: string[] }> {
  const front = await env.login("zgc.window1");
  const cases: string[] = [];
  const documents: string[] = [];
  const accepted = await ok(
    await openCase(env, front, siteId, {
      itemCode: SOCIAL_CARD,
      applicant: applicant(1),
      materials: [{ name: ID_CARD, status: "received" }],
    }),
    201,
  );
  cases.push(accepted.case.id);
  documents.push(accepted.document.id, (await ok(await step(env, front, accepted.case.id, "accept"))).document.id);
  const missing = await ok(
    await openCase(env, front, siteId, {
      itemCode: SOCIAL_CARD,
      applicant: applicant(2),
      materials: [
        { name: ID_CARD, status: "received" },
        { name: PHOTO, status: "missing" },
      ],
    }),
    201,
  );
  cases.push(missing.case.id);
  documents.push((await ok(await step(env, front, missing.case.id, "correction", { dueDays: 5 }))).document.id);
  return { cases, documents };
}

/** A sample form in the file store: uploaded to DEMO-0009's first material and published. */
async function publishSample(env: TestEnv): Promise<void> {
  const admin = await env.login("admin");
  const item = await env.handle.db.selectFrom("items").select("id").where("code", "=", "DEMO-0009").executeTakeFirstOrThrow();
  const up = await env.app.inject({
    method: "POST",
    url: `/api/catalog/items/${item.id}/materials/0/sample?fileName=sample.pdf`,
    headers: { cookie: admin, "content-type": "application/pdf" },
    payload: Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(4096, 0x41), Buffer.from("\n%%EOF\n")]),
  });
  expect(up.statusCode, up.body).toBe(200);
  const pub = await env.app.inject({
    method: "POST",
    url: `/api/catalog/items/${item.id}/publish`,
    headers: { cookie: admin },
    payload: { changeNote: "提供样表" },
  });
  expect(pub.statusCode, pub.body).toBe(200);
}

/** What the API says about a site's day: the answers a restored copy must give again. */
export async function answers(
  app: App,
  cookie: string,
  siteId: string,
  tickets: string[],
  cases: { ids: string[]; documents: string[] } = { ids: [], documents: [] },
): Promise<Record<string, unknown>> {
  const get = async (url: string) => {
    const r = await app.inject({ url, headers: { cookie } });
    expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
    return json(r.body);
  };
  const out: Record<string, unknown> = {
    site: await get(`/api/sites/${siteId}`),
    queues: await get(`/api/sites/${siteId}/queues`),
    stats: await get(`/api/sites/${siteId}/queue-stats?date=${DAY}`),
    appointments: await get(`/api/sites/${siteId}/appointments?from=${DAY}&to=${NEXT_DAY}`),
    audit: await get(`/api/audit?siteId=${siteId}&limit=500`),
    items: await get("/api/public/items"),
  };
  for (const t of tickets) out[`ticket ${t}`] = await get(`/api/tickets/${t}`);
  if (cases.ids.length) out.cases = await get(`/api/cases?siteId=${siteId}&view=front`);
  for (const c of cases.ids) out[`case ${c}`] = await get(`/api/cases/${c}`);
  for (const d of cases.documents) {
    const pdf = await app.inject({ url: `/api/documents/${d}/pdf`, headers: { cookie } });
    expect(pdf.statusCode, pdf.body).toBe(200);
    out[`document ${d}`] = createHash("sha256").update(pdf.rawPayload).digest("hex");
  }
  const sample = await app.inject({ url: "/api/public/items/DEMO-0009/materials/0/sample" });
  expect(sample.statusCode).toBe(200);
  out.sample = createHash("sha256").update(sample.rawPayload).digest("hex");
  return out;
}

/** A database that does not exist yet on the engine under test (PostgreSQL: a new name; SQLite: a new folder). */
export function freshTarget(): { config: (base: Config) => Config; dataDir: string; databaseUrl?: string; drop(): Promise<void> } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-restore-"));
  let databaseUrl: string | undefined;
  if (ENGINE === "postgres") {
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/govhall_r_${randomBytes(6).toString("hex")}`;
    databaseUrl = u.toString();
  }
  return {
    dataDir,
    databaseUrl,
    config: (base) => ({ ...base, dataDir, databaseUrl }),
    drop: async () => {
      if (databaseUrl) {
        const name = new URL(databaseUrl).pathname.slice(1);
        await withClient(PG_ADMIN_URL, async (c) => {
          const rows = await c.query<{ datname: string }>("select datname from pg_database where datname like $1", [`${name}%`]);
          for (const r of rows.rows) await c.query(`drop database if exists "${r.datname}" with (force)`);
        });
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An app over an existing database (no migration, no seeding): what a restored server serves. */
export async function appOver(
  target: { dataDir: string; databaseUrl?: string },
  clock: Clock,
): Promise<{ app: App; handle: DbHandle; bus: EventBus; close(): Promise<void> }> {
  const handle = openDatabase({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
  const config = loadConfig({
    DATA_DIR: target.dataDir,
    LOG_LEVEL: "silent",
    NOTIFY_DISPATCH_MS: "0",
    APPOINTMENT_SWEEP_MS: "0",
    ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
  });
  const bus = await createBus({ databaseUrl: target.databaseUrl });
  const app = await buildApp({ config, db: handle, clock, bus });
  await app.ready();
  return {
    app,
    handle,
    bus,
    close: async () => {
      await app.close();
      await bus.close();
      await handle.close();
    },
  };
}
