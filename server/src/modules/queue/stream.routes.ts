import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { StreamHub } from "../../platform/events/hub.js";
import { LastEventQuery, lastEventIdOf, openSse, serveRoom } from "../../platform/events/sse.js";
import { SESSION_COOKIE } from "../auth/auth.routes.js";
import { SiteParams } from "../org/org.schema.js";
import { districtQueueSummary } from "./district.service.js";
import { SiteSummaryData } from "./queue.events.js";
import { WindowOnlyParams } from "./queue.schema.js";
import { assertTicketCode, type Credentials, districtRoom, siteRoom, windowRoom } from "./stream.service.js";
import type { TicketWatcher } from "./stream.tickets.js";

const tags = ["stream"];
const eventStream = { description: "text/event-stream; each event's data is a StreamEvent (see components)" };

function credentials(req: FastifyRequest): Credentials {
  const auth = req.headers.authorization;
  return { bearer: auth?.startsWith("Bearer ") ? auth.slice(7).trim() : undefined, session: req.cookies[SESSION_COOKIE] };
}

export function streamRoutes(hub: StreamHub, watcher: TicketWatcher): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/sites/:siteId/events",
      {
        schema: {
          operationId: "streamSiteEvents",
          summary: "Server-sent events of a site: every call, ticket and window change, resumable by Last-Event-ID / 场所实时事件流",
          description: eventStream.description,
          tags,
          params: SiteParams,
          querystring: LastEventQuery,
          produces: ["text/event-stream"],
        },
      },
      async (req, reply) => {
        const room = await siteRoom(req.ctx, req.params.siteId, credentials(req));
        await serveRoom(hub, req, reply, room, lastEventIdOf(req, req.query));
      },
    );
    app.get(
      "/api/windows/:windowId/events",
      {
        schema: {
          operationId: "streamWindowEvents",
          summary: "Server-sent events for one window: its own changes and those of the queues it serves / 窗口实时事件流",
          description: eventStream.description,
          tags,
          params: WindowOnlyParams,
          querystring: LastEventQuery,
          produces: ["text/event-stream"],
        },
      },
      async (req, reply) => {
        const room = await windowRoom(req.ctx, req.params.windowId, credentials(req));
        await serveRoom(hub, req, reply, room, lastEventIdOf(req, req.query));
      },
    );
    app.get(
      "/api/district/events",
      {
        schema: {
          operationId: "streamDistrictEvents",
          summary:
            "Server-sent events of the district: each site's queue summary when it changes (counts only, no personal data), resumable by Last-Event-ID / 全区实时事件流",
          description: `${eventStream.description}. Start from getDistrictQueueSummary and resume after its lastEventId.`,
          tags,
          querystring: LastEventQuery,
          produces: ["text/event-stream"],
        },
      },
      async (req, reply) => {
        const room = districtRoom(req.ctx, credentials(req));
        await serveRoom(hub, req, reply, room, lastEventIdOf(req, req.query));
      },
    );
    app.get(
      "/api/district/queue-summary",
      {
        schema: {
          operationId: "getDistrictQueueSummary",
          summary: "Every site's last queue summary and the district stream's id to resume after / 全区各场所排队概况",
          tags,
          response: { 200: z.object({ sites: z.array(SiteSummaryData), lastEventId: z.number() }) },
        },
      },
      (req) => districtQueueSummary(req.ctx),
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
        await assertTicketCode(req.ctx, req.params.code);
        await watcher.watch(req.params.code, openSse(req, reply));
      },
    );
  };
}
