import { z } from "zod";
import { defineEvents, eventSchema, type PayloadsOf } from "../../platform/events/types.js";
import { Queue, Settings, TICKET_STATES, WindowState } from "./queue.schema.js";

/**
 * The queue's events and their payloads: the one definition the server's types, the stream
 * documentation (OpenAPI `EventPayloads` / `StreamEvent`) and the web's generated types come from.
 * Payloads are presenter output for screens: no personal data, no live-ticket code.
 */
export const TicketEventData = eventSchema(
  "TicketEventData",
  z.object({
    ticket: z.object({
      id: z.string(),
      number: z.string(),
      queueId: z.string(),
      queueName: z.string(),
      state: z.enum(TICKET_STATES),
      priority: z.boolean(),
      callCount: z.number(),
      calledAt: z.string().nullable(),
      windowId: z.string().nullable(),
      windowNumber: z.number().nullable(),
      windowName: z.string().nullable(),
    }),
    queue: z
      .object({
        id: z.string(),
        waiting: z.number().optional().describe("the line's new length, only when the move changed it"),
      })
      .describe("the ticket's queue, on every ticket event (the hall display shows a recall by it)"),
    outOfOrder: z.boolean().optional().describe("called out of the calling order (a chosen ticket)"),
    fromWindowId: z.string().nullable().optional().describe("transfer: the window it left"),
    fromQueueId: z.string().optional().describe("transfer: the queue it left"),
  }),
);
export type TicketEventData = z.infer<typeof TicketEventData>;

export const ClosedUnservedData = z.object({ count: z.number(), upTo: z.string().describe("service date closed up to") });
export const WindowStateData = z.object({ window: WindowState });
export type QueueConfigData = z.infer<typeof QueueConfigData>;
export const QueueConfigData = z.object({
  queue: Queue.optional(),
  dispatch: z.object({ windowId: z.string(), queueIds: z.array(z.string()) }).optional(),
  settings: Settings.optional(),
});

/**
 * One site's queue as the district wall shows it, on the district stream: counts only, no ticket,
 * no person, no staff name. Sent by the `queue.district_summary` job when it changed.
 */
export const SiteSummaryData = eventSchema(
  "SiteQueueSummary",
  z.object({
    siteId: z.string(),
    siteCode: z.string(),
    siteName: z.string(),
    siteKind: z.string(),
    date: z.string().describe("the service day (Beijing time) the counts are of"),
    open: z.boolean().describe("the site is open now by its hours"),
    waiting: z.number(),
    called: z.number().describe("called, not yet at the window"),
    serving: z.number(),
    done: z.number(),
    noShow: z.number(),
    issued: z.number().describe("every ticket of the day, whatever its state"),
    oldestWaitingSince: z.string().nullable().describe("arrival of the longest-waiting ticket; the wall counts minutes from it"),
    windowsOpen: z.number(),
    windowsPaused: z.number(),
  }),
);
export type SiteSummaryData = z.infer<typeof SiteSummaryData>;

export const queueEvents = defineEvents({
  "ticket.issued": TicketEventData,
  "ticket.called": TicketEventData,
  "ticket.recalled": TicketEventData,
  "ticket.started": TicketEventData,
  "ticket.finished": TicketEventData,
  "ticket.no_show": TicketEventData,
  "ticket.transferred": TicketEventData,
  "ticket.cancelled": TicketEventData,
  "ticket.parked": TicketEventData,
  "ticket.resumed": TicketEventData,
  "tickets.closed_unserved": ClosedUnservedData,
  "window.state": WindowStateData,
  "queue.config": QueueConfigData,
  "queue.site_summary": SiteSummaryData,
});

declare module "../../platform/events/types.js" {
  interface EventMap extends PayloadsOf<typeof queueEvents> {}
}

export type QueueEventType = keyof typeof queueEvents;
export type TicketEventType = Extract<QueueEventType, `ticket.${string}`>;
