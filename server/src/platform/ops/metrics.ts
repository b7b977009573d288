import fs from "node:fs";
import http from "node:http";
import client from "prom-client";
import type { DbHandle } from "../../db/index.js";
import { type Clock, chinaLocal } from "../clock.js";
import type { EventBus } from "../events/bus.js";
import * as repo from "./metrics.repository.js";

/** Counters other parts report into (the scheduler's jobs, the event stream hub). */
export interface OpsMetrics {
  registry: client.Registry;
  requests: client.Counter<"method" | "route" | "status">;
  latency: client.Histogram<"method" | "route" | "status">;
  inFlight: client.Gauge;
  eventsPublished: client.Counter<"type" | "stream">;
  eventsReceived: client.Counter<"type">;
  /** Counted per connection as events are written; `delivered(type, kind)` is the cheap way to add one. */
  eventsDelivered: client.Counter<"type" | "stream">;
  delivered(type: string, stream: string): void;
  eventsFilled: client.Counter<"reason">;
  jobRuns: client.Counter<"job" | "outcome">;
  jobLag: client.Gauge<"job">;
  jobDuration: client.Histogram<"job">;
}

export interface MetricsSources {
  handle: DbHandle;
  clock: Clock;
  bus: EventBus;
  /** Open event streams by kind (site, window, ticket). */
  openStreams(): Record<string, number>;
  /** Scheduled jobs past their planned run (the scheduler is built after the metrics). */
  overdueJobs(): Promise<{ job: string; seconds: number }[]>;
}

export function createMetrics(src: MetricsSources): OpsMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "govhall_" });
  const registers = [registry];
  const requests = new client.Counter({
    name: "govhall_http_requests_total",
    help: "HTTP requests answered, by route template and status",
    labelNames: ["method", "route", "status"] as const,
    registers,
  });
  const latency = new client.Histogram({
    name: "govhall_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by route template and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const inFlight = new client.Gauge({
    name: "govhall_http_requests_in_flight",
    help: "HTTP requests received and not yet answered (event streams not counted)",
    registers,
  });
  const eventsPublished = new client.Counter({
    name: "govhall_events_published_total",
    help: "Events this instance published to the bus after commit, by type and stream (site or district)",
    labelNames: ["type", "stream"] as const,
    registers,
  });
  const eventsReceived = new client.Counter({
    name: "govhall_events_received_total",
    help: "Events this instance heard from the bus (its own and other instances'), by type",
    labelNames: ["type"] as const,
    registers,
  });
  // One write per connection: tallied in a plain map (a push to a thousand screens is a thousand
  // writes) and added to the counter when it is scraped.
  const tally = new Map<string, number>();
  const eventsDelivered = new client.Counter({
    name: "govhall_events_delivered_total",
    help: "Events written to connected screens (one per connection, live or replayed), by type and stream kind (site, window, ticket)",
    labelNames: ["type", "stream"] as const,
    registers,
    collect() {
      for (const [key, n] of tally) {
        const [type = "", stream = ""] = key.split("\u0000");
        this.inc({ type, stream }, n);
      }
      tally.clear();
    },
  });
  const delivered = (type: string, stream: string) => {
    const key = `${type}\u0000${stream}`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
  };
  const eventsFilled = new client.Counter({
    name: "govhall_events_filled_total",
    help: "Events read back from the store because the bus missed or reordered them (gap, poll, resync)",
    labelNames: ["reason"] as const,
    registers,
  });
  const publishFailed = new client.Counter({
    name: "govhall_events_publish_failed_total",
    help: "Events whose publish to the bus failed (streams catch up from the store)",
    registers,
  });
  const resyncs = new client.Counter({
    name: "govhall_events_bus_resyncs_total",
    help: "Times the bus reconnected and every stream caught up from the store",
    registers,
  });
  new client.Gauge({
    name: "govhall_streams_open",
    help: "Open server-sent event streams, by kind",
    labelNames: ["stream"] as const,
    registers,
    collect() {
      this.reset();
      for (const [k, n] of Object.entries(src.openStreams())) this.set({ stream: k }, n);
    },
  });
  const { handle, clock } = src;
  new client.Gauge({
    name: "govhall_queue_waiting",
    help: "People waiting now, per site and queue (today, Beijing time)",
    labelNames: ["site", "queue"] as const,
    registers,
    async collect() {
      const rows = await repo.waitingPerQueue(handle.db, chinaLocal(clock.now()).date).catch(() => []);
      this.reset();
      for (const r of rows) this.set({ site: r.site, queue: r.queue }, r.waiting);
    },
  });
  const outboxOldest = new client.Gauge({
    name: "govhall_outbox_oldest_pending_seconds",
    help: "Age of the oldest message still waiting to be sent",
    registers,
  });
  new client.Gauge({
    name: "govhall_outbox_messages",
    help: "Outbox messages not yet sent (pending) and given up on (failed)",
    labelNames: ["state"] as const,
    registers,
    async collect() {
      const rows = await repo.outboxByState(handle.db).catch(() => []);
      this.reset();
      this.set({ state: "pending" }, 0);
      this.set({ state: "failed" }, 0);
      outboxOldest.set(0);
      for (const r of rows) {
        this.set({ state: r.state }, r.n);
        if (r.state === "pending" && r.oldest) outboxOldest.set(Math.max(0, (clock.now().getTime() - Date.parse(r.oldest)) / 1000));
      }
    },
  });
  const jobRuns = new client.Counter({
    name: "govhall_job_runs_total",
    help: "Scheduled job runs on this instance, by job and outcome (ok, failed)",
    labelNames: ["job", "outcome"] as const,
    registers,
  });
  const jobLag = new client.Gauge({
    name: "govhall_job_lag_seconds",
    help: "How late the last run of a job started after it was due",
    labelNames: ["job"] as const,
    registers,
  });
  const jobDuration = new client.Histogram({
    name: "govhall_job_duration_seconds",
    help: "How long job runs take",
    labelNames: ["job"] as const,
    buckets: [0.01, 0.1, 0.5, 1, 5, 30, 120, 600],
    registers,
  });
  new client.Gauge({
    name: "govhall_job_overdue_seconds",
    help: "How long a scheduled job has been due without running (0 when not yet due); read from the job table, so any instance shows it",
    labelNames: ["job"] as const,
    registers,
    async collect() {
      const rows = await src.overdueJobs().catch(() => []);
      this.reset();
      for (const r of rows) this.set({ job: r.job }, r.seconds);
    },
  });
  new client.Gauge({
    name: "govhall_calendar_last_year",
    help: "The last year the working-day calendar covers (next year's holidays must be entered before it starts)",
    registers,
    async collect() {
      const year = await repo.lastCalendarYear(handle.db).catch(() => null);
      if (year !== null) this.set(year);
    },
  });
  if (handle.pool) {
    const pool = handle.pool;
    new client.Gauge({
      name: "govhall_db_pool_connections",
      help: "PostgreSQL pool connections: total open, idle, and requests waiting for one",
      labelNames: ["state"] as const,
      registers,
      collect() {
        this.set({ state: "total" }, pool.totalCount);
        this.set({ state: "idle" }, pool.idleCount);
        this.set({ state: "waiting" }, pool.waitingCount);
      },
    });
  }
  if (handle.file) {
    const wal = `${handle.file}-wal`;
    new client.Gauge({
      name: "govhall_sqlite_wal_bytes",
      help: "Size of the SQLite write-ahead log (bounded by the checkpointer)",
      registers,
      collect() {
        this.set(fs.existsSync(wal) ? fs.statSync(wal).size : 0);
      },
    });
  }
  const internal = (type: string) => type.startsWith("ops.");
  src.bus.observe({
    onPublish: (ms) => {
      for (const m of ms)
        if (!internal(m.type)) eventsPublished.inc({ type: m.type, stream: m.siteId === "district" ? "district" : "site" });
    },
    onPublishFailed: (ms) => publishFailed.inc(ms.length),
    onReceive: (m) => {
      if (!internal(m.type)) eventsReceived.inc({ type: m.type });
    },
    onResync: () => resyncs.inc(),
  });
  return {
    registry,
    requests,
    latency,
    inFlight,
    eventsPublished,
    eventsReceived,
    eventsDelivered,
    delivered,
    eventsFilled,
    jobRuns,
    jobLag,
    jobDuration,
  };
}

/** A plain HTTP server for Prometheus on its own port: GET /metrics, nothing else. */
export function startMetricsServer(metrics: OpsMetrics, host: string, port: number): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    try {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { "content-type": metrics.registry.contentType }).end(body);
    } catch (err) {
      res.writeHead(500, { "content-type": "text/plain" }).end(`metrics failed: ${(err as Error).message}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
