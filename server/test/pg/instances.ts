import { expect } from "vitest";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { type DbHandle, migrate, openDatabase } from "../../src/db/index.js";
import { type Clock, systemClock } from "../../src/platform/clock.js";
import { createBus, type EventBus } from "../../src/platform/events/bus.js";
import { seed } from "../../src/seed/seed.js";
import { freshDatabase } from "../helpers.js";
import type { SseClient } from "../sse.js";

export const REDIS_URL = "redis://127.0.0.1:6379";

export interface Instance {
  app: App;
  bus: EventBus;
  handle: DbHandle;
  base: string;
}

/** Server instances on one fresh PostgreSQL database, as behind a load balancer, sharing events through `via`. */
export async function startInstances(n: number, via: "postgres" | "redis", env: Record<string, string> = {}, clock: Clock = systemClock) {
  const fresh = await freshDatabase();
  await migrate(fresh.handle);
  await seed(fresh.handle, clock, "demo");
  await fresh.handle.close();
  const instances: Instance[] = [];
  for (let i = 0; i < n; i++) {
    const handle = openDatabase({ dataDir: fresh.dataDir, databaseUrl: fresh.databaseUrl });
    const bus = await createBus(via === "redis" ? { redisUrl: REDIS_URL } : { databaseUrl: fresh.databaseUrl });
    const config = loadConfig({ DATA_DIR: fresh.dataDir, LOG_LEVEL: "silent", DATABASE_URL: fresh.databaseUrl as string, ...env });
    const app = await buildApp({ config, db: handle, clock, bus });
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    instances.push({ app, bus, handle, base });
  }
  return {
    fresh,
    instances,
    async close() {
      for (const a of instances) {
        await a.app.close();
        await a.bus.close();
        await a.handle.close();
      }
      await fresh.drop();
    },
  };
}

export async function login(base: string, username: string, password = "govhall2026"): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  expect(r.status).toBe(200);
  return (r.headers.get("set-cookie") ?? "").split(";")[0] as string;
}

export async function call(base: string, method: string, path: string, cookie: string, body?: unknown) {
  const r = await fetch(base + path, {
    method,
    headers: { cookie, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

/** A site open all day today, with a queue of its own; returns their ids. */
export async function openSiteWithQueue(base: string, manager: string, prefix: string) {
  const site = (await call(base, "GET", "/api/sites", manager)).body.find((s: { code: string }) => s.code === "scjg-hall").id as string;
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  await call(base, "PUT", `/api/sites/${site}/hour-exceptions`, manager, {
    date: today,
    closed: false,
    opens: "00:00",
    closes: "23:59",
    note: "测试",
  });
  const created = await call(base, "POST", `/api/sites/${site}/queues`, manager, { prefix, name: `测试${prefix}` });
  expect(created.status).toBe(201);
  const queueId = created.body.id as string;
  return { site, queueId };
}

/** The stream ids a client got, in arrival order. */
export const idsOf = (c: SseClient | null) => (c?.events ?? []).filter((e) => e.id !== undefined).map((e) => e.id as number);

/** Waits (without a fixed sleep) until `pred` holds, failing after `ms`. */
export async function until(pred: () => boolean, what: string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
