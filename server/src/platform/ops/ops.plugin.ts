import { timingSafeEqual } from "node:crypto";
import type http from "node:http";
import type { ServerResponse } from "node:http";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Config } from "../../config.js";
import type { DbHandle } from "../../db/index.js";
import type { Clock } from "../clock.js";
import { AppError, toProblem } from "../errors.js";
import type { EventBus } from "../events/bus.js";
import { accessLine } from "./logging.js";
import { createMetrics, type OpsMetrics, startMetricsServer } from "./metrics.js";
import { ReadinessCheck } from "./readiness.js";

export interface OpsState {
  readiness: ReadinessCheck;
  metrics: OpsMetrics;
  /** Ends every open event stream with a retry hint, so screens reconnect (to another instance). */
  closeStreams(): number;
}

declare module "fastify" {
  interface FastifyInstance {
    ops: OpsState;
  }
}

export interface OpsDeps {
  config: Config;
  db: DbHandle;
  clock: Clock;
  bus: EventBus;
}

/** Which kind of stream a route serves: /api/sites/:siteId/events → site, and so on. */
function streamKind(route: string | undefined): string | undefined {
  return route?.match(/\/(site|window|ticket)s\/:[^/]+\/events$/)?.[1];
}

/**
 * Operations: readiness, Prometheus metrics (own port or token), one access line per request,
 * and the event streams tracked so shutdown can close them with a retry hint. Its hooks apply to
 * the whole app (registered without encapsulation).
 */
export function opsPlugin(deps: OpsDeps) {
  const { config, db, clock, bus } = deps;
  const plugin = async (app: FastifyInstance) => {
    const streams = new Map<ServerResponse, string>();
    const metrics = createMetrics({
      handle: db,
      clock,
      bus,
      openStreams: () => {
        const out: Record<string, number> = { site: 0, window: 0, ticket: 0 };
        for (const [res, kind] of streams) if (res.headersSent && res.statusCode === 200) out[kind] = (out[kind] ?? 0) + 1;
        return out;
      },
      overdueJobs: async () => (app.scheduler ? app.scheduler.overdue() : []),
    });
    const readiness = new ReadinessCheck(db, bus);
    const closeStreams = () => {
      let n = 0;
      for (const res of streams.keys()) {
        if (res.headersSent && !res.writableEnded) {
          // Spread the reconnections over a few seconds rather than all screens at once.
          const retry = 500 + Math.floor(Math.random() * 2500);
          res.write(`: server shutting down, reconnect\nretry: ${retry}\n\n`);
          res.end();
          n++;
        }
      }
      streams.clear();
      return n;
    };
    app.decorate("ops", { readiness, metrics, closeStreams });

    app.addHook("onRequest", async (req, reply) => {
      const kind = streamKind(req.routeOptions.url);
      const res = reply.raw;
      if (!kind) {
        metrics.inFlight.inc();
        res.once("close", () => metrics.inFlight.dec());
        return;
      }
      streams.set(res, kind);
      res.once("close", () => streams.delete(res));
    });
    // The stream hub and the scheduler are built after this plugin: observe them once the app is assembled.
    app.addHook("onReady", async () => {
      app.streams?.observe({
        onSend: (m, res) => metrics.delivered(m.type, streams.get(res) ?? "other"),
        onFill: (_stream, n, reason) => metrics.eventsFilled.inc({ reason }, n),
      });
      app.scheduler?.observe({
        onRun: (o) => {
          metrics.jobRuns.inc({ job: o.name, outcome: o.status });
          metrics.jobLag.set({ job: o.name }, o.lagMs / 1000);
          metrics.jobDuration.observe({ job: o.name }, o.durationMs / 1000);
        },
      });
    });
    const logLine = accessLine(config.accessLog);
    app.addHook("onResponse", async (req, reply) => {
      const labels = { method: req.method, route: req.routeOptions.url ?? "unmatched", status: String(reply.statusCode) };
      metrics.requests.inc(labels);
      metrics.latency.observe(labels, reply.elapsedTime / 1000);
      await logLine(req, reply);
    });

    app.get(
      "/api/ready",
      {
        config: { public: true },
        schema: {
          operationId: "getReadiness",
          summary: "Ready to serve: database, migrations, event bus (503 naming what is not) / 就绪检查",
          tags: ["system"],
        },
      },
      async (req, reply) => {
        const r = await readiness.check();
        if (r.ready) return { status: "ready", checks: r.checks };
        const failing = Object.entries(r.checks)
          .filter(([, c]) => !c.ok)
          .map(([k, c]) => `${k}: ${c.detail ?? "not ready"}`);
        const e = new AppError(503, "not_ready", `服务尚未就绪（${failing.join("; ")}）`, `Not ready: ${failing.join("; ")}`, r.checks);
        reply.status(503).type("application/problem+json");
        return toProblem(e, req.id);
      },
    );

    if (config.metricsToken) {
      const expected = Buffer.from(`Bearer ${config.metricsToken}`);
      const allowed = (req: FastifyRequest) => {
        const got = Buffer.from(req.headers.authorization ?? "");
        return got.length === expected.length && timingSafeEqual(got, expected);
      };
      app.get("/metrics", { schema: { hide: true } }, async (req, reply) => {
        if (!allowed(req)) {
          const e = new AppError(401, "unauthenticated", "需要指标访问令牌", "A metrics token is required");
          return reply.status(401).type("application/problem+json").send(toProblem(e, req.id));
        }
        return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      });
    }
    let server: http.Server | undefined;
    if (config.metricsPort) {
      app.addHook("onReady", async () => {
        server = await startMetricsServer(metrics, config.metricsHost, config.metricsPort);
      });
    }
    // Node's server.close() closes the connections idle at that moment only; a keep-alive
    // connection whose request (or event stream) ends later would hold the close until its
    // keep-alive timeout. While closing, connections are closed as soon as they fall idle.
    let reaper: NodeJS.Timeout | undefined;
    app.addHook("preClose", async () => {
      readiness.shuttingDown = true;
      closeStreams();
      reaper = setInterval(() => app.server.closeIdleConnections(), 50);
      reaper.unref();
    });
    app.addHook("onClose", async () => {
      clearInterval(reaper);
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });
  };
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for("skip-override")] = true;
  return plugin;
}
