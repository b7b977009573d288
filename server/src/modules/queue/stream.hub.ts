import type { ServerResponse } from "node:http";
import type { Db } from "../../db/schema.js";
import type { BusMessage, EventBus } from "../../platform/events/bus.js";
import * as eventsRepo from "./events.repository.js";

/**
 * Pushes committed queue events to connected screens over server-sent events. One hub per
 * instance; it hears every instance's events from the bus. Rooms: a site (displays, manager
 * views), a window (counter consoles: its own events and its queues'), and a ticket (the holder's
 * live page: its own changes, and its place in line when its queue moves).
 */
export interface Client {
  res: ServerResponse;
  /** Which site messages this client gets. */
  accepts(m: BusMessage): boolean;
  /** Called for messages it accepts; default: write them as they are. */
  onMessage?(m: BusMessage): void;
  /** Whether the caller may still listen (a revoked device or ended session may not). */
  allowed?(): Promise<boolean>;
}

export function writeEvent(res: ServerResponse, event: string, data: unknown, id?: number): void {
  res.write(`${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export class StreamHub {
  private bySite = new Map<string, Set<Client>>();
  private unsubscribe: () => void;
  private heartbeat: NodeJS.Timeout;

  constructor(
    readonly db: Db,
    bus: EventBus,
    heartbeatMs = 15_000,
  ) {
    this.unsubscribe = bus.subscribe((m) => this.dispatch(m));
    // Every beat keeps proxies from closing idle streams, and ends the streams of callers whose
    // access has gone since they connected (device revoked, signed out, account disabled).
    this.heartbeat = setInterval(() => {
      for (const set of this.bySite.values()) {
        for (const c of set) {
          c.res.write(": ping\n\n");
          c.allowed?.().then(
            (ok) => ok || c.res.end(),
            () => undefined,
          );
        }
      }
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    let n = 0;
    for (const s of this.bySite.values()) n += s.size;
    return n;
  }

  private dispatch(m: BusMessage): void {
    const set = this.bySite.get(m.siteId);
    if (!set) return;
    for (const c of set) {
      if (!c.accepts(m)) continue;
      if (c.onMessage) c.onMessage(m);
      else writeEvent(c.res, m.type, m, m.id);
    }
  }

  /**
   * Adds a client, replaying what it missed since `lastEventId` from the database first. Live
   * messages that arrive during the replay are held and sent after it, without duplicates.
   */
  async join(siteId: string, client: Client, lastEventId: number | null): Promise<void> {
    const held: BusMessage[] = [];
    let replaying = lastEventId !== null;
    const send = (m: BusMessage) => (client.onMessage ? client.onMessage(m) : writeEvent(client.res, m.type, m, m.id));
    const live: Client = {
      res: client.res,
      allowed: client.allowed,
      accepts: (m) => client.accepts(m),
      onMessage: (m) => (replaying ? held.push(m) : send(m)),
    };
    let set = this.bySite.get(siteId);
    if (!set) {
      set = new Set();
      this.bySite.set(siteId, set);
    }
    set.add(live);
    client.res.on("close", () => {
      set.delete(live);
      if (set.size === 0) this.bySite.delete(siteId);
    });
    if (lastEventId === null) return;
    let last = lastEventId;
    try {
      last = await this.replay(siteId, lastEventId, client, send);
    } catch {
      // A replay that fails leaves the screen to reconnect; it must not hold messages forever.
      set.delete(live);
      client.res.end();
      return;
    }
    replaying = false;
    for (const m of held) if (m.id > last) send(m);
  }

  private async replay(siteId: string, from: number, client: Client, send: (m: BusMessage) => void): Promise<number> {
    let last = from;
    for (;;) {
      const page = await eventsRepo.eventsAfter(this.db, siteId, last, 500);
      for (const r of page) {
        const m: BusMessage = {
          id: Number(r.seq),
          siteId: r.site_id,
          type: r.type,
          at: r.at,
          ticketId: r.ticket_id,
          windowId: r.window_id,
          queueId: r.queue_id,
          data: JSON.parse(r.payload),
        };
        last = m.id;
        if (client.accepts(m)) send(m);
      }
      if (page.length < 500) break;
    }
    return last;
  }

  close(): void {
    this.unsubscribe();
    clearInterval(this.heartbeat);
    for (const set of this.bySite.values()) for (const c of set) c.res.end();
    this.bySite.clear();
  }
}
