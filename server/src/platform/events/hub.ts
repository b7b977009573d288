import type { ServerResponse } from "node:http";
import type { Db } from "../../db/schema.js";
import type { BusLog, BusMessage, EventBus } from "./bus.js";
import * as eventsRepo from "./events.repository.js";
import { toMessage } from "./store.js";

/**
 * Pushes committed events to connected clients over server-sent events. One hub per instance; it
 * hears every instance's events from the bus. A client joins one stream (a site, or `district`)
 * and says which of its events it wants (its room: the whole site, a window, a ticket, a case).
 *
 * Every stream is delivered in id order, each id at most once per connection, none skipped:
 * - per stream the hub keeps a cursor (everything up to it has been delivered); a message beyond
 *   cursor + 1 waits, and if the missing ones do not arrive within `gapWaitMs` they are read from
 *   the store. Ids are gap-free and in commit order per stream, so once id n is visible every id
 *   below it is too;
 * - every `pollMs` the hub reads each stream's last committed number; what stayed undelivered
 *   since the previous poll (a dead instance's, a failed publish) is read from the store;
 * - after the bus reconnects, every stream catches up from the store at once.
 */
export interface Client {
  res: ServerResponse;
  /** Which messages of the stream this client gets (its room). */
  accepts(m: BusMessage): boolean;
  /** Called for messages it accepts; default: write them as server-sent events with their id. */
  onMessage?(m: BusMessage): void;
  /** Whether the caller may still listen (a revoked device or ended session may not). */
  allowed?(): Promise<boolean>;
}

/** What the hub tells an observer (metrics): each event written to a connection, and gaps filled from the store. */
export interface HubObserver {
  onDeliver?(m: BusMessage, connections: number): void;
  /** Each event written to one connection (live or replayed), with that connection's response. */
  onSend?(m: BusMessage, res: ServerResponse): void;
  onFill?(stream: string, events: number, reason: "gap" | "poll" | "resync"): void;
}

export interface HubOptions {
  heartbeatMs?: number;
  pollMs?: number;
  gapWaitMs?: number;
  log?: BusLog;
}

export function writeEvent(res: ServerResponse, event: string, data: unknown, id?: number): void {
  res.write(`${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

interface Member {
  client: Client;
  /** Highest id considered for this connection: nothing at or below it is sent again. */
  pos: number;
  /** The id last sent (or resumed after): the next event's `prev`. */
  sent: number | null;
  /** Messages held while the connection replays from the store. */
  held: BusMessage[] | null;
}

interface Feed {
  stream: string;
  members: Set<Member>;
  cursor: number;
  ready: Promise<void>;
  initialised: boolean;
  pending: Map<number, BusMessage>;
  gapTimer?: NodeJS.Timeout;
  filling: boolean;
  refill: boolean;
  /** The stream's last committed number at the previous poll. */
  polled: number;
}

const PAGE = 500;

export class StreamHub {
  private feeds = new Map<string, Feed>();
  private unsubscribe: () => void;
  private unresync: () => void;
  private heartbeat: NodeJS.Timeout;
  private poller: NodeJS.Timeout;
  private observers = new Set<HubObserver>();
  private log: BusLog;
  private gapWaitMs: number;
  private closed = false;

  constructor(
    readonly db: Db,
    bus: EventBus,
    opts: HubOptions = {},
  ) {
    this.log = opts.log ?? { warn: () => undefined, error: () => undefined };
    this.gapWaitMs = opts.gapWaitMs ?? 25;
    this.unsubscribe = bus.subscribe((m) => this.dispatch(m));
    this.unresync = bus.onResync(() => {
      for (const f of this.feeds.values()) void this.fill(f, "resync");
    });
    // Every beat keeps proxies from closing idle streams, and ends the streams of callers whose
    // access has gone since they connected (device revoked, signed out, account disabled).
    this.heartbeat = setInterval(() => this.beat(), opts.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
    this.poller = setInterval(() => void this.poll(), opts.pollMs ?? 2_000);
    this.poller.unref();
  }

  observe(o: HubObserver): () => void {
    this.observers.add(o);
    return () => void this.observers.delete(o);
  }

  get size(): number {
    let n = 0;
    for (const f of this.feeds.values()) n += f.members.size;
    return n;
  }

  private beat() {
    for (const f of this.feeds.values()) {
      for (const m of f.members) {
        m.client.res.write(": ping\n\n");
        m.client.allowed?.().then(
          (ok) => ok || m.client.res.end(),
          (err) => this.log.warn({ err }, "stream: access re-check failed"),
        );
      }
    }
  }

  private dispatch(m: BusMessage): void {
    const f = this.feeds.get(m.siteId);
    if (!f) return;
    if (f.initialised && m.id <= f.cursor) return;
    f.pending.set(m.id, m);
    if (f.initialised) this.drain(f);
  }

  /** Delivers pending messages that continue the stream; a gap waits briefly, then is filled. */
  private drain(f: Feed): void {
    for (let next = f.pending.get(f.cursor + 1); next; next = f.pending.get(f.cursor + 1)) {
      f.pending.delete(next.id);
      f.cursor = next.id;
      this.deliver(f, next);
    }
    for (const id of f.pending.keys()) if (id <= f.cursor) f.pending.delete(id);
    if (f.pending.size > 0 && !f.gapTimer && !f.filling) {
      f.gapTimer = setTimeout(() => {
        f.gapTimer = undefined;
        void this.fill(f, "gap");
      }, this.gapWaitMs);
    }
  }

  /** Reads everything after the cursor from the store and delivers it in order. */
  private async fill(f: Feed, reason: "gap" | "poll" | "resync"): Promise<void> {
    if (!f.initialised || this.closed) return;
    if (f.filling) {
      f.refill = true;
      return;
    }
    f.filling = true;
    try {
      const n = await this.readAfterCursor(f);
      if (n > 0) for (const o of this.observers) o.onFill?.(f.stream, n, reason);
    } catch (err) {
      this.log.error({ err, stream: f.stream }, "stream: reading missed events from the store failed");
      f.refill = true;
    } finally {
      f.filling = false;
    }
    if (this.feeds.get(f.stream) !== f) return;
    if (f.refill) {
      f.refill = false;
      setTimeout(() => void this.fill(f, reason), this.gapWaitMs).unref();
    }
    this.drain(f);
  }

  /** Delivers every stored event after the feed's cursor, page by page; returns how many. */
  private async readAfterCursor(f: Feed): Promise<number> {
    let n = 0;
    for (;;) {
      const rows = await eventsRepo.eventsAfter(this.db, f.stream, f.cursor, PAGE);
      for (const r of rows) {
        const m = toMessage(r);
        if (m.id <= f.cursor) continue;
        f.pending.delete(m.id);
        f.cursor = m.id;
        n += 1;
        this.deliver(f, m);
      }
      if (rows.length < PAGE) return n;
    }
  }

  /** What stayed committed and undelivered since the previous poll is read from the store. */
  private async poll(): Promise<void> {
    if (this.feeds.size === 0) return;
    let last: Map<string, number>;
    try {
      last = await eventsRepo.latestEventIds(this.db, [...this.feeds.keys()]);
    } catch (err) {
      this.log.error({ err }, "stream: polling the event store failed");
      return;
    }
    for (const f of this.feeds.values()) {
      if (!f.initialised) continue;
      if (f.cursor < f.polled) void this.fill(f, "poll");
      f.polled = last.get(f.stream) ?? f.polled;
    }
  }

  private deliver(f: Feed, m: BusMessage): void {
    let n = 0;
    for (const mem of f.members) {
      if (mem.held) {
        mem.held.push(m);
        continue;
      }
      if (this.sendTo(mem, m)) n += 1;
    }
    for (const o of this.observers) o.onDeliver?.(m, n);
  }

  private sendTo(mem: Member, m: BusMessage): boolean {
    if (m.id <= mem.pos) return false;
    mem.pos = m.id;
    if (!mem.client.accepts(m)) return false;
    if (mem.client.onMessage) mem.client.onMessage(m);
    else writeEvent(mem.client.res, m.type, { ...m, prev: mem.sent }, m.id);
    mem.sent = m.id;
    for (const o of this.observers) o.onSend?.(m, mem.client.res);
    return true;
  }

  private feedFor(stream: string): Feed {
    let f = this.feeds.get(stream);
    if (f) return f;
    const feed: Feed = {
      stream,
      members: new Set(),
      cursor: 0,
      initialised: false,
      ready: Promise.resolve(),
      pending: new Map(),
      filling: false,
      refill: false,
      polled: 0,
    };
    feed.ready = eventsRepo.latestEventId(this.db, stream).then((last) => {
      feed.cursor = last;
      feed.polled = last;
      feed.initialised = true;
      this.drain(feed);
    });
    this.feeds.set(stream, feed);
    f = feed;
    return f;
  }

  /**
   * Adds a client to a stream, first replaying from the store what it missed after `lastEventId`
   * (null: live events only). Live messages that arrive during the replay are held and sent after
   * it; nothing is sent twice.
   */
  async join(stream: string, client: Client, lastEventId: number | null): Promise<void> {
    const f = this.feedFor(stream);
    try {
      await f.ready;
    } catch (err) {
      this.log.error({ err, stream }, "stream: reading the stream's position failed");
      if (this.feeds.get(stream) === f && f.members.size === 0) this.feeds.delete(stream);
      client.res.end();
      return;
    }
    // The feed was dropped while it was being read (its last client left): join its successor.
    if (this.feeds.get(stream) !== f) return this.join(stream, client, lastEventId);
    const resume = lastEventId ?? f.cursor;
    const mem: Member = { client, pos: resume, sent: lastEventId, held: resume < f.cursor ? [] : null };
    f.members.add(mem);
    client.res.on("close", () => this.leave(f, mem));
    if (!mem.held) return;
    try {
      await this.replay(f, mem);
    } catch (err) {
      // A replay that fails leaves the screen to reconnect; it must not hold messages forever.
      this.log.warn({ err, stream }, "stream: replay failed; closing the stream");
      this.leave(f, mem);
      client.res.end();
      return;
    }
    const held = mem.held;
    mem.held = null;
    for (const m of held) this.sendTo(mem, m);
  }

  private async replay(f: Feed, mem: Member): Promise<void> {
    for (;;) {
      const rows = await eventsRepo.eventsAfter(this.db, f.stream, mem.pos, PAGE);
      for (const r of rows) this.sendTo(mem, toMessage(r));
      if (rows.length < PAGE) break;
    }
  }

  private leave(f: Feed, mem: Member) {
    f.members.delete(mem);
    if (f.members.size === 0 && this.feeds.get(f.stream) === f) {
      clearTimeout(f.gapTimer);
      this.feeds.delete(f.stream);
    }
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.unresync();
    clearInterval(this.heartbeat);
    clearInterval(this.poller);
    for (const f of this.feeds.values()) {
      clearTimeout(f.gapTimer);
      for (const m of f.members) m.client.res.end();
    }
    this.feeds.clear();
  }
}
