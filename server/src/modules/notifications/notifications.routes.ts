import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { SiteParams } from "../org/org.schema.js";
import { listMessages, retryMessage } from "./outbox.service.js";

const tags = ["notifications"];
const Message = z.object({
  id: z.string(),
  appointmentId: z.string().nullable(),
  channel: z.string(),
  recipient: z.string().describe("masked"),
  kind: z.string(),
  subject: z.string(),
  state: z.enum(["pending", "sent", "failed"]),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/sites/:siteId/notifications",
    {
      schema: {
        operationId: "listNotifications",
        summary: "Messages to applicants and their delivery status (the outbox) / 通知发送记录",
        tags,
        params: SiteParams,
        querystring: z.object({ state: z.enum(["pending", "sent", "failed"]).optional() }),
        response: { 200: z.array(Message) },
      },
    },
    (req) => listMessages(req.ctx, req.params.siteId, req.query.state) as Promise<z.infer<typeof Message>[]>,
  );
  app.post(
    "/api/sites/:siteId/notifications/:messageId/retry",
    {
      schema: {
        operationId: "retryNotification",
        summary: "Send a failed message again / 重发通知",
        tags,
        params: SiteParams.extend({ messageId: z.string().uuid() }),
        response: { 200: Message },
      },
    },
    (req) => retryMessage(req.ctx, req.params.siteId, req.params.messageId) as Promise<z.infer<typeof Message>>,
  );
};
