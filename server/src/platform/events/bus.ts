import { EventEmitter } from "node:events";
import { Redis } from "ioredis";
import pg from "pg";
import type { EventMessage, EventName } from "./types.js";

/**
 * Carries committed events to every server instance. Each instance pushes what it receives to
 * its own connected screens. In-process for one instance on SQLite; Redis pub/sub when REDIS_URL
 * is set; otherwise PostgreSQL LISTEN/NOTIFY when the database is PostgreSQL.
 *
 * The bus is best effort: a message may be lost (broker down, publisher killed) or arrive out of
 * order. The store is the truth; hubs order, de-duplicate and fill gaps from it. When the bus
 * loses its listening connection it reconnects with backoff and tells `onResync` subscribers that
 * messages may have been missed, so they catch up from the store.
 */
export interface BusMessage {
  id: number;
  /** The stream: a site's id, or `district`. */
  siteId: string;
  type: string;
  at: string;
  ticketId: string | null;
  windowId: string | null;
  queueId: string | null;
  refs?: Record<string, string> | null;
  data: unknown;
}

/** What the bus tells an observer (metrics): messages published by this instance, and heard from the broker. */
export interface BusObserver {
  onPublish?(messages: readonly BusMessage[]): void;
  onPublishFailed?(messages: readonly BusMessage[], err: unknown): void;
  onReceive?(m: BusMessage): void;
  onResync?(): void;
}

/** The part of pino the bus uses. */
export interface BusLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
const silent: BusLog = { warn: () => undefined, error: () => undefined };

export interface EventBus {
  readonly kind: "local" | "postgres" | "redis";
  /** The listening connection's name at the broker (PostgreSQL application_name, Redis client name). */
  readonly connectionName?: string;
  /** Publishes committed events. Never rejects: a failure is logged (the store still has them). */
  publish(messages: BusMessage[]): Promise<void>;
  /** Every message heard, from every instance. Returns the unsubscribe function. */
  subscribe(fn: (m: BusMessage) => void): () => void;
  /** Called after the bus reconnected: messages may have been missed; catch up from the store. */
  onResync(fn: () => void): () => void;
  observe(o: BusObserver): () => void;
  /** Where failures are logged (the app's logger; silent until set). */
  setLog(log: BusLog): void;
  close(): Promise<void>;
}

const CHANNEL = "govhall_events";

abstract class BaseBus implements EventBus {
  abstract readonly kind: "local" | "postgres" | "redis";
  protected em = new EventEmitter().setMaxListeners(0);
  protected observers = new Set<BusObserver>();
  constructor(protected log: BusLog) {}
  setLog(log: BusLog) {
    this.log = log;
  }
  protected abstract send(messages: BusMessage[]): Promise<void>;
  abstract close(): Promise<void>;

  async publish(messages: BusMessage[]): Promise<void> {
    try {
      await this.send(messages);
      for (const o of this.observers) o.onPublish?.(messages);
    } catch (err) {
      this.log.error({ err, events: messages.length, firstId: messages[0]?.id }, "event bus: publish failed");
      for (const o of this.observers) o.onPublishFailed?.(messages, err);
    }
  }
  protected deliver(m: BusMessage) {
    for (const o of this.observers) o.onReceive?.(m);
    this.em.emit("m", m);
  }
  protected resync() {
    for (const o of this.observers) o.onResync?.();
    this.em.emit("resync");
  }
  subscribe(fn: (m: BusMessage) => void) {
    this.em.on("m", fn);
    return () => void this.em.off("m", fn);
  }
  onResync(fn: () => void) {
    this.em.on("resync", fn);
    return () => void this.em.off("resync", fn);
  }
  observe(o: BusObserver) {
    this.observers.add(o);
    return () => void this.observers.delete(o);
  }
}

class LocalBus extends BaseBus {
  readonly kind = "local" as const;
  protected async send(messages: BusMessage[]) {
    for (const m of messages) this.deliver(m);
  }
  async close() {
    this.em.removeAllListeners();
  }
}

/** Delivery through an external broker: every instance, the publisher included, hears each message once. */
abstract class RemoteBus extends BaseBus {
  protected deliverRaw(raw: string) {
    let m: BusMessage;
    try {
      m = JSON.parse(raw) as BusMessage;
    } catch (err) {
      this.log.warn({ err }, "event bus: malformed message dropped");
      return;
    }
    this.deliver(m);
  }
}

/** Reconnect pauses: 100 ms doubling to 5 s, with jitter. */
const backoff = (attempt: number) => Math.min(5_000, 100 * 2 ** Math.min(attempt, 6)) * (0.75 + Math.random() * 0.5);

const uniqueName = (what: string) => `govhall-${what}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

class PgBus extends RemoteBus {
  readonly kind = "postgres" as const;
  readonly connectionName = uniqueName("listen");
  private listener: pg.Client | null = null;
  private pool: pg.Pool;
  private closed = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private url: string,
    log: BusLog,
  ) {
    super(log);
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
    this.pool.on("error", (err) => this.log.warn({ err }, "event bus: idle publish connection failed"));
    // Lost while publishing: the publish fails (and is logged); the client's own "error" must not end the process.
    this.pool.on("connect", (client) => client.on("error", () => undefined));
  }

  /** Connects and listens; on any failure, retries with backoff until closed. */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: this.connectionName });
    client.on("notification", (n) => n.payload && this.deliverRaw(n.payload));
    let lost = false;
    const onLost = (err?: unknown) => {
      if (lost || this.closed) return;
      lost = true;
      this.log.warn({ err }, "event bus: PostgreSQL LISTEN connection lost; reconnecting");
      if (this.listener === client) this.listener = null;
      client.end().catch(() => undefined);
      this.schedule();
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.attempt = 0;
  }
  private schedule() {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(async () => {
      this.timer = undefined;
      try {
        await this.start();
        // Whatever was notified while no one listened is gone from the broker: catch up.
        this.resync();
      } catch (err) {
        this.attempt += 1;
        this.log.warn({ err, attempt: this.attempt }, "event bus: PostgreSQL reconnect failed");
        this.schedule();
      }
    }, backoff(this.attempt));
    this.timer.unref();
  }
  protected async send(messages: BusMessage[]) {
    // One round trip for a transaction's events, in order.
    await this.pool.query("select pg_notify($1, m) from unnest($2::text[]) as m", [CHANNEL, messages.map((m) => JSON.stringify(m))]);
  }
  async close() {
    this.closed = true;
    clearTimeout(this.timer);
    await this.listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
    this.em.removeAllListeners();
  }
}

class RedisBus extends RemoteBus {
  readonly kind = "redis" as const;
  private pub: Redis;
  private sub: Redis;
  private ready: Promise<unknown>;
  private subscribed = false;
  /** The subscribing connection's client name (CLIENT LIST shows it; tests kill it by it). */
  readonly connectionName = uniqueName("sub");
  constructor(url: string, log: BusLog) {
    super(log);
    const retryStrategy = (times: number) => backoff(times);
    this.pub = new Redis(url, { maxRetriesPerRequest: 3, retryStrategy });
    this.sub = new Redis(url, { retryStrategy, connectionName: this.connectionName });
    this.pub.on("error", (err) => this.log.warn({ err }, "event bus: Redis publish connection error"));
    this.sub.on("error", (err) => this.log.warn({ err }, "event bus: Redis subscribe connection error"));
    this.sub.on("close", () => this.subscribed && this.log.warn({}, "event bus: Redis subscription lost; reconnecting"));
    this.sub.on("message", (_ch: string, raw: string) => this.deliverRaw(raw));
    // ioredis reconnects and subscribes again by itself; "ready" after the first means a reconnection.
    this.sub.on("ready", () => {
      if (!this.subscribed) return;
      // Confirm the subscription before catching up, so nothing falls between the two.
      this.sub.subscribe(CHANNEL).then(
        () => this.resync(),
        (err) => this.log.warn({ err }, "event bus: Redis resubscribe failed"),
      );
    });
    this.ready = this.sub.subscribe(CHANNEL).then(() => {
      this.subscribed = true;
    });
  }
  async start() {
    await this.ready;
  }
  protected async send(messages: BusMessage[]) {
    const p = this.pub.pipeline();
    for (const m of messages) p.publish(CHANNEL, JSON.stringify(m));
    const results = await p.exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0];
  }
  async close() {
    this.subscribed = false;
    this.sub.disconnect();
    this.pub.disconnect();
    this.em.removeAllListeners();
  }
}

export async function createBus(opts: { redisUrl?: string; databaseUrl?: string; log?: BusLog }): Promise<EventBus> {
  const log = opts.log ?? silent;
  if (opts.redisUrl) {
    const bus = new RedisBus(opts.redisUrl, log);
    await bus.start();
    return bus;
  }
  if (opts.databaseUrl) {
    const bus = new PgBus(opts.databaseUrl, log);
    await bus.start();
    return bus;
  }
  return new LocalBus(log);
}

/** Subscribes to one event type, typed by the EventMap (e.g. a cache dropping an entry). */
export function onEvent<K extends EventName>(bus: EventBus, type: K, fn: (m: EventMessage<K>) => void): () => void {
  return bus.subscribe((m) => {
    if (m.type === type) fn(m as unknown as EventMessage<K>);
  });
}
