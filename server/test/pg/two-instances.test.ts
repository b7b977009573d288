import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { type DbHandle, migrate } from "../../src/db/index.js";
import { systemClock } from "../../src/platform/clock.js";
import { createBus, type EventBus } from "../../src/platform/events/bus.js";
import { seed } from "../../src/seed/seed.js";
import { freshDatabase } from "../helpers.js";
import { SseClient } from "../sse.js";

// Two server instances on one PostgreSQL database, as behind a load balancer: windows on both
// call from the same queue, and a display on each instance sees every call made on either.
for (const via of ["postgres", "redis"] as const) {
  describe(`two instances sharing events through ${via}`, () => {
    let fresh: Awaited<ReturnType<typeof freshDatabase>>;
    const apps: { app: App; bus: EventBus; handle: DbHandle; base: string }[] = [];
    let site: string;
    let queueId: string;
    const cookies: string[] = [];
    const windows: string[] = [];
    const TICKETS = 200;

    const req = async (i: number, method: string, path: string, cookie: string, body?: unknown) => {
      const r = await fetch((apps[i] as { base: string }).base + path, {
        method,
        headers: { cookie, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    };
    const login = async (i: number, username: string, password = "govhall2026") => {
      const r = await fetch(`${apps[i]?.base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
      expect(r.status).toBe(200);
      return (r.headers.get("set-cookie") ?? "").split(";")[0] as string;
    };

    beforeAll(async () => {
      fresh = await freshDatabase();
      await migrate(fresh.handle);
      await seed(fresh.handle, systemClock, "demo");
      await fresh.handle.close();
      for (let i = 0; i < 2; i++) {
        const { openDatabase } = await import("../../src/db/index.js");
        const handle = openDatabase({ dataDir: fresh.dataDir, databaseUrl: fresh.databaseUrl });
        const bus = await createBus(via === "redis" ? { redisUrl: "redis://127.0.0.1:6379" } : { databaseUrl: fresh.databaseUrl });
        const config = loadConfig({ DATA_DIR: fresh.dataDir, LOG_LEVEL: "silent", DATABASE_URL: fresh.databaseUrl });
        const app = await buildApp({ config, db: handle, clock: systemClock, bus });
        const base = await app.listen({ port: 0, host: "127.0.0.1" });
        apps.push({ app, bus, handle, base });
      }
      const manager = await login(0, "scjg.manager");
      site = (await req(0, "GET", "/api/sites", manager)).body.find((s: { code: string }) => s.code === "scjg-hall").id;
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      await req(0, "PUT", `/api/sites/${site}/hour-exceptions`, manager, {
        date: today,
        closed: false,
        opens: "00:00",
        closes: "23:59",
        note: "测试",
      });
      queueId = (await req(0, "POST", `/api/sites/${site}/queues`, manager, { prefix: "Y", name: "跨实例" })).body.id;
      for (let i = 0; i < 4; i++) {
        const w = (await req(0, "POST", `/api/sites/${site}/windows`, manager, { number: 60 + i, name: `跨实例${i}` })).body;
        await req(0, "PUT", `/api/sites/${site}/windows/${w.id}/queues`, manager, { queueIds: [queueId] });
        await req(0, "POST", "/api/staff", manager, {
          username: `multi${i}`,
          displayName: `跨实例${i}`,
          password: "first1234",
          grants: [{ role: "window_staff", siteId: site }],
        });
        const inst = i % 2;
        const cookie = await login(inst, `multi${i}`, "first1234");
        await req(inst, "POST", "/api/auth/password", cookie, { currentPassword: "first1234", newPassword: "second1234" });
        expect((await req(inst, "POST", `/api/windows/${w.id}/open`, cookie)).status).toBe(200);
        cookies.push(cookie);
        windows.push(w.id);
      }
    }, 120_000);

    afterAll(async () => {
      for (const a of apps) {
        await a.app.close();
        await a.bus.close();
        await a.handle.close();
      }
      await fresh.drop();
    });

    it("every call on either instance reaches the displays on both, and no ticket is called twice", async () => {
      const manager = await login(0, "scjg.manager");
      const displays = [0, 1].map(() => null as SseClient | null);
      for (const i of [0, 1]) displays[i] = await SseClient.open(`${apps[i]?.base}/api/sites/${site}/events`, { cookie: manager });
      const guide = await login(0, "scjg.window1");
      let issuing = true;
      const issued = Promise.all(
        Array.from({ length: TICKETS }, (_, k) => req(k % 2, "POST", `/api/sites/${site}/tickets`, guide, { queueId })),
      ).finally(() => {
        issuing = false;
      });
      const calledBy: string[][] = windows.map(() => []);
      await Promise.all(
        windows.map(async (w, i) => {
          const inst = i % 2;
          for (;;) {
            const r = await req(inst, "POST", `/api/windows/${w}/call-next`, cookies[i] as string);
            if (r.status === 404) {
              if (!issuing && (await req(inst, "POST", `/api/windows/${w}/call-next`, cookies[i] as string)).status === 404) return;
              await new Promise((res) => setTimeout(res, 5));
              continue;
            }
            expect(r.status).toBe(200);
            calledBy[i]?.push(r.body.number);
            for (const a of ["start", "finish"])
              expect((await req(inst, "POST", `/api/windows/${w}/tickets/${r.body.id}/${a}`, cookies[i] as string)).status).toBe(200);
          }
        }),
      );
      const results = await issued;
      expect(results.every((r) => r.status === 201)).toBe(true);
      const called = calledBy.flat();
      expect(called.length).toBe(TICKETS);
      expect(new Set(called).size).toBe(TICKETS);
      expect(calledBy[0]?.length).toBeGreaterThan(0);
      expect(calledBy[1]?.length).toBeGreaterThan(0);
      const lastNumber = `Y${String(TICKETS).padStart(3, "0")}`;
      for (const d of displays) {
        for (let waited = 0; countCalls(d) < TICKETS && waited < 15_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
        const seen = new Set(
          (d?.events ?? [])
            .filter((e) => e.event === "ticket.called")
            .map((e) => (e.data as { data: { ticket: { number: string } } }).data.ticket.number),
        );
        expect(seen.size).toBe(TICKETS);
        expect(seen.has(lastNumber)).toBe(true);
        // Each display got the site's events in id order, each once, none skipped.
        const ids = (d?.events ?? []).filter((e) => e.id !== undefined).map((e) => e.id as number);
        expect(ids).toEqual(Array.from({ length: ids.length }, (_, k) => (ids[0] as number) + k));
        await d?.close();
      }
    }, 180_000);
  });
}

function countCalls(d: SseClient | null): number {
  return (d?.events ?? []).filter((e) => e.event === "ticket.called").length;
}
