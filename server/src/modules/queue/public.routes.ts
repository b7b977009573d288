import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { defineLimit } from "../../platform/http/limits.js";
import { publicQueues } from "./public-queues.service.js";
import { PublicIssueInput, PublicTicket } from "./queue.schema.js";
import * as tickets from "./tickets.service.js";

const tags = ["public"];
const Code = z.object({ code: z.string().min(2).max(40) });

export const publicQueueRoutes: FastifyPluginAsyncZod<tickets.OnlineTicketRules> = async (app, rules) => {
  // Per client address (every instance counts together with REDIS_URL): online tickets an hour.
  const perAddress = defineLimit(app, { name: "online-ticket", max: 10, windowMs: 60 * 60_000 });
  app.get(
    "/api/public/sites/:code/queues",
    {
      config: { public: true },
      schema: {
        operationId: "listPublicQueues",
        summary: "A site's queues with people waiting, and whether it is open now / 可取号业务与等候人数",
        tags,
        params: Code,
        response: {
          200: z.object({
            siteName: z.string(),
            open: z.boolean(),
            nextOpen: z.object({ date: z.string(), time: z.string() }).nullable(),
            queues: z.array(
              z.object({ id: z.string(), prefix: z.string(), name: z.string(), category: z.string().nullable(), waiting: z.number() }),
            ),
          }),
        },
      },
    },
    (req) => publicQueues(req.ctx, req.params.code),
  );
  app.post(
    "/api/public/sites/:code/tickets",
    {
      config: { public: true },
      schema: {
        operationId: "issueOnlineTicket",
        summary: "Take a ticket online (remote queuing) / 网上取号",
        tags,
        params: Code,
        body: PublicIssueInput,
        response: { 201: PublicTicket.extend({ code: z.string() }) },
      },
    },
    async (req, reply) => {
      await perAddress.hit(req);
      return reply.status(201).send(await tickets.issueOnline(req.ctx, req.params.code, req.body, rules));
    },
  );
  app.get(
    "/api/public/tickets/:code",
    {
      config: { public: true },
      schema: {
        operationId: "getPublicTicket",
        summary: "A ticket by its code: state, place in line, estimated wait / 我的号",
        tags,
        params: Code,
        response: { 200: PublicTicket },
      },
    },
    (req) => tickets.getPublicTicket(req.ctx, req.params.code),
  );
  app.post(
    "/api/public/tickets/:code/cancel",
    {
      config: { public: true },
      schema: { operationId: "cancelPublicTicket", summary: "The holder cancels a waiting ticket / 取消我的号", tags, params: Code },
    },
    async (req, reply) => {
      await tickets.cancelTicket(req.ctx, { code: req.params.code });
      return reply.status(204).send();
    },
  );
};
