import type { Executor, Row } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { assertCan } from "../../platform/auth/access.js";
import type { Clock } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { conflict, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { maskPhone } from "../../platform/privacy.js";
import type { JobSpec } from "../../platform/scheduler/scheduler.js";
import type { Channels } from "./channels.js";
import * as repo from "./outbox.repository.js";

export const MESSAGE_KINDS = [
  "verification_code",
  "confirmation",
  "reminder_day",
  "reminder_hour",
  "cancelled",
  "cancelled_by_site",
  "moved_by_site",
  "waitlist_offer",
  "called_soon",
  "case_progress",
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface NewMessage {
  siteId: string | null;
  appointmentId?: string | null;
  channel: "sms" | "email";
  recipient: string;
  kind: MessageKind;
  subject: string;
  body: string;
}

/**
 * Queues a message in the caller's transaction: it exists exactly when the change that caused it
 * commits, and it stays until a channel has accepted it. Nothing is sent here.
 */
export async function enqueue(tx: Executor, clock: Clock, m: NewMessage): Promise<string> {
  const at = clock.now().toISOString();
  const id = newId();
  await repo.insertMessage(tx, {
    id,
    site_id: m.siteId,
    appointment_id: m.appointmentId ?? null,
    channel: m.channel,
    recipient: m.recipient,
    kind: m.kind,
    subject: m.subject,
    body: m.body,
    state: "pending",
    attempts: 0,
    next_attempt_at: at,
    locked_until: null,
    last_error: null,
    created_at: at,
    sent_at: null,
  });
  return id;
}

/** Seconds before attempt n+1: 10 s, 20 s, 40 s … capped at 15 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(15 * 60_000, 10_000 * 2 ** Math.max(0, attempts - 1));
}
/** After this many attempts (about a day with the backoff) a message is marked failed; a manager can send it again. */
export const MAX_ATTEMPTS = 100;
const LEASE_MS = 60_000;
const SENT_CODE_BODY = "【政务服务】预约验证码（已发送，内容不再保存）";

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * One pass of the dispatcher: every due message is claimed (a lease, so two instances never send
 * it twice at once), handed to its channel, and marked sent — or scheduled again with backoff.
 */
export async function deliverDue(db: Executor, clock: Clock, channels: Channels, limit = 100): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  const due = await repo.dueMessages(db, clock.now().toISOString(), limit);
  for (const m of due) {
    // Each claim takes its lease from the moment it is made: sends are one after another, and a
    // lease taken at the start of a long pass could run out before its message is sent.
    const now = clock.now();
    const lease = new Date(now.getTime() + LEASE_MS).toISOString();
    if (!(await repo.claim(db, m.id, now.toISOString(), lease))) continue;
    const outcome = await deliverOne(db, clock, channels, m, lease);
    report[outcome]++;
  }
  return report;
}

/** Sends one claimed message and records the outcome under its lease: sent, to be retried with backoff, or given up. */
async function deliverOne(
  db: Executor,
  clock: Clock,
  channels: Channels,
  m: Awaited<ReturnType<typeof repo.dueMessages>>[number],
  lease: string,
): Promise<keyof DeliveryReport> {
  const attempts = m.attempts + 1;
  const channel = channels[m.channel as "sms" | "email"];
  try {
    if (!channel) throw new Error(`no channel for ${m.channel}`);
    await channel.send({ id: m.id, recipient: m.recipient, kind: m.kind, subject: m.subject, body: m.body });
    // Marked only while the lease is still ours: an attempt whose lease ran out (and that another
    // instance took over) can no longer overwrite what that one recorded.
    await repo.updateLeased(db, m.id, lease, {
      state: "sent",
      sent_at: clock.now().toISOString(),
      locked_until: null,
      last_error: null,
      // A verification code is a secret: once the channel has it, the outbox keeps no copy.
      ...(m.kind === "verification_code" ? { body: SENT_CODE_BODY } : {}),
    });
    return "sent";
  } catch (err) {
    const at = clock.now();
    const giveUp = attempts >= MAX_ATTEMPTS;
    await repo.updateLeased(db, m.id, lease, {
      state: giveUp ? "failed" : "pending",
      locked_until: null,
      last_error: String(err instanceof Error ? err.message : err).slice(0, 300),
      next_attempt_at: new Date(at.getTime() + backoffMs(attempts)).toISOString(),
    });
    return giveUp ? "failed" : "retried";
  }
}

export interface Dispatcher {
  /** One pass now (skipped while a pass of this instance is still running). */
  pass(): Promise<DeliveryReport | null>;
  /** A pass soon, after a commit that queued a message: no wait for the next scheduled pass. */
  kick(): void;
}

export function createDispatcher(db: Executor, clock: Clock, channels: Channels, log: (err: unknown) => void): Dispatcher {
  let running = false;
  const pass = async () => {
    if (running) return null;
    running = true;
    try {
      return await deliverDue(db, clock, channels);
    } finally {
      running = false;
    }
  };
  return {
    pass,
    kick: () =>
      void setImmediate(() => {
        pass().catch(log);
      }),
  };
}

/** The periodic pass as a scheduled job: it sends what a kick missed and retries after backoff. */
export function outboxJob(dispatcher: Dispatcher, everyMs = 2_000): JobSpec {
  // Each message has its own lease too: a pass that outlives this one sends nothing twice.
  return { name: "notifications.outbox", schedule: { everyMs }, leaseMs: 60_000, run: () => dispatcher.pass() };
}

export function presentMessage(m: Row<"outbox">) {
  return {
    id: m.id,
    appointmentId: m.appointment_id,
    channel: m.channel,
    // A mobile number or mail address: masked on every screen.
    recipient: m.channel === "sms" ? maskPhone(m.recipient) : m.recipient.replace(/^(.).*(@.*)$/, "$1***$2"),
    kind: m.kind,
    subject: m.subject,
    state: m.state,
    attempts: m.attempts,
    nextAttemptAt: m.state === "pending" ? m.next_attempt_at : null,
    lastError: m.last_error,
    createdAt: m.created_at,
    sentAt: m.sent_at,
  };
}

export async function listMessages(ctx: Ctx, siteId: string, state?: string) {
  assertCan(ctx.principal, "appointment.manage", siteId);
  return (await repo.messagesOfSite(ctx.db, siteId, state, 200)).map(presentMessage);
}

/** A manager sends a failed message again (e.g. after the gateway was fixed). */
export async function retryMessage(ctx: Ctx, siteId: string, id: string) {
  assertCan(ctx.principal, "appointment.manage", siteId);
  const m = await repo.findMessage(ctx.db, id);
  if (!m || m.site_id !== siteId) throw notFound("Message", "该消息");
  if (m.state !== "failed") throw conflict("message_not_failed", "只有发送失败的消息可以重发", "Only failed messages can be sent again");
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    // From `failed` only: a second click (or a second manager) does not queue it twice.
    if (!(await repo.retryFailed(tx, id, at))) {
      throw conflict("message_not_failed", "只有发送失败的消息可以重发", "Only failed messages can be sent again");
    }
    await audit(tx, ctx, {
      action: "notification.retry",
      entityType: "outbox",
      entityId: id,
      siteId,
      after: { kind: m.kind, channel: m.channel, recipient: maskPhone(m.recipient) },
    });
  });
  return presentMessage({ ...m, state: "pending", attempts: 0, next_attempt_at: at });
}
