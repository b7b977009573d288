import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Db, Executor, Row } from "../../db/schema.js";
import { DEVICE_OPERATIONS } from "../auth/device-operations.js";
import type { Clock } from "../clock.js";
import { AppError } from "../errors.js";
import type { JobSpec } from "../scheduler/scheduler.js";
import * as repo from "./idempotency.repository.js";

/**
 * `Idempotency-Key` on writes (issue 10, item 6): a request repeated with the same key — a kiosk
 * retrying after its answer was lost — gets the first request's answer (status and body) instead
 * of doing the work again; the same key with another request is refused (422).
 *
 * - Which routes: every write a device may call (device-operations.ts: issue, check-in, the
 *   window's steps), for any caller, and any route with `config: { idempotent: true }`. Without
 *   the header nothing changes.
 * - Keys are per caller (the device, or the user) and kept `KEEP_HOURS`; a scheduler job drops
 *   older ones (`idempotencyExpiryJob`).
 * - The key is claimed inside the request's first write transaction (`withEvents` calls
 *   `ctx.idempotency.claim`), so the claim commits with the effect or not at all: an instance
 *   killed before its commit leaves nothing, a retry runs afresh; killed after it, a retry finds
 *   the key claimed and is told so (409), never issues twice.
 * - A concurrent repeat waits for the first (up to `WAIT_MS`) and answers its result.
 */
export const IDEMPOTENCY_HEADER = "idempotency-key";
export const KEEP_HOURS = 24;
const WAIT_MS = 5_000;
const POLL_MS = 20;

const DEVICE_WRITES = new Set(Object.values(DEVICE_OPERATIONS).flat());

declare module "fastify" {
  interface FastifyContextConfig {
    /** Accepts an Idempotency-Key (device writes do without saying so). */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency?: KeyState;
  }
}

interface KeyState {
  scope: string;
  key: string;
  hash: string;
  /** What a running claim holds in `body`, so only its own request completes it. */
  owner: string;
  claimed: boolean;
  lost: boolean;
}

const reused = () =>
  new AppError(
    422,
    "idempotency_key_reused",
    "该幂等键已用于另一个不同的请求，请为新的操作使用新的键",
    "This Idempotency-Key was used for a different request; use a new key for a new operation",
  );
const inProgress = () =>
  new AppError(
    409,
    "idempotency_key_in_progress",
    "相同的请求仍在处理中（或结果未能返回），请稍后用同一个键重试",
    "The same request is still being processed (or its answer was lost); retry later with the same key",
    { retryAfterSec: 2 },
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function keyOf(req: FastifyRequest): string | undefined {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  const header = req.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return undefined;
  const operationId = (req.routeOptions.schema as { operationId?: string } | undefined)?.operationId ?? "";
  if (!req.routeOptions.config.idempotent && !DEVICE_WRITES.has(operationId)) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !/^[\x21-\x7e]{1,128}$/.test(key)) {
    throw new AppError(
      400,
      "idempotency_key_invalid",
      "幂等键须为 1–128 个可见 ASCII 字符",
      "An Idempotency-Key is 1 to 128 visible ASCII characters",
    );
  }
  return key;
}

/** The first request's answer once it has one; null when the key is free; throws 422 or 409. */
async function firstAnswer(db: Db, clock: Clock, s: KeyState, waitMs: number): Promise<Row<"idempotency_keys"> | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const row = await repo.findKey(db, s);
    if (!row) return null;
    if (row.expires_at <= clock.now().toISOString()) {
      await repo.deleteKey(db, s);
      return null;
    }
    if (row.request_hash !== s.hash) throw reused();
    if (row.status > 0) return row;
    if (Date.now() >= deadline) throw inProgress();
    await sleep(POLL_MS);
  }
}

function replay(reply: FastifyReply, row: Row<"idempotency_keys">): void {
  reply.code(row.status);
  reply.header("idempotent-replayed", "true");
  if (row.body !== "") reply.type(row.status >= 400 ? "application/problem+json" : "application/json; charset=utf-8");
}

export function registerIdempotency(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const { db, clock } = deps;
  app.addHook("preHandler", async (req, reply) => {
    const key = keyOf(req);
    const p = req.ctx.principal;
    if (key === undefined || !p) return;
    const scope = p.kind === "device" ? `d:${p.deviceId}` : `u:${p.userId}`;
    const hash = createHash("sha256")
      .update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`)
      .digest("hex");
    const s: KeyState = { scope, key, hash, owner: `running:${req.id}`, claimed: false, lost: false };
    const first = await firstAnswer(db, clock, s, WAIT_MS);
    if (first) {
      replay(reply, first);
      return reply.send(first.body === "" ? undefined : first.body);
    }
    req.idempotency = s;
    const now = clock.now();
    req.ctx.idempotency = {
      async claim(tx: Executor) {
        if (s.claimed || s.lost) return;
        const row = {
          scope,
          key,
          request_hash: hash,
          status: 0,
          body: s.owner,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + KEEP_HOURS * 3_600_000).toISOString(),
        };
        if (await repo.claimKey(tx, row)) s.claimed = true;
        else {
          s.lost = true;
          throw inProgress();
        }
      },
    };
  });

  app.addHook("onSend", async (req, reply, payload) => {
    const s = req.idempotency;
    if (!s) return payload;
    if (s.lost) {
      // Another request with this key committed first: answer what it answered.
      const first = await firstAnswer(db, clock, s, WAIT_MS).catch(() => null);
      if (!first) return payload;
      replay(reply, first);
      return first.body;
    }
    // A 5xx is not an answer to repeat; a claim that committed stays running until it expires.
    if (reply.statusCode >= 500) return payload;
    const body = typeof payload === "string" ? payload : payload === undefined || payload === null ? "" : String(payload);
    const now = clock.now();
    await repo.completeKey(db, s, s.owner, {
      request_hash: s.hash,
      status: reply.statusCode,
      body,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + KEEP_HOURS * 3_600_000).toISOString(),
    });
    return payload;
  });
}

/** Drops keys older than `KEEP_HOURS`, hourly. */
export const idempotencyExpiryJob: JobSpec = {
  name: "platform.idempotency_expire",
  schedule: { everyMs: 3_600_000 },
  run: async ({ ctx }) => ({ deleted: await repo.deleteExpired(ctx.db, ctx.clock.now().toISOString()) }),
};
