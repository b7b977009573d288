import type { ServerResponse } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { assertCan, can } from "../../platform/auth/access.js";
import { forbidden, notFound } from "../../platform/errors.js";
import { SESSION_COOKIE } from "../auth/auth.routes.js";
import { principalFromDeviceToken, principalFromSession } from "../auth/auth.service.js";
import { SiteParams } from "../org/org.schema.js";
import { getSiteRow } from "../org/sites.service.js";
import * as repo from "./queue.repository.js";
import { WindowOnlyParams } from "./queue.schema.js";
import type { StreamHub } from "./stream.hub.js";
import type { TicketWatcher } from "./stream.tickets.js";
import { loadWindow } from "./window.service.js";

const tags = ["stream"];
const LastEvent = z.object({
  lastEventId: z.coerce.number().int().min(0).optional().describe("resume after this event (or send the Last-Event-ID header)"),
});

function lastEventId(req: FastifyRequest, q: { lastEventId?: number }): number | null {
  const h = req.headers["last-event-id"];
  const fromHeader = typeof h === "string" && /^\d{1,15}$/.test(h) ? Number(h) : null;
  return fromHeader ?? q.lastEventId ?? null;
}

/** Re-resolves the caller's credentials, as the request hook did when the stream opened. */
function stillAllowed(req: FastifyRequest, siteId: string): () => Promise<boolean> {
  const auth = req.headers.authorization;
  const cookie = req.cookies[SESSION_COOKIE];
  return async () => {
    const p = auth?.startsWith("Bearer ")
      ? await principalFromDeviceToken(req.ctx, auth.slice(7).trim())
      : cookie
        ? await principalFromSession(req.ctx, cookie)
        : null;
    return p !== null && can(p, "queue.read", siteId);
  };
}

/** Switches the reply to a server-sent event stream that stays open. */
function openStream(req: FastifyRequest, reply: FastifyReply): ServerResponse {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
    "x-request-id": req.id,
  });
  res.write("retry: 3000\n\n");
  return res;
}

export function streamRoutes(hub: StreamHub, watcher: TicketWatcher): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/sites/:siteId/events",
      {
        schema: {
          operationId: "streamSiteEvents",
          summary: "Server-sent events of a site: every call, ticket and window change, resumable by Last-Event-ID / 场所实时事件流",
          tags,
          params: SiteParams,
          querystring: LastEvent,
          produces: ["text/event-stream"],
        },
      },
      async (req, reply) => {
        assertCan(req.ctx.principal, "queue.read", req.params.siteId);
        await getSiteRow(req.ctx.db, req.params.siteId);
        const res = openStream(req, reply);
        await hub.join(
          req.params.siteId,
          { res, accepts: () => true, allowed: stillAllowed(req, req.params.siteId) },
          lastEventId(req, req.query),
        );
      },
    );
    app.get(
      "/api/windows/:windowId/events",
      {
        schema: {
          operationId: "streamWindowEvents",
          summary: "Server-sent events for one window: its own changes and those of the queues it serves / 窗口实时事件流",
          tags,
          params: WindowOnlyParams,
          querystring: LastEvent,
          produces: ["text/event-stream"],
        },
      },
      async (req, reply) => {
        const w = await loadWindow(req.ctx.db, req.params.windowId);
        assertCan(req.ctx.principal, "queue.read", w.site_id);
        const p = req.ctx.principal;
        if (p.kind === "device" && p.deviceKind === "counter_terminal" && p.windowId !== w.id) throw forbidden();
        const queues = new Set((await repo.windowQueues(req.ctx.db, w.id)).map((q) => q.queue_id));
        const res = openStream(req, reply);
        await hub.join(
          w.site_id,
          {
            res,
            allowed: stillAllowed(req, w.site_id),
            accepts: (m) => {
              const d = m.data as { dispatch?: { windowId: string; queueIds: string[] } };
              if (m.type === "queue.config" && d.dispatch?.windowId === w.id) {
                queues.clear();
                for (const q of d.dispatch.queueIds) queues.add(q);
              }
              return (
                m.windowId === w.id ||
                (m.queueId !== null && queues.has(m.queueId)) ||
                m.type === "queue.config" ||
                m.type === "tickets.closed_unserved"
              );
            },
          },
          lastEventId(req, req.query),
        );
      },
    );
    app.get(
      "/api/public/tickets/:code/events",
      {
        config: { public: true },
        schema: {
          operationId: "streamTicketEvents",
          summary: "Server-sent events for a ticket holder: state changes and place in line / 我的号实时状态",
          tags,
          params: z.object({ code: z.string().min(6).max(32) }),
          produces: ["text/event-stream"],
        },
      },
      async (req, reply) => {
        if (!(await repo.findTicketByCode(req.ctx.db, req.params.code))) throw notFound("Ticket", "该号");
        const res = openStream(req, reply);
        await watcher.watch(req.params.code, res);
      },
    );
  };
}
