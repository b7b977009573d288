import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AuditRecord } from "./audit.presenter.js";
import { searchAudit, verify } from "./audit.service.js";

const tags = ["audit"];

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
        response: { 200: z.array(AuditRecord) },
      },
    },
    (req) => searchAudit(req.ctx, req.query),
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
    (req) => verify(req.ctx),
  );
};
