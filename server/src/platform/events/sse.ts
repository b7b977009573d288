import type { ServerResponse } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { BusMessage } from "./bus.js";
import type { Client, StreamHub } from "./hub.js";

/** A room: the stream it reads (a site's id, or `district`), which of its events it gets, and who may stay. */
export interface Room {
  stream: string;
  accepts(m: BusMessage): boolean;
  /** Re-checked on every heartbeat: false ends the stream (device revoked, signed out). */
  allowed?(): Promise<boolean>;
  onMessage?(m: BusMessage): void;
}

export const LastEventQuery = z.object({
  lastEventId: z.coerce.number().int().min(0).optional().describe("resume after this event (or send the Last-Event-ID header)"),
});

/** The id to resume after: the Last-Event-ID header, else the query parameter; null for live events only. */
export function lastEventIdOf(req: FastifyRequest, q: { lastEventId?: number }): number | null {
  const h = req.headers["last-event-id"];
  const fromHeader = typeof h === "string" && /^\d{1,15}$/.test(h) ? Number(h) : null;
  return fromHeader ?? q.lastEventId ?? null;
}

/** Switches the reply to a server-sent event stream that stays open. */
export function openSse(req: FastifyRequest, reply: FastifyReply): ServerResponse {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    // The headers set for every response (security.ts), which a hijacked reply does not send itself.
    ...(reply.getHeaders() as Record<string, string>),
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
    "x-request-id": req.id,
  });
  res.write("retry: 3000\n\n");
  return res;
}

/** Opens the stream of a room on this reply and joins it to the hub, resuming after `lastEventId`. */
export async function serveRoom(hub: StreamHub, req: FastifyRequest, reply: FastifyReply, room: Room, lastEventId: number | null) {
  const res = openSse(req, reply);
  const client: Client = { res, accepts: room.accepts, allowed: room.allowed, onMessage: room.onMessage };
  await hub.join(room.stream, client, lastEventId);
}

/** Room filters every module can use; a module adds its own (a window's queues) in its service. */
export const rooms = {
  all: () => true,
  ticket: (ticketId: string) => (m: BusMessage) => m.ticketId === ticketId,
  ref: (key: string, value: string) => (m: BusMessage) => m.refs?.[key] === value,
};
