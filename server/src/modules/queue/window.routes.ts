import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import * as calling from "./calling.service.js";
import { windowConsole } from "./console.service.js";
import { Console, Ticket, WindowOnlyParams, WindowState } from "./queue.schema.js";
import * as win from "./window.service.js";

const tags = ["window"];
const TicketAt = WindowOnlyParams.extend({ ticketId: z.string().uuid() });
const reason = z.string().trim().min(1).max(200);

export const windowRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/api/windows/:windowId/open",
    {
      schema: {
        operationId: "openWindow",
        summary: "Sign in at a window (A or B post) / 窗口签到开窗",
        tags,
        params: WindowOnlyParams,
        response: { 200: WindowState },
      },
    },
    (req) => win.openWindow(req.ctx, req.params.windowId),
  );
  app.post(
    "/api/windows/:windowId/pause",
    {
      schema: {
        operationId: "pauseWindow",
        summary: "Pause with a reason / 暂停服务",
        tags,
        params: WindowOnlyParams,
        body: z.object({ reason }),
        response: { 200: WindowState },
      },
    },
    (req) => win.pauseWindow(req.ctx, req.params.windowId, req.body.reason),
  );
  app.post(
    "/api/windows/:windowId/resume",
    {
      schema: {
        operationId: "resumeWindow",
        summary: "Resume service / 恢复服务",
        tags,
        params: WindowOnlyParams,
        response: { 200: WindowState },
      },
    },
    (req) => win.resumeWindow(req.ctx, req.params.windowId),
  );
  app.post(
    "/api/windows/:windowId/close",
    {
      schema: {
        operationId: "closeWindow",
        summary: "Close the window / 关窗签退",
        tags,
        params: WindowOnlyParams,
        response: { 200: WindowState },
      },
    },
    (req) => win.closeWindow(req.ctx, req.params.windowId),
  );
  app.get(
    "/api/windows/:windowId/console",
    {
      schema: {
        operationId: "getWindowConsole",
        summary: "A window's state, current tickets and waiting list / 窗口工作台",
        tags,
        params: WindowOnlyParams,
        response: { 200: Console },
      },
    },
    (req) => windowConsole(req.ctx, req.params.windowId),
  );
  app.post(
    "/api/windows/:windowId/call-next",
    {
      schema: {
        operationId: "callNextTicket",
        summary: "Call the next ticket / 叫号",
        tags,
        params: WindowOnlyParams,
        response: { 200: Ticket },
      },
    },
    (req) => calling.callNext(req.ctx, req.params.windowId),
  );
  app.post(
    "/api/windows/:windowId/call",
    {
      schema: {
        operationId: "callTicket",
        summary: "Call one waiting ticket out of order, with a reason (audited) / 指定叫号",
        tags,
        params: WindowOnlyParams,
        body: z.object({ ticketId: z.string().uuid(), reason }),
        response: { 200: Ticket },
      },
    },
    (req) => calling.callSpecific(req.ctx, req.params.windowId, req.body.ticketId, req.body.reason),
  );
  const simple = [
    ["recall", "recallTicket", "Call the ticket again / 重呼", calling.recall],
    ["start", "startTicket", "Start serving / 开始办理", calling.start],
    ["finish", "finishTicket", "Finish / 办结", calling.finish],
    ["no-show", "markTicketNoShow", "No-show after the required recalls / 过号", calling.noShow],
    ["resume", "resumeTicket", "Bring a parked ticket back / 恢复挂起的号", calling.unpark],
  ] as const;
  for (const [path, operationId, summary, fn] of simple) {
    app.post(
      `/api/windows/:windowId/tickets/:ticketId/${path}`,
      { schema: { operationId, summary, tags, params: TicketAt, response: { 200: Ticket } } },
      (req) => fn(req.ctx, req.params.windowId, req.params.ticketId),
    );
  }
  app.post(
    "/api/windows/:windowId/tickets/:ticketId/park",
    {
      schema: {
        operationId: "parkTicket",
        summary: "Park a ticket, e.g. while the applicant fetches a document / 挂起",
        tags,
        params: TicketAt,
        body: z.object({ reason }),
        response: { 200: Ticket },
      },
    },
    (req) => calling.park(req.ctx, req.params.windowId, req.params.ticketId, req.body.reason),
  );
  app.post(
    "/api/windows/:windowId/tickets/:ticketId/transfer",
    {
      schema: {
        operationId: "transferTicket",
        summary: "Transfer to another queue or a named window, keeping the arrival time / 转办",
        tags,
        params: TicketAt,
        body: z.object({
          queueId: z.string().uuid().nullish(),
          windowId: z.string().uuid().nullish(),
          reason: z.string().trim().max(200).nullish(),
        }),
        response: { 200: Ticket },
      },
    },
    (req) => calling.transfer(req.ctx, req.params.windowId, req.params.ticketId, req.body),
  );
};
