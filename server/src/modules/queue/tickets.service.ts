import type { z } from "zod";
import type { Executor, Row } from "../../db/schema.js";
import { assertCan } from "../../platform/auth/access.js";
import type { Principal } from "../../platform/auth/principal.js";
import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.js";
import { type Emit, withEvents } from "../../platform/events/store.js";
import { defineNumberKind, nextNumber } from "../../platform/numbering/numbering.js";
import { maskIdNumber, maskName, maskPhone } from "../../platform/privacy.js";
import { itemForTicket } from "../catalog/ticket-item.js";
import { loadSchedule, openingState } from "../org/opening.js";
import * as orgApi from "../org/org.api.js";
import { queueMeta, siteMeta } from "./queue.meta.js";
import { eventData, presentPublic, presentTicket } from "./queue.presenter.js";
import * as repo from "./queue.repository.js";
import type { IssueRequest, PublicIssueInput, PublicTicket, Ticket } from "./queue.schema.js";
import { settingsFor } from "./queue-setup.service.js";
import { assertIssueLimits, auditDeclaredPriority, newTicketRow } from "./ticket-issue.js";
import { presentForCaller } from "./ticket-viewer.js";
import * as windowRepo from "./window.repository.js";

/** Ticket numbers: per queue, starting at 1 each service day. */
export const TICKET_NUMBERS = defineNumberKind("ticket", "day");

export const siteClosed = (next?: { date: string; time: string }) =>
  new AppError(
    409,
    "site_closed",
    next ? `当前不在办公时间，本场所将于 ${next.date} ${next.time} 开始办公，请届时再来取号` : "当前不在办公时间，本场所近期没有办公安排",
    next
      ? `The site is closed now; it opens at ${next.time} on ${next.date} (Beijing time). Please take a ticket then.`
      : "The site is closed and has no opening hours in the next two weeks.",
  );

export interface IssueResult {
  ticket: Ticket;
  peopleAhead: number;
}

/**
 * Work another module does in the ticket's own transaction (an appointment's check-in): if it
 * throws, no ticket is issued and its number is not used.
 */
/** Runs in the ticket's transaction (e.g. an appointment claimed at check-in); `emit` adds events to it. */
export type AlongWithTicket = (tx: Executor, ticket: Row<"tickets">, emit: Emit) => Promise<void>;

/** Issues a ticket: number = prefix + sequence per queue per day, never repeated, never skipped. */
export async function issueTicket(ctx: Ctx, siteId: string, input: IssueRequest, along?: AlongWithTicket): Promise<IssueResult> {
  const p = ctx.principal;
  assertCan(p, "queue.issue", siteId);
  assertGreenChannel(p, input);
  const channel = input.appointmentAt ? "appointment" : (input.channel ?? (p.kind === "device" ? "kiosk" : "guide"));
  if (channel === "online")
    throw new AppError(400, "channel_not_allowed", "网上取号请使用公众服务入口", "Online tickets are taken on the public portal");
  if (p.kind === "device" && channel !== "kiosk" && channel !== "appointment") {
    throw new AppError(
      400,
      "channel_not_allowed",
      "自助终端只能以自助取号或预约签到方式取号",
      "A kiosk issues kiosk or appointment tickets only",
    );
  }
  return issue(ctx, siteId, input, channel, p.kind === "device" ? p.deviceId : p.userId, along);
}

/**
 * The green channel (绿色通道) moves a ticket ahead of everyone: only staff give it, with a reason
 * that goes into the audit chain. A kiosk offers the statutory priorities (依法优先) only.
 */
function assertGreenChannel(p: Principal, input: IssueRequest): void {
  if (input.priorityClass !== "green") return;
  if (p.kind === "device")
    throw new AppError(403, "green_channel_staff_only", "绿色通道须由工作人员开通", "Only staff can give the green channel");
  if (!input.priorityReason)
    throw new AppError(
      400,
      "green_channel_reason_required",
      "开通绿色通道须填写原因（如：急症、重大项目）",
      "Give the reason for the green channel (e.g. an emergency, a major project)",
    );
}

/**
 * Checks a mobile's verification code (the appointments' SMS codes) and uses it up in the
 * ticket's transaction; given by app.ts, so the queue does not depend on the appointments module.
 */
export interface MobileVerifier {
  verify(ctx: Ctx, phone: string, code: string): Promise<string>;
  use(tx: Executor, codeId: string, nowIso: string): Promise<void>;
}

export interface OnlineTicketRules {
  /** Percent of a queue's daily cap (号源) online tickets may take; the rest stays for people who come in. */
  onlineShare: number;
  mobile: MobileVerifier;
}

/**
 * Remote queuing from the public portal (issue 10, item 1): the mobile verified by SMS code, real
 * name with ID number, one ticket a day per mobile and per ID number and queue (or the queue's
 * per-person limit), and at most `onlineShare` percent of the daily cap; per address limits are
 * the route's.
 */
export async function issueOnline(
  ctx: Ctx,
  siteCode: string,
  input: z.infer<typeof PublicIssueInput>,
  rules: OnlineTicketRules,
): Promise<PublicTicket & { code: string }> {
  const site = await orgApi.findSiteByCode(ctx.db, siteCode);
  if (site?.active !== 1) throw notFound("Site", "场所");
  const codeId = await rules.mobile.verify(ctx, input.applicantPhone, input.verificationCode);
  const { verificationCode: _code, ...ticketInput } = input;
  const r = await issue(ctx, site.id, { ...ticketInput, priorityClass: "normal" }, "online", null, async (tx, row) => {
    await assertOnlineShare(ctx, tx, site.id, row, rules.onlineShare);
    await rules.mobile.use(tx, codeId, row.issued_at);
  });
  return { ...(await getPublicTicket(ctx, r.ticket.code)), code: r.ticket.code };
}

/** Online tickets take at most `sharePct` of a capped queue's day; counted under the queue's number lock, this one included. */
async function assertOnlineShare(ctx: Ctx, tx: Executor, siteId: string, row: Row<"tickets">, sharePct: number): Promise<void> {
  const queue = await queueMeta(ctx.caches, tx, siteId, row.queue_id);
  if (!queue?.daily_cap) return;
  const share = Math.floor((queue.daily_cap * sharePct) / 100);
  if ((await repo.countChannelTickets(tx, row.queue_id, row.service_date, "online")) <= share) return;
  throw conflict(
    "online_share_reached",
    `“${queue.name}”今日网上取号名额（${share} 个）已取完，其余号源留给现场取号`,
    `Today's ${share} online tickets for ${queue.name} are taken; the other tickets are kept for people at the hall`,
  );
}

async function issue(
  ctx: Ctx,
  siteId: string,
  input: IssueRequest,
  channel: string,
  issuedBy: string | null,
  along?: AlongWithTicket,
): Promise<IssueResult> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const [site, queue] = await Promise.all([siteMeta(ctx.caches, ctx.db, siteId), queueMeta(ctx.caches, ctx.db, siteId, input.queueId)]);
  if (site?.active !== 1) throw notFound("Site", "场所");
  if (queue?.active !== 1) throw notFound("Queue", "该业务队列");
  const state = openingState(await loadSchedule(ctx.caches, ctx.db, siteId, chinaLocal(now).date), now);
  if (!state.open) throw siteClosed(state.nextOpen);
  const date = state.date;
  const item = input.itemCode ? await itemForTicket(ctx.db, siteId, queue.id, input.itemCode, at) : null;

  const ticket = await withEvents(ctx, async (tx, emit) => {
    // The number's counter row is locked from here to commit: limits counted after it cannot be
    // raced past, and a refusal rolls the number back (no gap).
    const seq = await nextNumber(tx, TICKET_NUMBERS, queue.id, date);
    const waiting = await repo.adjustWaiting(tx, queue.id, date, 1);
    await assertIssueLimits(tx, { queue, date, seq, channel, input });
    const row = newTicketRow({ siteId, queue, date, seq, channel, input, issuedBy, item, at });
    await repo.insertTicket(tx, row);
    if (along) await along(tx, row, emit);
    if (row.priority_class !== "normal") await auditDeclaredPriority(tx, ctx, row, input.priorityReason);
    await emit({
      siteId,
      type: "ticket.issued",
      ticketId: row.id,
      queueId: row.queue_id,
      data: await eventData(ctx.caches, tx, row, waiting),
    });
    return { row, ahead: waiting - 1 };
  });
  // A new ticket is last in its line: everyone else waiting is ahead of it.
  const { row, ahead } = ticket;
  // The issuer (kiosk, guide) gets the applicant's data back masked: it is not serving them yet.
  return { ticket: await presentTicket(ctx.caches, ctx.db, row, ahead), peopleAhead: ahead };
}

export async function peopleAhead(db: Executor, t: Row<"tickets">): Promise<number> {
  return t.state === "waiting" ? repo.countAhead(db, t) : 0;
}

/**
 * What the wait of a place in a line is derived from: today's mean service time of the queue (null
 * until one ticket has been served today: no default is invented), how many open windows serve
 * the queue, and how many of them are free now.
 */
export interface WaitModel {
  serviceMin: number | null;
  open: number;
  free: number;
}

/**
 * Today's mean service time of a queue (call to finish), from the day's totals kept as each ticket
 * finishes (`addServed`): one indexed row, so a public read costs the same at the end of a busy
 * day as at its start (issue 10, item 5), and every instance sees the same mean at once.
 */
async function meanServiceMin(db: Executor, queueId: string, date: string): Promise<number | null> {
  const { served, serviceMs } = await repo.serviceTotals(db, queueId, date);
  return served === 0 ? null : serviceMs / served / 60_000;
}

export async function waitModel(db: Executor, siteId: string, queueId: string, date: string): Promise<WaitModel> {
  const serving = new Set((await repo.windowQueuesOfSite(db, siteId)).filter((wq) => wq.queue_id === queueId).map((wq) => wq.window_id));
  const open = (await windowRepo.windowStatesOfSite(db, siteId)).filter((s) => s.state === "open" && serving.has(s.window_id));
  const busy = await Promise.all(
    open.map(async (w) => (await repo.ticketsOfWindow(db, w.window_id, date, ["called", "serving"])).length > 0),
  );
  return { serviceMin: await meanServiceMin(db, queueId, date), open: open.length, free: busy.filter((b) => !b).length };
}

/**
 * Minutes until a ticket with `ahead` people before it is called: 0 when a free window will call
 * it at once («即将叫号»), null when nothing honest can be said (no open window, or no service
 * finished today). Otherwise the people still to be served before it share the open windows, and
 * the answer is rounded up to whole minutes. It depends on the place and the queue only, so the
 * same place gives the same estimate on every page.
 */
export function estimate(ahead: number, m: WaitModel): number | null {
  if (m.open === 0) return null;
  if (ahead < m.free) return 0;
  if (m.serviceMin === null) return null;
  const minutes = ((ahead - m.free + 1) * m.serviceMin) / m.open;
  return minutes < 0.5 ? 0 : Math.ceil(minutes);
}

export async function getTicket(ctx: Ctx, ticketId: string): Promise<Ticket> {
  const t = await repo.findTicket(ctx.db, ticketId);
  if (!t) throw notFound("Ticket", "该号");
  assertCan(ctx.principal, "queue.read", t.site_id);
  // Staff and counter terminals only (a kiosk prints the masked slip instead); in full only for
  // whoever is serving the applicant now (ticket-viewer.ts).
  if (ctx.principal.kind === "device" && ctx.principal.deviceKind !== "counter_terminal") throw forbidden();
  return presentForCaller(ctx, t, await peopleAhead(ctx.db, t));
}

export async function getPublicTicket(ctx: Ctx, code: string): Promise<PublicTicket> {
  const t = await repo.findTicketByCode(ctx.db, code);
  if (!t) throw notFound("Ticket", "该号");
  const ahead = await peopleAhead(ctx.db, t);
  const settings = await settingsFor(ctx.caches, ctx.db, t.site_id);
  const wait = t.state === "waiting" ? estimate(ahead, await waitModel(ctx.db, t.site_id, t.queue_id, t.service_date)) : null;
  return presentPublic(ctx.caches, ctx.db, t, t.state === "waiting" ? ahead : null, wait, settings.notifyAhead);
}

/** The holder (by code) or staff cancel a ticket that is still waiting. */
export async function cancelTicket(ctx: Ctx, by: { ticketId: string } | { code: string }): Promise<void> {
  const t = "code" in by ? await repo.findTicketByCode(ctx.db, by.code) : await repo.findTicket(ctx.db, by.ticketId);
  if (!t) throw notFound("Ticket", "该号");
  if ("ticketId" in by) {
    // Staff cancel at the holder's request; a kiosk or other device may not cancel anyone's ticket.
    assertCan(ctx.principal, "queue.issue", t.site_id);
    if (ctx.principal.kind === "device") throw forbidden();
  }
  await withEvents(ctx, async (tx, emit) => {
    // Only from the state just read, so the waiting count moves exactly when the line does.
    const moved =
      (t.state === "waiting" || t.state === "parked") &&
      (await repo.transition(tx, t.id, [t.state], { state: "cancelled", finished_at: ctx.clock.now().toISOString() }));
    if (!moved)
      throw conflict(
        "ticket_not_waiting",
        "该号已被叫或已结束，无法取消",
        "The ticket has been called or has ended and cannot be cancelled",
      );
    const waiting = t.state === "waiting" ? await repo.adjustWaiting(tx, t.queue_id, t.service_date, -1) : undefined;
    await emit({
      siteId: t.site_id,
      type: "ticket.cancelled",
      ticketId: t.id,
      queueId: t.queue_id,
      data: await eventData(ctx.caches, tx, { ...t, state: "cancelled" }, waiting),
    });
  });
}

/**
 * The printable ticket (80 mm): what the kiosk prints, masked. It carries the live-ticket code
 * (the QR), which cancels the ticket: only the kiosk that issued it, or staff who issue tickets
 * at the site, may print it — never a display or another device.
 */
export async function printable(ctx: Ctx, ticketId: string) {
  const t = await repo.findTicket(ctx.db, ticketId);
  if (!t) throw notFound("Ticket", "该号");
  assertCan(ctx.principal, "queue.issue", t.site_id);
  if (ctx.principal.kind === "device" && ctx.principal.deviceId !== t.issued_by) throw forbidden();
  const site = await siteMeta(ctx.caches, ctx.db, t.site_id);
  const ahead = await peopleAhead(ctx.db, t);
  const window = t.target_window_id ? await orgApi.findWindow(ctx.db, t.site_id, t.target_window_id) : undefined;
  const shown = await presentTicket(ctx.caches, ctx.db, t);
  return {
    siteName: site?.name ?? "",
    number: t.number,
    queueName: shown.queueName,
    itemName: shown.itemName,
    priority: shown.priorityClass !== "normal",
    priorityClass: shown.priorityClass,
    peopleAhead: ahead,
    issuedAt: t.issued_at,
    code: t.code,
    applicantName: t.applicant_name ? maskName(t.applicant_name) : null,
    applicantPhone: t.applicant_phone ? maskPhone(t.applicant_phone) : null,
    applicantIdNumber: t.applicant_id_number ? maskIdNumber(t.applicant_id_number) : null,
    targetWindowNumber: window?.number ?? null,
  };
}
