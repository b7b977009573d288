import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { migrate } from "../src/db/index.js";
import { ManualClock } from "../src/platform/clock.js";
import { createBus } from "../src/platform/events/bus.js";
import { scrub } from "../src/platform/ops/logging.js";
import { DEMO_PASSWORD } from "../src/seed/demo-district.js";
import { seed } from "../src/seed/seed.js";
import { ENGINE, freshDatabase, json, setup, type TestEnv } from "./helpers.js";
import { DAY_NOW } from "./ops-helpers.js";
import { issue, queues } from "./queue-helpers.js";
import { freePort } from "./spawned.js";

const TOKEN = "metrics-token-for-tests-0123456789";

describe(`health, readiness, metrics (${ENGINE})`, () => {
  let env: TestEnv | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  it("health stays alive; ready names each check; 503 problem+json when migrations are not current", async () => {
    env = await setup({ now: DAY_NOW });
    expect(json((await env.app.inject({ url: "/api/health" })).body).status).toBe("ok");
    const ok = await env.app.inject({ url: "/api/ready" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok.body)).toMatchObject({
      status: "ready",
      checks: { database: { ok: true }, migrations: { ok: true }, events: { ok: true }, shutdown: { ok: true } },
    });
    // As if this release brought a migration the database has not run yet.
    const last = await env.handle.db
      .selectFrom("kysely_migration" as never)
      .select("name" as never)
      .orderBy("name" as never, "desc")
      .executeTakeFirstOrThrow();
    const name = (last as { name: string }).name;
    await env.handle.db
      .deleteFrom("kysely_migration" as never)
      .where("name" as never, "=", name as never)
      .execute();
    const bad = await env.app.inject({ url: "/api/ready" });
    expect(bad.statusCode).toBe(503);
    expect(bad.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(json(bad.body)).toMatchObject({ code: "not_ready", errors: { migrations: { ok: false }, database: { ok: true } } });
    expect(json(bad.body).title).toContain(name);
    expect((await env.app.inject({ url: "/api/health" })).statusCode).toBe(200);
  });

  it("metrics: never public; behind a token or on their own port; requests, waiting people, WAL or pool", async () => {
    const port = await freePort();
    env = await setup({ now: DAY_NOW, env: { METRICS_TOKEN: TOKEN, METRICS_PORT: String(port) } });
    const manager = await env.login("zgc.manager");
    const site = await env.siteId("zgc-street");
    const q = await queues(env, manager, site);
    for (let i = 0; i < 3; i++) await issue(env, manager, site, q.C as string);
    expect((await env.app.inject({ url: "/metrics" })).statusCode).toBe(401);
    expect((await env.app.inject({ url: "/metrics", headers: { authorization: "Bearer wrong" } })).statusCode).toBe(401);
    const scrape = async () => {
      const res = await env?.app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res?.statusCode).toBe(200);
      return res?.body ?? "";
    };
    // On PostgreSQL the bus hands the events back asynchronously: wait until all three are heard.
    let text = await scrape();
    for (let i = 0; i < 100 && !/govhall_events_received_total\{type="ticket\.issued"\} 3/.test(text); i++) {
      await new Promise((r) => setTimeout(r, 50));
      text = await scrape();
    }
    expect(text).toMatch(/govhall_http_requests_total\{method="POST",route="\/api\/sites\/:siteId\/tickets",status="201"\} 3/);
    expect(text).toMatch(
      /govhall_http_request_duration_seconds_bucket\{le="[\d.]+",method="POST",route="\/api\/sites\/:siteId\/tickets",status="201"\}/,
    );
    expect(text).toMatch(/govhall_queue_waiting\{site="zgc-street",queue="C"\} 3/);
    expect(text).toMatch(/govhall_outbox_messages\{state="pending"\} \d+/);
    expect(text).toMatch(/govhall_streams_open\{stream="site"\} 0/);
    expect(text).toMatch(/govhall_events_published_total\{type="ticket\.issued",stream="site"\} 3/);
    expect(text).toMatch(/govhall_events_received_total\{type="ticket\.issued"\} 3/);
    expect(text).toMatch(ENGINE === "sqlite" ? /govhall_sqlite_wal_bytes \d+/ : /govhall_db_pool_connections\{state="total"\} \d+/);
    // The separate port answers /metrics only.
    const own = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain("govhall_queue_waiting");
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(404);
  });

  it("without METRICS_TOKEN there is no /metrics on the public port", async () => {
    env = await setup({ now: DAY_NOW });
    const r = await env.app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.statusCode).not.toBe(200);
    expect(r.body).not.toContain("govhall_http_requests_total");
  });
});

describe(`logs (${ENGINE})`, () => {
  it("one line per request with its id; an ID number and a mobile never reach the log", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        cb();
      },
    });
    const fresh = await freshDatabase();
    const clock = new ManualClock(DAY_NOW);
    const config = loadConfig({ DATA_DIR: fresh.dataDir, LOG_LEVEL: "debug", NOTIFY_DISPATCH_MS: "0", APPOINTMENT_SWEEP_MS: "0" });
    await migrate(fresh.handle);
    await seed(fresh.handle, clock, "demo");
    const bus = await createBus({ databaseUrl: fresh.databaseUrl });
    const app = await buildApp({ config, db: fresh.handle, clock, bus, logStream: stream });
    await app.ready();
    const ID = "110101199003074518";
    const MOBILE = "13912345678";
    try {
      const reqs = [
        app.inject({ method: "POST", url: "/api/public/appointments/verification-codes", payload: { phone: MOBILE } }),
        app.inject({ url: `/api/public/appointments/lookup?idNumber=${ID}&phone=${MOBILE}` }),
        app.inject({ url: `/api/nothing/${ID}/${MOBILE}` }),
        app.inject({ method: "POST", url: "/api/auth/login", payload: { username: MOBILE, password: ID } }),
        app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "admin", password: DEMO_PASSWORD } }),
        app.inject({
          method: "POST",
          url: "/api/public/appointments/holds/nope/confirm",
          payload: { name: "张三", phone: MOBILE, idNumber: ID, verificationCode: "123456" },
        }),
      ];
      const responses = await Promise.all(reqs);
      const ids = responses.map((r) => r.headers["x-request-id"] as string);
      const all = lines.join("\n");
      expect(all).not.toContain(ID);
      expect(all).not.toContain(MOBILE);
      expect(all).not.toContain("张三");
      expect(all).not.toContain(DEMO_PASSWORD);
      // Exactly one access line per request, carrying its id.
      for (const id of ids) {
        const mine = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === id && typeof l.status === "number");
        expect(mine, id).toHaveLength(1);
        expect(mine[0].msg).toMatch(/^(slow request: )?(GET|POST) \/api\/\S* \d{3} \d+ms$/);
      }
    } finally {
      await app.close();
      await bus.close();
      await fresh.handle.close();
      await fresh.drop();
    }
  });

  it("scrubs ID numbers and mobiles inside any text", () => {
    expect(scrub("Key (phone)=(13912345678) already exists; id 11010119900307451X, +86 13800001111")).toBe(
      "Key (phone)=([mobile]) already exists; id [id-number], [mobile]",
    );
    expect(scrub("ticket A002 at 2026-12-01T02:00:00.000Z, 1796306654567 ms")).toBe(
      "ticket A002 at 2026-12-01T02:00:00.000Z, 1796306654567 ms",
    );
  });
});
