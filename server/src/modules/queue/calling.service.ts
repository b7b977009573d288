import type { Executor, Row } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, conflict, notFound } from "../../platform/errors.js";
import { type Emit, withEvents } from "../../platform/events/store.js";
import * as orgApi from "../org/org.api.js";
import { type Candidate, nextStreak, type PriorityClass, rankCandidates, type WindowView } from "./calling-order.js";
import type { TicketEventData, TicketEventType } from "./queue.events.js";
import { eventData } from "./queue.presenter.js";
import * as repo from "./queue.repository.js";
import type { Ticket } from "./queue.schema.js";
import { settingsFor } from "./queue-setup.service.js";
import { presentForCaller, recordIfServing } from "./ticket-viewer.js";
import * as windowRepo from "./window.repository.js";
import { badState, windowActor } from "./window.service.js";

type T = Row<"tickets">;

/** `waiting`: the queue's new waiting count, for moves that change the line (a call, a transfer). */
type Extra = Pick<TicketEventData, "outOfOrder" | "fromWindowId" | "fromQueueId">;
async function emitTicket(ctx: Ctx, tx: Executor, emit: Emit, type: TicketEventType, t: T, extra: Extra = {}, waiting?: number) {
  await emit({
    siteId: t.site_id,
    type,
    ticketId: t.id,
    windowId: t.window_id,
    queueId: t.queue_id,
    data: { ...(await eventData(ctx.caches, tx, t, waiting)), ...extra },
  });
}

const toCandidate = (
  r: Pick<T, "id" | "queue_id" | "priority_class" | "arrived_at" | "seq" | "appointment_at" | "target_window_id">,
): Candidate => ({
  id: r.id,
  queueId: r.queue_id,
  priorityClass: r.priority_class as PriorityClass,
  arrivedAt: r.arrived_at,
  seq: r.seq,
  appointmentAt: r.appointment_at,
  targetWindowId: r.target_window_id,
});

async function assertIdle(tx: Executor, windowId: string, date: string) {
  const busy = await repo.ticketsOfWindow(tx, windowId, date, ["called", "serving"]);
  if (busy.length > 0) {
    throw conflict(
      "window_busy",
      `请先办结或处理当前号 ${busy.map((t) => t.number).join("、")}，再叫下一位`,
      `Finish or release ticket ${busy.map((t) => t.number).join(", ")} before calling the next`,
    );
  }
}

/**
 * Calls the next ticket for a window. Candidates are ranked by the calling order, then claimed
 * with a conditional update: if another window (or instance) took one first, the next is tried.
 */
export async function callNext(ctx: Ctx, windowId: string): Promise<Ticket> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const date = chinaLocal(now).date;
  const called = await withEvents(ctx, async (tx, emit) => {
    const { w, state, staffUserId } = await windowActor(ctx, tx, windowId);
    if (state?.state === "paused")
      throw conflict("window_paused", `${w.number}号窗口已暂停，请先恢复服务`, `Window ${w.number} is paused; resume first`);
    await assertIdle(tx, windowId, date);
    const queues = await repo.windowQueues(tx, windowId);
    const view: WindowView = { windowId, ranks: new Map(queues.map((q) => [q.queue_id, q.rank])), normalStreak: state?.normal_streak ?? 0 };
    const settings = await settingsFor(ctx.caches, tx, w.site_id);
    for (let round = 0; round < 5; round++) {
      const ranked = rankCandidates(
        (await repo.candidates(tx, w.site_id, date, windowId, [...view.ranks.keys()])).map(toCandidate),
        view,
        settings.priorityEvery,
        nowIso,
      );
      if (ranked.length === 0) break;
      const t = await claimFirst(tx, ranked, { ctx, emit, view, staffUserId, date, nowIso });
      if (t) return t;
    }
    throw new AppError(404, "no_waiting_ticket", "当前没有等候的号", "Nobody is waiting in this window's queues");
  });
  return presentForCaller(ctx, called);
}

/** Calls one waiting ticket out of order, with a reason that goes into the audit chain. */
export async function callSpecific(ctx: Ctx, windowId: string, ticketId: string, reason: string): Promise<Ticket> {
  const nowIso = ctx.clock.now().toISOString();
  const t = await withEvents(ctx, async (tx, emit) => {
    const { w, state, staffUserId } = await windowActor(ctx, tx, windowId);
    if (state?.state === "paused")
      throw conflict("window_paused", `${w.number}号窗口已暂停，请先恢复服务`, `Window ${w.number} is paused; resume first`);
    const t = await repo.findTicket(tx, ticketId);
    if (!t || t.site_id !== w.site_id) throw notFound("Ticket", "该号");
    await assertIdle(tx, windowId, t.service_date);
    const patch = {
      state: "called",
      window_id: windowId,
      user_id: staffUserId,
      called_at: nowIso,
      first_called_at: nowIso,
      call_count: 1,
      target_window_id: null,
    };
    if (!(await repo.transition(tx, t.id, ["waiting"], patch))) throw badState(t.number, "已不在等候中", "is no longer waiting");
    const waiting = await repo.adjustWaiting(tx, t.queue_id, t.service_date, -1);
    const after = { ...t, ...patch };
    await audit(tx, ctx, {
      action: "ticket.call_out_of_order",
      entityType: "ticket",
      entityId: t.id,
      siteId: t.site_id,
      after: { number: t.number, windowId, reason },
    });
    await emitTicket(ctx, tx, emit, "ticket.called", after, { outOfOrder: true }, waiting);
    await recordIfServing(tx, ctx, after);
    return after;
  });
  return presentForCaller(ctx, t);
}

interface Claim {
  ctx: Ctx;
  emit: Emit;
  view: WindowView;
  staffUserId: string | null;
  date: string;
  nowIso: string;
}

/**
 * Claims the first of the ranked tickets no other window took meanwhile (a conditional update),
 * with what the call changes: the waiting count, the window's interleave streak, the event and the
 * record that the applicant's data is now shown. Undefined when every one was taken.
 */
async function claimFirst(tx: Executor, ranked: Candidate[], c: Claim): Promise<T | undefined> {
  const { view, nowIso } = c;
  for (const cand of ranked) {
    const patch = {
      state: "called",
      window_id: view.windowId,
      user_id: c.staffUserId,
      called_at: nowIso,
      first_called_at: nowIso,
      call_count: 1,
      target_window_id: null,
    };
    const t = await repo.transition(tx, cand.id, ["waiting"], patch);
    if (!t) continue;
    const waiting = await repo.adjustWaiting(tx, cand.queueId, c.date, -1);
    const streak = nextStreak(cand, view, nowIso);
    if (streak !== view.normalStreak) await windowRepo.updateWindowState(tx, view.windowId, { normal_streak: streak });
    await emitTicket(c.ctx, tx, c.emit, "ticket.called", t, {}, waiting);
    // The applicant's data is shown in full from this call on: recorded with the call itself.
    await recordIfServing(tx, c.ctx, t);
    return t;
  }
  return undefined;
}

interface Step {
  from: string[];
  /** The patch does not read the ticket and there is no check: try the transition straight away. */
  blind?: boolean;
  patch: (t: T, nowIso: string) => Partial<T>;
  event: TicketEventType;
  check?: (t: T, now: Date, tx: Executor) => Promise<void>;
  auditReason?: boolean;
  /** More work in the transaction once the ticket has moved. */
  moved?: (tx: Executor, t: T) => Promise<void>;
}

async function step(ctx: Ctx, windowId: string, ticketId: string, s: Step, reason?: string): Promise<Ticket> {
  const now = ctx.clock.now();
  const t = await withEvents(ctx, async (tx, emit) => {
    const { w } = await windowActor(ctx, tx, windowId);
    const at: StepAt = { ctx, tx, windowId, ticketId, siteId: w.site_id, now, reason };
    const after = (s.blind ? await blindStep(at, s) : undefined) ?? (await checkedStep(at, s));
    await emitTicket(ctx, tx, emit, s.event, after);
    return after;
  });
  return presentForCaller(ctx, t);
}

interface StepAt {
  ctx: Ctx;
  tx: Executor;
  windowId: string;
  ticketId: string;
  /** The window's site. */
  siteId: string;
  now: Date;
  reason: string | undefined;
}

/** Start and finish need nothing from the ticket but its state: one statement on the hot path (undefined: not moved, check why). */
async function blindStep({ tx, windowId, ticketId, now }: StepAt, s: Step): Promise<T | undefined> {
  const moved = await repo.transitionAtWindow(tx, ticketId, windowId, s.from, s.patch(undefined as never, now.toISOString()));
  if (moved && s.moved) await s.moved(tx, moved);
  return moved;
}

/** The ticket read and checked (this site, this window, the step's own check), moved, and audited when the step records a reason. */
async function checkedStep({ ctx, tx, windowId, ticketId, siteId, now, reason }: StepAt, s: Step): Promise<T> {
  const t = await repo.findTicket(tx, ticketId);
  if (!t || t.site_id !== siteId) throw notFound("Ticket", "该号");
  if (t.window_id !== windowId) throw badState(t.number, "不是本窗口正在办理的号", "is not at this window");
  if (s.check) await s.check(t, now, tx);
  const patch = s.patch(t, now.toISOString());
  if (!(await repo.transition(tx, t.id, s.from, patch)))
    throw badState(t.number, `当前状态（${t.state}）不能执行此操作`, `cannot do this in state ${t.state}`);
  const after = { ...t, ...patch };
  if (s.moved) await s.moved(tx, after);
  if (s.auditReason) {
    await audit(tx, ctx, {
      action: s.event,
      entityType: "ticket",
      entityId: t.id,
      siteId: t.site_id,
      before: { state: t.state },
      after: { state: after.state, reason: reason ?? null },
    });
  }
  return after;
}

export const recall = (ctx: Ctx, windowId: string, ticketId: string) =>
  step(ctx, windowId, ticketId, {
    from: ["called"],
    event: "ticket.recalled",
    patch: (t, at) => ({ call_count: t.call_count + 1, called_at: at }),
  });

export const start = (ctx: Ctx, windowId: string, ticketId: string) =>
  step(ctx, windowId, ticketId, {
    from: ["called"],
    event: "ticket.started",
    blind: true,
    patch: (_t, at) => ({ state: "serving", started_at: at }),
  });

export const finish = (ctx: Ctx, windowId: string, ticketId: string) =>
  step(ctx, windowId, ticketId, {
    from: ["serving"],
    event: "ticket.finished",
    blind: true,
    patch: (_t, at) => ({ state: "done", finished_at: at }),
    // The day's service totals move with the finish, in its transaction (the wait estimate reads them).
    moved: (tx, t) =>
      repo.addServed(tx, t.queue_id, t.service_date, Date.parse(t.finished_at ?? "") - Date.parse(t.called_at ?? t.finished_at ?? "")),
  });

export const park = (ctx: Ctx, windowId: string, ticketId: string, reason: string) =>
  step(
    ctx,
    windowId,
    ticketId,
    { from: ["called", "serving"], event: "ticket.parked", patch: () => ({ state: "parked" }), auditReason: true },
    reason,
  );

export const unpark = (ctx: Ctx, windowId: string, ticketId: string) =>
  step(ctx, windowId, ticketId, {
    from: ["parked"],
    event: "ticket.resumed",
    patch: (t, at) => ({ state: "serving", started_at: t.started_at ?? at }),
    check: async (t, now, tx) => assertIdle(tx, t.window_id as string, chinaLocal(now).date),
  });

/** No-show only after the configured recalls and interval, so nobody is passed over in a hurry. */
export const noShow = (ctx: Ctx, windowId: string, ticketId: string) =>
  step(ctx, windowId, ticketId, {
    from: ["called"],
    event: "ticket.no_show",
    patch: (_t, at) => ({ state: "no_show", finished_at: at }),
    auditReason: true,
    check: async (t, now, tx) => {
      const s = await settingsFor(ctx.caches, tx, t.site_id);
      const recalls = t.call_count - 1;
      const since = (now.getTime() - Date.parse(t.called_at ?? t.issued_at)) / 1000;
      if (recalls < s.minRecalls || since < s.recallIntervalSec) {
        throw new AppError(
          409,
          "no_show_too_early",
          `须至少重呼 ${s.minRecalls} 次、且距上次呼叫满 ${s.recallIntervalSec} 秒后才能过号（已重呼 ${recalls} 次）`,
          `Recall at least ${s.minRecalls} times and wait ${s.recallIntervalSec} s after the last call before a no-show (recalled ${recalls} times)`,
        );
      }
    },
  });

/** The queue a transferred ticket waits in (the target queue, or its own for a named window); refuses a target not at this site. */
async function transferTarget(
  tx: Executor,
  siteId: string,
  fromWindowId: string,
  to: { queueId?: string | null; windowId?: string | null },
  currentQueueId: string,
): Promise<string> {
  if (!to.queueId && !to.windowId)
    throw new AppError(400, "transfer_target_missing", "请选择转往的队列或窗口", "Choose a queue or a window to transfer to");
  let queueId = currentQueueId;
  if (to.queueId) {
    const q = await repo.findQueue(tx, siteId, to.queueId);
    if (q?.active !== 1)
      throw new AppError(400, "queue_not_in_site", "目标队列不属于本场所或已停用", "The target queue is not an active queue of this site");
    queueId = q.id;
  }
  if (to.windowId) {
    if (!(await orgApi.findWindow(tx, siteId, to.windowId)))
      throw new AppError(400, "window_not_in_site", "目标窗口不属于本场所", "The target window is not at this site");
    if (to.windowId === fromWindowId) throw new AppError(400, "transfer_to_self", "不能转给本窗口", "Cannot transfer to the same window");
  }
  return queueId;
}

/**
 * Transfers a ticket to another queue or to a named window. It keeps its number and its original
 * arrival time (so it does not go to the back), and records who referred it (first-inquiry chain).
 */
export async function transfer(
  ctx: Ctx,
  windowId: string,
  ticketId: string,
  to: { queueId?: string | null; windowId?: string | null; reason?: string | null },
): Promise<Ticket> {
  const nowIso = ctx.clock.now().toISOString();
  const t = await withEvents(ctx, async (tx, emit) => {
    const { w, staffUserId } = await windowActor(ctx, tx, windowId);
    const t = await repo.findTicket(tx, ticketId);
    if (!t || t.site_id !== w.site_id) throw notFound("Ticket", "该号");
    if (t.window_id !== windowId) throw badState(t.number, "不是本窗口正在办理的号", "is not at this window");
    const queueId = await transferTarget(tx, w.site_id, windowId, to, t.queue_id);
    const patch = {
      state: "waiting",
      queue_id: queueId,
      target_window_id: to.windowId ?? null,
      referred_by_user_id: staffUserId,
      transfer_count: t.transfer_count + 1,
      window_id: null,
      user_id: null,
      called_at: null,
      call_count: 0,
      started_at: null,
    };
    if (!(await repo.transition(tx, t.id, ["called", "serving"], patch)))
      throw badState(t.number, "当前状态不能转办", `cannot be transferred in state ${t.state}`);
    const waiting = await repo.adjustWaiting(tx, queueId, t.service_date, 1);
    const after = { ...t, ...patch };
    await audit(tx, ctx, {
      action: "ticket.transfer",
      entityType: "ticket",
      entityId: t.id,
      siteId: t.site_id,
      before: { queueId: t.queue_id, windowId },
      after: { queueId, targetWindowId: to.windowId ?? null, referredBy: staffUserId, reason: to.reason ?? null, at: nowIso },
    });
    await emitTicket(ctx, tx, emit, "ticket.transferred", after, { fromWindowId: windowId, fromQueueId: t.queue_id }, waiting);
    return after;
  });
  return presentForCaller(ctx, t);
}
