import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINE, freshDatabase } from "./helpers.js";
import { freePort, holdRequest, openAllDay, type Spawned, scrapeUntil, spawnServer } from "./spawned.js";

/** Whether a new connection to the port is refused (the listener stopped accepting). */
const refuses = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", () => resolve(true));
  });

describe(`SIGTERM under load (${ENGINE})`, () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let server: Spawned | undefined;
  let port = 0;
  let metricsPort = 0;
  const start = async () => {
    server = await spawnServer({
      dataDir: fresh.dataDir,
      databaseUrl: fresh.databaseUrl,
      port,
      env: { LOG_LEVEL: "info", SHUTDOWN_TIMEOUT_MS: "8000", METRICS_PORT: String(metricsPort) },
      readyPath: "/api/ready",
    });
    return server;
  };

  beforeAll(async () => {
    fresh = await freshDatabase();
    await fresh.handle.close();
    port = await freePort();
    metricsPort = await freePort();
    await start();
  }, 90_000);
  afterAll(async () => {
    server?.proc.kill("SIGKILL");
    await fresh.drop();
  });

  it("stops accepting, finishes requests in flight, ends streams with a retry hint, loses no acknowledged ticket", async () => {
    const s = server as Spawned;
    const { req, base } = s;
    const manager = await s.login("zgc.manager");
    const site = await openAllDay(s, manager, "zgc-street");
    const queueId = (await req("GET", `/api/sites/${site}/queues`, manager)).body.find((q: { prefix: string }) => q.prefix === "C").id;

    // A display's stream of the site.
    const stream = await fetch(`${base}/api/sites/${site}/events`, { headers: { cookie: manager } });
    expect(stream.status).toBe(200);
    let streamText = "";
    const streamDone = (async () => {
      const reader = stream.body?.getReader();
      const dec = new TextDecoder();
      for (;;) {
        const { done, value } = (await reader?.read().catch(() => ({ done: true, value: undefined }))) ?? { done: true };
        if (done) return;
        streamText += dec.decode(value);
      }
    })();

    const acked: string[] = [];
    const refused: number[] = [];
    let stop = false;
    // Eight clients issuing tickets until told to stop, keeping what the server acknowledged.
    const load = () =>
      Array.from({ length: 8 }, async () => {
        while (!stop) {
          try {
            const r = await req("POST", `/api/sites/${site}/tickets`, manager, { queueId });
            if (r.status === 201) acked.push(r.body.id);
            else refused.push(r.status);
          } catch {
            return; // connection refused or reset: not acknowledged
          }
        }
      });
    const issuers = load();
    while (acked.length < 30) await new Promise((r) => setTimeout(r, 20));
    // A scrape shows the traffic: the open display stream, the events written to it, the requests.
    const metrics = `http://127.0.0.1:${metricsPort}/metrics`;
    const seen = await scrapeUntil(metrics, /^govhall_events_delivered_total\{type="ticket\.issued",stream="site"\} [1-9]/m);
    expect(seen).toMatch(/^govhall_streams_open\{stream="site"\} 1$/m);
    expect(seen).toMatch(/^govhall_http_requests_total\{method="POST",route="\/api\/sites\/:siteId\/tickets",status="201"\} [1-9]/m);
    expect(seen).toMatch(/^govhall_events_published_total\{type="ticket\.issued",stream="site"\} [1-9]/m);

    // One request certainly in flight when the signal comes: the server has it (the in-flight
    // gauge counts it) but waits for the rest of its body.
    stop = true;
    await Promise.all(issuers);
    const held = await holdRequest(port, "POST", `/api/sites/${site}/tickets`, manager, { queueId });
    await scrapeUntil(metrics, /^govhall_http_requests_in_flight 1$/m);

    const t0 = Date.now();
    s.proc.kill("SIGTERM");
    // Load goes on while the server closes: whatever it acknowledges must be kept.
    stop = false;
    const closingIssuers = load();
    for (let i = 0; i < 400 && !(await refuses(port)); i++) await new Promise((r) => setTimeout(r, 25));
    expect(await refuses(port), "the listener still accepts after SIGTERM").toBe(true);
    expect(s.proc.exitCode, "the server exited with a request in flight").toBeNull();
    const answer = await held.finish();
    expect(answer.status, answer.body).toBe(201);
    acked.push(JSON.parse(answer.body).id);

    const code = await s.exited;
    const took = Date.now() - t0;
    stop = true;
    await Promise.all(closingIssuers);
    await streamDone;

    expect(code, s.output()).toBe(0);
    expect(took).toBeLessThan(8000 + 2000);
    expect(s.output()).toContain("SIGTERM: shutting down");
    expect(s.output()).toMatch(/stopped after \d+ ms/);
    expect(streamText).toContain("server shutting down, reconnect");
    expect(streamText).toMatch(/retry: \d+\n\n$/);
    // Refusals while closing are 503s the client can retry elsewhere, never a 500.
    expect(refused.filter((s) => s !== 503)).toEqual([]);
    if (ENGINE === "sqlite") {
      const wal = path.join(fresh.dataDir, "govhall.sqlite-wal");
      // The last checkpoint moved everything into the database file.
      expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
    }

    const again = await start();
    const manager2 = await again.login("zgc.manager");
    const missing: string[] = [];
    for (const id of acked) if ((await again.req("GET", `/api/tickets/${id}`, manager2)).status !== 200) missing.push(id);
    expect(missing).toEqual([]);
    const audit = await again.req("GET", "/api/audit/verify", await again.login("admin"));
    expect(audit.body.ok).toBe(true);
    again.proc.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  }, 180_000);
});
