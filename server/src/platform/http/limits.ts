import { createHash } from "node:crypto";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Redis } from "ioredis";
import type { Clock } from "../clock.js";
import { AppError } from "../errors.js";

/**
 * Request limits counted where every instance sees them: `@fastify/rate-limit` with its Redis
 * store when REDIS_URL is set; otherwise (one instance) in this process, on the injected clock so
 * tests can let a window pass. Callers never see the store: they declare a limit once and call it.
 */
export interface LimitSpec {
  /** Prefix of every key of this limit, e.g. `booking`. */
  name: string;
  max: number;
  windowMs: number;
  /** The counted subject; the client's address when absent. */
  key?: (req: FastifyRequest) => string;
  /** Past `max`, each further hit doubles the wait (a growing delay). */
  growing?: boolean;
}

export interface Limit {
  /** Counts one hit; throws 429 once the limit is exceeded. */
  hit(req: FastifyRequest): Promise<void>;
  /** Throws 429 if the limit is already exceeded, without counting. */
  check(req: FastifyRequest): Promise<void>;
  /** Whether it is exceeded now, without counting or throwing. */
  exceeded(req: FastifyRequest): Promise<boolean>;
}

export const tooManyRequests = (retryAfterSec: number) =>
  new AppError(429, "too_many_requests", "操作过于频繁，请稍后再试", "Too many requests; try again later", {
    retryAfterSec: Math.max(1, retryAfterSec),
  });

/** A Redis key namespace per deployment (the database), so test databases never share counts. */
function namespace(databaseUrl: string | undefined, dataDir: string): string {
  return `govhall:rl:${createHash("sha1")
    .update(databaseUrl ?? dataDir)
    .digest("hex")
    .slice(0, 10)}:`;
}

export async function registerLimits(
  app: FastifyInstance,
  opts: { redisUrl: string | undefined; databaseUrl: string | undefined; dataDir: string; clock: Clock },
): Promise<void> {
  const redis = opts.redisUrl ? new Redis(opts.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false }) : undefined;
  if (redis) {
    redis.on("error", (err) => app.log.warn({ err }, "rate-limit store unreachable"));
    app.addHook("onClose", async () => {
      redis.disconnect();
    });
  }
  await app.register(rateLimit, {
    global: false,
    // A store that is unreachable does not stop the hall: limits pause, requests go on (logged).
    skipOnError: true,
    ...(redis ? { redis, nameSpace: namespace(opts.databaseUrl, opts.dataDir) } : { store: clockStore(opts.clock) }),
  });
}

/** Declares a limit on an app that ran `registerLimits`. A limit with `max` 0 never refuses. */
export function defineLimit(app: FastifyInstance, spec: LimitSpec): Limit {
  const keyOf = spec.key ?? ((req: FastifyRequest) => req.ip);
  const run = app.createRateLimit({
    max: spec.max,
    timeWindow: spec.windowMs,
    keyGenerator: (req) => `${spec.name}|${keyOf(req)}`,
    // Passed through to the store (the plugin's Redis store and ours both double the wait).
    ...({ exponentialBackoff: spec.growing ?? false } as object),
  });
  const state = async (req: FastifyRequest, increment: boolean) => {
    if (spec.max <= 0) return { exceeded: false, retry: 0 };
    const r = await run(req, { increment });
    if (r.isAllowed) return { exceeded: false, retry: 0 };
    // A read sees `current` hits so far: the next one is refused once `current` reached `max`.
    const exceeded = increment ? r.isExceeded : (r.remaining ?? 1) <= 0 && (r.ttl ?? 0) > 0;
    return { exceeded, retry: r.ttlInSeconds ?? 1 };
  };
  return {
    async hit(req) {
      const s = await state(req, true);
      if (s.exceeded) throw tooManyRequests(s.retry);
    },
    async check(req) {
      const s = await state(req, false);
      if (s.exceeded) throw tooManyRequests(s.retry);
    },
    async exceeded(req) {
      return (await state(req, false)).exceeded;
    },
  };
}

type Cb = (err: Error | null, res: { current: number; ttl: number }) => void;

/** The in-process store of @fastify/rate-limit, on the injected clock (a fixed window per key, bounded). */
function clockStore(clock: Clock) {
  const MAX_KEYS = 100_000;
  return class ClockStore {
    private readonly entries = new Map<string, { n: number; start: number; ttl: number }>();
    private readonly opts: { exponentialBackoff?: boolean };
    constructor(opts: object = {}) {
      this.opts = opts as { exponentialBackoff?: boolean };
    }
    incr(key: string, cb: Cb, timeWindow: number, max: number) {
      const now = clock.now().getTime();
      let e = this.entries.get(key);
      if (!e || now >= e.start + e.ttl) {
        // Full: drop the oldest keys first (a Map keeps insertion order), never everything.
        if (!e && this.entries.size >= MAX_KEYS) for (const k of [...this.entries.keys()].slice(0, MAX_KEYS / 10)) this.entries.delete(k);
        e = { n: 0, start: now, ttl: timeWindow };
        this.entries.delete(key);
        this.entries.set(key, e);
      }
      e.n++;
      if (this.opts.exponentialBackoff && e.n > max) {
        e.start = now;
        e.ttl = Math.min(timeWindow * 2 ** (e.n - max - 1), Number.MAX_SAFE_INTEGER);
      }
      cb(null, { current: e.n, ttl: e.start + e.ttl - now });
    }
    read(key: string, cb: Cb) {
      const now = clock.now().getTime();
      const e = this.entries.get(key);
      if (!e || now >= e.start + e.ttl) cb(null, { current: 0, ttl: 0 });
      else cb(null, { current: e.n, ttl: e.start + e.ttl - now });
    }
    child(routeOptions: object) {
      return new ClockStore({ exponentialBackoff: (routeOptions as { exponentialBackoff?: boolean }).exponentialBackoff });
    }
  };
}
