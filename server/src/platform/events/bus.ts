import { EventEmitter } from "node:events";
import { Redis } from "ioredis";
import pg from "pg";

/**
 * Carries committed events to every server instance. Each instance pushes what it receives to
 * its own connected screens. In-process for one instance on SQLite; Redis pub/sub when REDIS_URL
 * is set; otherwise PostgreSQL LISTEN/NOTIFY when the database is PostgreSQL.
 */
export interface BusMessage {
  id: number;
  siteId: string;
  type: string;
  at: string;
  ticketId: string | null;
  windowId: string | null;
  queueId: string | null;
  data: unknown;
}

export interface EventBus {
  readonly kind: "local" | "postgres" | "redis";
  publish(messages: BusMessage[]): Promise<void>;
  subscribe(fn: (m: BusMessage) => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = "govhall_events";

class LocalBus implements EventBus {
  readonly kind = "local" as const;
  private em = new EventEmitter().setMaxListeners(0);
  async publish(messages: BusMessage[]) {
    for (const m of messages) this.em.emit("m", m);
  }
  subscribe(fn: (m: BusMessage) => void) {
    this.em.on("m", fn);
    return () => this.em.off("m", fn);
  }
  async close() {
    this.em.removeAllListeners();
  }
}

/** Delivery through an external broker: every instance, the publisher included, hears each message once. */
abstract class RemoteBus implements EventBus {
  abstract readonly kind: "postgres" | "redis";
  protected local = new EventEmitter().setMaxListeners(0);
  abstract publish(messages: BusMessage[]): Promise<void>;
  abstract close(): Promise<void>;
  protected deliver(raw: string) {
    try {
      this.local.emit("m", JSON.parse(raw) as BusMessage);
    } catch {
      // A malformed message from outside is dropped; screens replay from the database on reconnect.
    }
  }
  subscribe(fn: (m: BusMessage) => void) {
    this.local.on("m", fn);
    return () => this.local.off("m", fn);
  }
}

class PgBus extends RemoteBus {
  readonly kind = "postgres" as const;
  private listener: pg.Client;
  private pool: pg.Pool;
  private ready: Promise<void>;
  constructor(url: string) {
    super();
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
    this.pool.on("error", () => undefined);
    this.listener = new pg.Client({ connectionString: url });
    this.listener.on("error", () => undefined);
    this.listener.on("notification", (n) => n.payload && this.deliver(n.payload));
    this.ready = this.listener.connect().then(() => this.listener.query(`LISTEN ${CHANNEL}`).then(() => undefined));
  }
  async publish(messages: BusMessage[]) {
    await this.ready;
    for (const m of messages) await this.pool.query("select pg_notify($1, $2)", [CHANNEL, JSON.stringify(m)]);
  }
  async start() {
    await this.ready;
  }
  async close() {
    await this.listener.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

class RedisBus extends RemoteBus {
  readonly kind = "redis" as const;
  private pub: Redis;
  private sub: Redis;
  private ready: Promise<unknown>;
  constructor(url: string) {
    super();
    this.pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.sub = new Redis(url, { lazyConnect: false });
    this.sub.on("message", (_ch: string, raw: string) => this.deliver(raw));
    this.ready = this.sub.subscribe(CHANNEL);
  }
  async publish(messages: BusMessage[]) {
    await this.ready;
    const p = this.pub.pipeline();
    for (const m of messages) p.publish(CHANNEL, JSON.stringify(m));
    await p.exec();
  }
  async start() {
    await this.ready;
  }
  async close() {
    this.sub.disconnect();
    this.pub.disconnect();
  }
}

export async function createBus(opts: { redisUrl?: string; databaseUrl?: string }): Promise<EventBus> {
  if (opts.redisUrl) {
    const bus = new RedisBus(opts.redisUrl);
    await bus.start();
    return bus;
  }
  if (opts.databaseUrl) {
    const bus = new PgBus(opts.databaseUrl);
    await bus.start();
    return bus;
  }
  return new LocalBus();
}
