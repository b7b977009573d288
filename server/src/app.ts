import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Writable } from "node:stream";
import cookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Config } from "./config.js";
import type { DbHandle } from "./db/index.js";
import { appointmentRoutes } from "./modules/appointments/appointments.routes.js";
import type { AppointmentEnv } from "./modules/appointments/env.js";
import { publicAppointmentRoutes } from "./modules/appointments/public.routes.js";
import { appointmentSweepJob } from "./modules/appointments/sweeper.js";
import { useCode, verifyCode } from "./modules/appointments/verification.service.js";
import { auditRoutes } from "./modules/audit/audit.routes.js";
import { authRoutes, SESSION_COOKIE } from "./modules/auth/auth.routes.js";
import { principalFromDeviceToken, principalFromSession } from "./modules/auth/auth.service.js";
import { acceptanceJob, deadlinesJob, registerCaseClocks } from "./modules/cases/cases.jobs.js";
import { caseRoutes } from "./modules/cases/cases.routes.js";
import { catalogRoutes } from "./modules/catalog/catalog.routes.js";
import { coverageRoutes } from "./modules/catalog/coverage.routes.js";
import { catalogIoRoutes } from "./modules/catalog/io.routes.js";
import { publicCatalogRoutes } from "./modules/catalog/public.routes.js";
import { deviceRoutes } from "./modules/devices/devices.routes.js";
import { pairingRoutes } from "./modules/devices/pairing.routes.js";
import { type Channels, channelsFromConfig } from "./modules/notifications/channels.js";
import { notificationRoutes } from "./modules/notifications/notifications.routes.js";
import { createDispatcher, outboxJob } from "./modules/notifications/outbox.service.js";
import { orgRoutes } from "./modules/org/org.routes.js";
import { publicRoutes } from "./modules/org/public.routes.js";
import { siteExists } from "./modules/org/sites.service.js";
import { dayEndJob } from "./modules/queue/dayend.service.js";
import { districtSummaryJob } from "./modules/queue/district.service.js";
import { publicQueueRoutes } from "./modules/queue/public.routes.js";
import { queueRoutes } from "./modules/queue/queue.routes.js";
import { streamRoutes } from "./modules/queue/stream.routes.js";
import { TicketWatcher } from "./modules/queue/stream.tickets.js";
import { windowRoutes } from "./modules/queue/window.routes.js";
import { staffRoutes } from "./modules/staff/staff.routes.js";
import { unauthenticated } from "./platform/auth/access.js";
import { assertDeviceMayCall } from "./platform/auth/device-operations.js";
import { assertOperationAccess } from "./platform/auth/operations.js";
import { Caches } from "./platform/cache/cache.js";
import { calendarRoutes } from "./platform/calendar/calendar.routes.js";
import type { Clock } from "./platform/clock.js";
import type { Ctx } from "./platform/context.js";
import { documentRoutes } from "./platform/documents/documents.routes.js";
import { AppError, toProblem } from "./platform/errors.js";
import type { EventBus } from "./platform/events/bus.js";
import { StreamHub } from "./platform/events/hub.js";
import { createFileStore } from "./platform/files/backends.js";
import { fileRoutes } from "./platform/files/files.routes.js";
import { registerPublicCompression } from "./platform/http/compress.js";
import { registerInputGuard } from "./platform/http/input.js";
import { registerLimits } from "./platform/http/limits.js";
import { openApiOptions } from "./platform/http/openapi.js";
import { clientErrors, frameworkErrors, registerSecurity, trustProxyOption } from "./platform/http/security.js";
import { idempotencyExpiryJob, registerIdempotency } from "./platform/idempotency/idempotency.js";
import { Scheduler } from "./platform/scheduler/scheduler.js";
import { schedulerRoutes } from "./platform/scheduler/scheduler.routes.js";
import { siteGuard } from "./platform/site-guard.js";
// Every module's event declarations (typed payloads; documented in OpenAPI as EventPayloads / StreamEvent).
import "./modules/queue/queue.events.js";
import "./modules/appointments/appointments.events.js";
import "./platform/calendar/calendar.events.js";
import "./platform/deadlines/deadlines.events.js";
import { backupJob } from "./platform/ops/backup.job.js";
import "./modules/cases/cases.events.js";
import { loggerOptions } from "./platform/ops/logging.js";
import { opsPlugin } from "./platform/ops/ops.plugin.js";

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module "fastify" {
  interface FastifyRequest {
    ctx: Ctx;
  }
  interface FastifyInstance {
    /** This instance's stream hub: `app.streams.observe({ onDeliver })` for metrics. */
    streams: StreamHub;
    /** This instance's caches (platform/cache): tests check what another instance dropped. */
    caches: Caches;
    /** The process's scheduler: modules register jobs; tests call `runDue()` after moving the clock. */
    scheduler: Scheduler;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. Public routes live under /api/public/ (plus health, docs and sign-in). */
    public?: boolean;
    /** Allowed while the user still has to change the initial password. */
    allowPendingPasswordChange?: boolean;
  }
}

export interface AppDeps {
  config: Config;
  db: DbHandle;
  clock: Clock;
  bus: EventBus;
  /** Delivery channels of the outbox (default: from the configuration). */
  channels?: Channels;
  /** Where log lines go (default: standard output). */
  logStream?: Writable;
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, db, clock, bus } = deps;
  const files = createFileStore(config.files);
  // This instance's caches: dropped by the events every instance hears (platform/cache).
  const caches = new Caches(clock, bus);
  const app = Fastify({
    logger: loggerOptions(config, deps.logStream),
    // One line per request, written by the ops plugin, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxyOption(config.trustProxy),
    frameworkErrors,
    clientErrorHandler: clientErrors,
    genReqId: (req) => {
      const h = req.headers["x-request-id"];
      return typeof h === "string" && /^[\w-]{1,64}$/.test(h) ? h : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((err, req, reply) => {
    const problem = toAppError(err);
    if (problem.status >= 500) req.log.error({ err }, "request failed");
    const retry = (problem.details as { retryAfterSec?: number } | undefined)?.retryAfterSec;
    if (problem.status === 429 && retry) reply.header("retry-after", String(retry));
    reply.status(problem.status).type("application/problem+json").send(toProblem(problem, req.id));
  });
  app.setNotFoundHandler((req, reply) => {
    // HEAD answers like GET (uptime monitors check the apps with HEAD).
    if (req.url.startsWith("/api/") || (req.method !== "GET" && req.method !== "HEAD")) {
      const e = new AppError(
        404,
        "route_not_found",
        `接口不存在：${req.method} ${req.url.split("?")[0]}`,
        `No such route: ${req.method} ${req.url.split("?")[0]}`,
      );
      reply.status(404).type("application/problem+json").send(toProblem(e, req.id));
      return;
    }
    serveAppShell(req.url, reply);
  });

  await app.register(cookie);
  await registerSecurity(app, { publicUrl: config.publicUrl });
  registerInputGuard(app);
  await registerLimits(app, { redisUrl: config.redisUrl, databaseUrl: config.databaseUrl, dataDir: config.dataDir, clock });
  await app.register(opsPlugin({ config, db, clock, bus }));
  await app.register(swagger, openApiOptions({ version: config.version, sessionCookie: SESSION_COOKIE }));
  await app.register(swaggerUi, { routePrefix: "/api/docs" });

  app.decorateRequest("ctx", null as unknown as Ctx);
  // One gate for every API route, before any body is read: anonymous callers only reach
  // routes marked public; a user with an initial password only reaches the password change.
  app.addHook("onRequest", async (req) => {
    req.ctx = { db: db.db, dialect: db.dialect, clock, principal: null, requestId: req.id, bus, files, caches };
    if (!req.url.startsWith("/api/")) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith("Bearer ")) req.ctx.principal = await principalFromDeviceToken(req.ctx, auth.slice(7).trim());
    else {
      const token = req.cookies[SESSION_COOKIE];
      if (token) req.ctx.principal = await principalFromSession(req.ctx, token);
    }
    const cfg = req.routeOptions.config;
    // Unmatched URLs fall through to the 404 handler; public ones are open to all.
    if (!req.routeOptions.url || cfg.public || isOpenByPrefix(req)) return;
    const p = req.ctx.principal;
    if (!p) throw unauthenticated();
    const operationId = (req.routeOptions.schema as { operationId?: string } | undefined)?.operationId;
    assertDeviceMayCall(p, operationId);
    assertOperationAccess(p, operationId, req.params);
    if (p.kind === "user" && p.mustChangePassword && !cfg.allowPendingPasswordChange) {
      throw new AppError(403, "password_change_required", "首次登录请先修改初始密码", "Change the initial password before going on");
    }
  });
  // After validation, before any handler: canonical ids, and unknown sites refused (site-guard.ts).
  app.addHook(
    "preHandler",
    siteGuard((id) => siteExists(db.db, id)),
  );
  // A repeated Idempotency-Key answers the first result (platform/idempotency).
  registerIdempotency(app, { db: db.db, clock });
  app.addHook("onSend", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });
  registerPublicCompression(app);

  app.get(
    "/api/health",
    {
      config: { public: true },
      schema: {
        operationId: "getHealth",
        summary: "Liveness: the process answers (no database query; readiness is /api/ready) / 存活检查",
        tags: ["system"],
      },
    },
    // Liveness only: the process answers. It never touches the database, so a database outage
    // does not get a healthy process restarted; whether it can serve is /api/ready.
    async () => ({ status: "ok", db: db.dialect, version: config.version }),
  );
  app.get("/api/openapi.json", { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(staffRoutes);
  await app.register(deviceRoutes);
  await app.register(pairingRoutes);
  await app.register(auditRoutes);
  await app.register(calendarRoutes);
  await app.register(publicRoutes);
  await app.register(queueRoutes);
  await app.register(windowRoutes);
  await app.register(publicQueueRoutes, { onlineShare: config.onlineTicketShare, mobile: { verify: verifyCode, use: useCode } });
  await app.register(catalogRoutes);
  await app.register(coverageRoutes);
  await app.register(catalogIoRoutes);
  await app.register(publicCatalogRoutes);
  bus.setLog(app.log);
  const hub = new StreamHub(db.db, bus, {
    heartbeatMs: config.streamHeartbeatMs,
    pollMs: config.streamPollMs,
    gapWaitMs: config.streamGapWaitMs,
    log: app.log,
  });
  app.decorate("streams", hub);
  app.decorate("caches", caches);
  const watcher = new TicketWatcher(hub, () => ({
    db: db.db,
    dialect: db.dialect,
    clock,
    principal: null,
    requestId: "stream",
    bus,
    files,
    caches,
  }));
  await app.register(streamRoutes(hub, watcher));
  app.addHook("preClose", async () => hub.close());
  app.addHook("onClose", async () => caches.close());

  // One scheduler for every periodic job (platform/scheduler): each run is leased in the database,
  // so of several instances one runs it. The outbox is also kicked after each commit that queued
  // a message; its periodic pass sends what a kick missed and retries.
  const systemCtx = (requestId: string): Ctx => ({ db: db.db, dialect: db.dialect, clock, principal: null, requestId, bus, files, caches });
  const scheduler = new Scheduler({ db: db.db, clock, makeCtx: systemCtx, log: (err, job) => app.log.error({ err, job }, "job failed") });
  const dispatcher = config.notifyDispatchMs
    ? createDispatcher(db.db, clock, deps.channels ?? channelsFromConfig(config), (err) => app.log.error({ err }, "outbox dispatch failed"))
    : undefined;
  const apptEnv: AppointmentEnv = {
    publicUrl: config.publicUrl,
    showVerificationCodes: config.showVerificationCodes,
    publicBookingLimit: config.publicBookingLimit,
    kick: () => dispatcher?.kick(),
  };
  if (dispatcher) scheduler.register(outboxJob(dispatcher, config.notifyDispatchMs));
  if (config.appointmentSweepMs) scheduler.register(appointmentSweepJob(apptEnv, config.appointmentSweepMs));
  scheduler.register(dayEndJob);
  if (config.backupSchedule !== "off") scheduler.register(backupJob(config));
  scheduler.register(idempotencyExpiryJob);
  if (config.districtSummaryMs) scheduler.register(districtSummaryJob(config.districtSummaryMs));
  app.decorate("scheduler", scheduler);
  app.addHook("onReady", async () => scheduler.start(config.schedulerTickMs));
  app.addHook("onClose", async () => scheduler.stop());
  await app.register(schedulerRoutes(scheduler));
  await app.register(appointmentRoutes(apptEnv));
  await app.register(publicAppointmentRoutes(apptEnv));
  await app.register(notificationRoutes);
  const caseEnv = { rights: config.caseRights, publicUrl: config.publicUrl, kick: () => dispatcher?.kick() };
  registerCaseClocks(caseEnv);
  scheduler.register(acceptanceJob(caseEnv));
  scheduler.register(deadlinesJob);
  await app.register(caseRoutes(caseEnv));
  await app.register(fileRoutes);
  await app.register(documentRoutes);

  const webDist = config.webDist;
  // Hashed assets are looked up per request, so a rebuilt web is served without a restart.
  // Their names carry a content hash: cached for a year, never revalidated, and sent as the
  // build's Brotli or gzip copy when the browser accepts it (web/scripts/precompress.mjs).
  await app.register(fastifyStatic, {
    root: path.join(webDist, "assets"),
    prefix: "/assets/",
    index: false,
    wildcard: true,
    preCompressed: true,
    maxAge: "365d",
    immutable: true,
  });
  app.get("/favicon.svg", { schema: { hide: true } }, (_req, reply) =>
    reply.header("cache-control", "public, max-age=86400").sendFile("favicon.svg", webDist, OWN_CACHE_HEADER),
  );
  app.get("/", { schema: { hide: true } }, (_req, reply) => reply.redirect("/manage/"));
  // The park-site widget (Y12): a script a park website includes to embed /portal/embed in an iframe.
  app.get("/portal/widget.js", { config: { public: true }, schema: { hide: true } }, (_req, reply) =>
    reply.header("cache-control", "no-cache").type("text/javascript; charset=utf-8").sendFile("widget.js", webDist, OWN_CACHE_HEADER),
  );

  /** Each app is its own HTML entry so a kiosk never loads the management code. */
  function serveAppShell(url: string, reply: FastifyReply) {
    const first = url.split("/")[1]?.split("?")[0] ?? "";
    const appName = first === "t" ? "ticket" : first;
    const entry = APPS.includes(appName) ? `${appName}.html` : undefined;
    if (!entry || !fs.existsSync(path.join(webDist, entry))) {
      const e = new AppError(404, "page_not_found", "页面不存在", "Page not found");
      reply.status(404).type("application/problem+json").send(toProblem(e));
      return;
    }
    reply.type("text/html").header("cache-control", "no-cache").sendFile(entry, webDist, OWN_CACHE_HEADER);
  }

  return app as unknown as App;
}

/** Files outside /assets/ keep the Cache-Control set here, not the year-long one of hashed assets. */
const OWN_CACHE_HEADER = { cacheControl: false } as const;

/** One HTML entry per app; /t/<code> is the live-ticket page of the QR code on a printed ticket. */
export const APPS = ["manage", "portal", "kiosk", "display", "counter", "evaluator", "district", "ticket"];

function isOpenByPrefix(req: FastifyRequest): boolean {
  return req.url.startsWith("/api/public/") || req.url.startsWith("/api/docs");
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({ path: v.instancePath || "/", message: v.message }));
    const first = issues[0];
    const where = first ? `${first.path}: ${first.message}` : "";
    return new AppError(400, "validation_failed", `请求内容有误（${where}）`, `The request is not valid (${where})`, issues);
  }
  const e = err as { code?: string; statusCode?: number; message?: string };
  if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE") return new AppError(413, "body_too_large", "请求内容过大", "The request body is too large");
  if (e.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
    return new AppError(415, "unsupported_media_type", "不支持的内容类型，请使用 JSON", "Unsupported content type: send JSON");
  if (e.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || e.code === "FST_ERR_CTP_INVALID_JSON_BODY" || (e.statusCode === 400 && e.message)) {
    return new AppError(400, "malformed_body", "请求内容不是有效的 JSON", "The request body is not valid JSON");
  }
  // Unique violations that slipped past a service's own check (two requests racing).
  if (e.code === "23505" || e.code === "SQLITE_CONSTRAINT_UNIQUE" || e.code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    return new AppError(
      409,
      "conflict",
      "数据已被他人修改或已存在，请刷新后重试",
      "Someone else changed or created this just now; reload and try again",
    );
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(e.statusCode, "bad_request", "请求无法处理", e.message ?? "Bad request");
  }
  return new AppError(500, "internal_error", "服务器内部错误，请稍后重试", "Internal server error; please try again");
}
