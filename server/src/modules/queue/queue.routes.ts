import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { isoDate as date } from "../../platform/validation.js";
import { SiteParams, WindowParams } from "../org/org.schema.js";
import { Board, board } from "./board.service.js";
import { PRIORITY_CLASSES } from "./calling-order.js";
import { closeDayNow } from "./dayend.service.js";
import { IssueInput, Queue, QueueInput, QueuePatch, Settings, Snapshot, Stats, Ticket, TicketParams } from "./queue.schema.js";
import * as setup from "./queue-setup.service.js";
import { snapshot } from "./snapshot.service.js";
import { dayStats, dayStatsXlsx } from "./stats.service.js";
import * as tickets from "./tickets.service.js";

const tags = ["queue"];

export const queueRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/sites/:siteId/queues",
    {
      schema: {
        operationId: "listQueues",
        summary: "Queues of a site / 业务队列",
        tags,
        params: SiteParams,
        response: { 200: z.array(Queue) },
      },
    },
    (req) => setup.listQueues(req.ctx, req.params.siteId),
  );
  app.post(
    "/api/sites/:siteId/queues",
    {
      schema: {
        operationId: "createQueue",
        summary: "Add a queue with its prefix, daily cap and per-person limit / 新增队列",
        tags,
        params: SiteParams,
        body: QueueInput,
        response: { 201: Queue },
      },
    },
    async (req, reply) => reply.status(201).send(await setup.createQueue(req.ctx, req.params.siteId, req.body)),
  );
  app.patch(
    "/api/sites/:siteId/queues/:queueId",
    {
      schema: {
        operationId: "updateQueue",
        summary: "Change a queue / 修改队列",
        tags,
        params: SiteParams.extend({ queueId: z.string().uuid() }),
        body: QueuePatch,
        response: { 200: Queue },
      },
    },
    (req) => setup.updateQueue(req.ctx, req.params.siteId, req.params.queueId, req.body),
  );
  app.get(
    "/api/sites/:siteId/dispatch",
    {
      schema: {
        operationId: "listDispatch",
        summary: "Which queues each window serves / 窗口调配",
        tags,
        params: SiteParams,
        response: { 200: z.array(z.object({ windowId: z.string(), queueIds: z.array(z.string()) })) },
      },
    },
    (req) => setup.listDispatch(req.ctx, req.params.siteId),
  );
  app.put(
    "/api/sites/:siteId/windows/:windowId/queues",
    {
      schema: {
        operationId: "setWindowQueues",
        summary: "Assign queues to a window in order of preference (dispatch) / 调配窗口服务队列",
        tags,
        params: WindowParams,
        body: z.object({ queueIds: z.array(z.string().uuid()).max(26) }),
        response: { 200: z.object({ windowId: z.string(), queueIds: z.array(z.string()) }) },
      },
    },
    (req) => setup.setWindowQueues(req.ctx, req.params.siteId, req.params.windowId, req.body.queueIds),
  );
  app.get(
    "/api/sites/:siteId/queue-settings",
    {
      schema: {
        operationId: "getQueueSettings",
        summary: "Calling and alert settings / 叫号与预警设置",
        tags,
        params: SiteParams,
        response: { 200: Settings },
      },
    },
    (req) => setup.getSettings(req.ctx, req.params.siteId),
  );
  app.put(
    "/api/sites/:siteId/queue-settings",
    {
      schema: {
        operationId: "putQueueSettings",
        summary: "Change calling and alert settings / 修改叫号与预警设置",
        tags,
        params: SiteParams,
        body: Settings,
        response: { 200: Settings },
      },
    },
    (req) => setup.putSettings(req.ctx, req.params.siteId, req.body),
  );

  app.post(
    "/api/sites/:siteId/tickets",
    {
      schema: {
        operationId: "issueTicket",
        summary: "Issue a ticket (kiosk device, guide or window staff) / 取号",
        tags,
        params: SiteParams,
        body: IssueInput,
        response: { 201: Ticket },
      },
    },
    async (req, reply) => reply.status(201).send((await tickets.issueTicket(req.ctx, req.params.siteId, req.body)).ticket),
  );
  app.get(
    "/api/tickets/:ticketId",
    {
      schema: {
        operationId: "getTicket",
        summary: "One ticket with its place in line / 查询号",
        tags,
        params: TicketParams,
        response: { 200: Ticket },
      },
    },
    (req) => tickets.getTicket(req.ctx, req.params.ticketId),
  );
  app.get(
    "/api/tickets/:ticketId/print",
    {
      schema: {
        operationId: "getTicketPrint",
        summary: "What the 80 mm ticket prints (masked) / 打印凭条内容",
        tags,
        params: TicketParams,
        response: {
          200: z.object({
            siteName: z.string(),
            number: z.string(),
            queueName: z.string(),
            itemName: z.string().nullable().describe("the service item the ticket was taken for"),
            priority: z.boolean().describe("依法优先 or green channel: the slip marks it"),
            priorityClass: z.enum(PRIORITY_CLASSES),
            peopleAhead: z.number(),
            issuedAt: z.string(),
            code: z.string(),
            applicantName: z.string().nullable(),
            applicantPhone: z.string().nullable(),
            applicantIdNumber: z.string().nullable(),
            targetWindowNumber: z.number().nullable(),
          }),
        },
      },
    },
    (req) => tickets.printable(req.ctx, req.params.ticketId),
  );
  app.post(
    "/api/tickets/:ticketId/cancel",
    { schema: { operationId: "cancelTicket", summary: "Cancel a waiting ticket / 取消号", tags, params: TicketParams } },
    async (req, reply) => {
      await tickets.cancelTicket(req.ctx, { ticketId: req.params.ticketId });
      return reply.status(204).send();
    },
  );
  app.get(
    "/api/sites/:siteId/queue-snapshot",
    {
      schema: {
        operationId: "getSiteQueueSnapshot",
        summary: "The queue state of a site now: queues, windows, last calls, alerts / 排队实况",
        tags,
        params: SiteParams,
        response: { 200: Snapshot },
      },
    },
    (req) => snapshot(req.ctx, req.params.siteId),
  );
  app.get(
    "/api/sites/:siteId/queue-board",
    {
      schema: {
        operationId: "getSiteQueueBoard",
        summary: "What the hall display shows: queues with people waiting, calls that stand / 叫号屏",
        tags,
        params: SiteParams,
        response: { 200: Board },
      },
    },
    (req) => board(req.ctx, req.params.siteId),
  );
  app.post(
    "/api/sites/:siteId/queue/close-day",
    {
      schema: {
        operationId: "closeQueueDay",
        summary: "Close the day now: tickets still open are closed as unserved and counted / 日终清号",
        tags,
        params: SiteParams,
        response: { 200: z.object({ closed: z.number() }) },
      },
    },
    async (req) => ({ closed: await closeDayNow(req.ctx, req.params.siteId) }),
  );
  app.get(
    "/api/sites/:siteId/queue-stats",
    {
      schema: {
        operationId: "getQueueStats",
        summary: "Statistics of a day by queue, window and staff / 排队统计",
        tags,
        params: SiteParams,
        querystring: z.object({ date }),
        response: { 200: Stats },
      },
    },
    (req) => dayStats(req.ctx, req.params.siteId, req.query.date),
  );
  app.get(
    "/api/sites/:siteId/queue-stats.xlsx",
    {
      schema: {
        operationId: "exportQueueStats",
        summary: "The day's statistics as an Excel workbook / 导出排队统计",
        tags,
        params: SiteParams,
        querystring: z.object({ date }),
      },
    },
    async (req, reply) => {
      const buf = await dayStatsXlsx(req.ctx, req.params.siteId, req.query.date);
      return reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="queue-stats-${req.query.date}.xlsx"`)
        .send(buf);
    },
  );
};
