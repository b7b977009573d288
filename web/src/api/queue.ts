import { api, call, deviceClient } from "./client";
import type { EventName, EventPayloads, StreamEventEnvelope } from "./events";
import type { operations } from "./schema";

/** Shapes of the queue API, from the generated schema (stream events too: see ./events). */
type Json<O extends keyof operations, S extends number = 200> =
  operations[O]["responses"] extends Record<S, { content: { "application/json": infer T } }> ? T : never;

export type Queue = Json<"listQueues">[number];
export type QueueInput = NonNullable<operations["createQueue"]["requestBody"]>["content"]["application/json"];
export type QueueSettings = Json<"getQueueSettings">;
export type Ticket = Json<"getTicket">;
export type TicketState = Ticket["state"];
export type PriorityClass = Ticket["priorityClass"];
export type TicketPrint = Json<"getTicketPrint">;
export type PublicTicket = Json<"getPublicTicket">;
export type PublicQueues = Json<"listPublicQueues">;
export type WindowState = Json<"openWindow">;
export type WindowStateName = WindowState["state"];
export type Post = NonNullable<WindowState["post"]>;
export type PublicSiteDetail = Json<"getPublicSite">;
export type Dispatch = Json<"listDispatch">[number];

export const PRIORITY_CLASSES: readonly PriorityClass[] = ["normal", "elderly", "disabled", "pregnant", "military", "green"];
/** 依法优先: the classes an applicant may declare at a kiosk (green channel is granted by staff). */
export const LEGAL_PRIORITY: readonly PriorityClass[] = ["elderly", "disabled", "pregnant", "military"];

/** Ticket events carry no personal data: what a display may show (generated from the server's declaration). */
export type TicketEventData = EventPayloads["ticket.called"];

export type QueueEventType = Extract<EventName, `ticket.${string}` | `tickets.${string}` | "window.state" | "queue.config">;

/** One event of a site or window stream (and one entry of the snapshot's lastCalls). */
export type QueueEvent<D = unknown> = Omit<StreamEventEnvelope, "refs" | "prev"> & { type: QueueEventType; data: D };

export type Snapshot = Omit<Json<"getSiteQueueSnapshot">, "lastCalls"> & { lastCalls: QueueEvent<TicketEventData>[] };
export type QueueLive = Snapshot["queues"][number];
export type QueueAlert = Snapshot["alerts"][number];
export type WindowLive = Snapshot["windows"][number];
export type WindowConsole = Json<"getWindowConsole">;
export type DayStats = Json<"getQueueStats">;
export type StatRow = DayStats["byQueue"][number] & { openMin?: number; idleMin?: number };

/** The snapshot, by a signed-in user (cookie) or a device (token). */
export async function fetchSnapshot(siteId: string, token?: string | null): Promise<Snapshot> {
  const client = token ? deviceClient(token) : api;
  const data: unknown = await call(client.GET("/api/sites/{siteId}/queue-snapshot", { params: { path: { siteId } } }));
  return data as Snapshot;
}

export type Board = Omit<Json<"getSiteQueueBoard">, "lastCalls"> & { lastCalls: QueueEvent<TicketEventData>[] };

/** The hall display's board (a display device may read this, not the managers' snapshot). */
export async function fetchBoard(siteId: string, token: string): Promise<Board> {
  const data: unknown = await call(deviceClient(token).GET("/api/sites/{siteId}/queue-board", { params: { path: { siteId } } }));
  return data as Board;
}

export async function fetchConsole(windowId: string): Promise<WindowConsole> {
  const data: unknown = await call(api.GET("/api/windows/{windowId}/console", { params: { path: { windowId } } }));
  return data as WindowConsole;
}

export async function fetchStats(siteId: string, date: string): Promise<DayStats> {
  const data: unknown = await call(api.GET("/api/sites/{siteId}/queue-stats", { params: { path: { siteId }, query: { date } } }));
  return data as DayStats;
}

/** The address of a ticket's live page, which the QR code on the slip opens. */
export const liveTicketUrl = (code: string, origin = window.location.origin) => `${origin}/t/${encodeURIComponent(code)}`;
