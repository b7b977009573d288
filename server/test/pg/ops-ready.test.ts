import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { type DbHandle, migrate, openDatabase } from "../../src/db/index.js";
import { ManualClock } from "../../src/platform/clock.js";
import { createBus, type EventBus } from "../../src/platform/events/bus.js";
import { freshDatabase, json } from "../helpers.js";

/**
 * A TCP proxy in front of the shared PostgreSQL that the test can cut and restore, so the server
 * loses its database without anyone stopping the machine's PostgreSQL.
 */
class CuttableProxy {
  private sockets = new Set<net.Socket>();
  private server: net.Server | undefined;
  port = 0;
  constructor(private target: { host: string; port: number }) {}
  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }
  /** Every connection dropped and new ones refused: PostgreSQL is gone, as far as the app can tell. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

describe("readiness follows PostgreSQL going away and coming back", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let proxy: CuttableProxy;
  let handle: DbHandle;
  let bus: EventBus;
  let app: App;

  beforeAll(async () => {
    fresh = await freshDatabase();
    await migrate(fresh.handle);
    await fresh.handle.close();
    const direct = new URL(fresh.databaseUrl as string);
    proxy = new CuttableProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.open();
    const viaProxy = new URL(direct);
    viaProxy.port = String(proxy.port);
    const url = viaProxy.toString();
    handle = openDatabase({ dataDir: fresh.dataDir, databaseUrl: url });
    bus = await createBus({ databaseUrl: url });
    const config = loadConfig({
      DATA_DIR: fresh.dataDir,
      LOG_LEVEL: "silent",
      DATABASE_URL: url,
      NOTIFY_DISPATCH_MS: "0",
      APPOINTMENT_SWEEP_MS: "0",
      SCHEDULER_TICK_MS: "0",
    });
    app = await buildApp({ config, db: handle, clock: new ManualClock(), bus });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await handle?.close();
    await proxy?.cut();
    await fresh.drop();
  });

  const ready = async () => {
    const r = await app.inject({ url: "/api/ready" });
    return { status: r.statusCode, type: String(r.headers["content-type"]), body: json(r.body) };
  };
  type Ready = Awaited<ReturnType<typeof ready>>;
  /** Asks again until the answer is the one wanted (the bus reconnects with backoff up to 5 s). */
  const until = async (wanted: (r: Ready) => boolean, ms: number) => {
    const end = Date.now() + ms;
    let last = await ready();
    while (!wanted(last) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 200));
      last = await ready();
    }
    return last;
  };

  it("200, then 503 naming the database and the bus while cut, then 200 again by itself", async () => {
    expect((await ready()).status).toBe(200);
    await proxy.cut();
    // The bus publishes and listens over its own connections: its probe fails as well.
    const down = await until(
      (r) => r.status === 503 && r.body.errors?.database?.ok === false && r.body.errors?.events?.ok === false,
      30_000,
    );
    expect(down.status).toBe(503);
    expect(down.type).toMatch(/application\/problem\+json/);
    expect(down.body.code).toBe("not_ready");
    expect(down.body.errors).toMatchObject({ database: { ok: false }, events: { ok: false } });
    expect(down.body.title).toMatch(/database/);
    expect(down.body.title).toMatch(/event bus/);
    // Health only says the process is alive (no database query); readiness is what a balancer follows.
    const health = await app.inject({ url: "/api/health" });
    expect(health.statusCode).toBe(200);
    expect(json(health.body).status).toBe("ok");

    await proxy.open();
    const up = await until((r) => r.status === 200, 30_000);
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body.checks).toMatchObject({ database: { ok: true }, events: { ok: true }, migrations: { ok: true } });
    // And it serves again: a query through the pool and an event through the reconnected bus.
    const sites = await app.inject({ url: "/api/public/sites" });
    expect(sites.statusCode, sites.body).toBe(200);
  }, 90_000);
});
