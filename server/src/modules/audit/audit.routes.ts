import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { verifyAudit } from "../../platform/audit/audit.js";
import * as repo from "../../platform/audit/audit.repository.js";
import { assertCan, can, requireUser, scopeOf } from "../../platform/auth/access.js";
import { forbidden } from "../../platform/errors.js";

const tags = ["audit"];

const Record = z.object({
  id: z.number(),
  chain: z.string(),
  seq: z.number(),
  at: z.string(),
  actorKind: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  siteId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  hash: z.string(),
});

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/audit",
    {
      schema: {
        operationId: "searchAudit",
        summary: "Browse and filter the audit log, newest first / 查询审计日志",
        tags,
        querystring: z.object({
          siteId: z.string().uuid().optional(),
          action: z.string().max(60).optional(),
          entityType: z.string().max(40).optional(),
          entityId: z.string().max(80).optional(),
          actor: z.string().max(64).optional(),
          from: z.string().datetime().optional(),
          to: z.string().datetime().optional(),
          beforeId: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.array(Record) },
      },
    },
    async (req) => {
      const p = requireUser(req.ctx.principal);
      const sites = scopeOf(p, "audit.read");
      if (req.query.siteId && !can(p, "audit.read", req.query.siteId)) throw forbidden();
      if (sites !== "all" && sites.length === 0) throw forbidden();
      const rows = await repo.search(req.ctx.db, { ...req.query, sites });
      return rows.map((r) => ({
        id: Number(r.id),
        chain: r.chain,
        seq: r.seq,
        at: r.at,
        actorKind: r.actor_kind,
        actorId: r.actor_id,
        actorName: r.actor_name,
        actorRole: r.actor_role,
        siteId: r.site_id,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before === null ? null : JSON.parse(r.before),
        after: r.after === null ? null : JSON.parse(r.after),
        requestId: r.request_id,
        hash: r.hash,
      }));
    },
  );
  app.get(
    "/api/audit/verify",
    {
      schema: {
        operationId: "verifyAudit",
        summary: "Recompute every hash chain; name the first broken record / 校验审计链",
        tags,
        response: {
          200: z.object({
            ok: z.boolean(),
            chains: z.number(),
            records: z.number(),
            firstBroken: z.object({ id: z.number(), chain: z.string(), seq: z.number(), reason: z.string() }).optional(),
          }),
        },
      },
    },
    async (req) => {
      assertCan(requireUser(req.ctx.principal), "audit.read", null);
      return verifyAudit(req.ctx.db);
    },
  );
};
