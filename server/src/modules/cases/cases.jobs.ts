import { loadCalendar } from "../../platform/calendar/calendar.service.js";
import type { Ctx } from "../../platform/context.js";
import { deadlineSweepJob } from "../../platform/deadlines/deadline-sweep.js";
import { type ClockScope, registerClockOwner, type StoredClock } from "../../platform/deadlines/deadlines.service.js";
import { acceptanceWindow } from "../../platform/deadlines/legal-clock.js";
import { withEvents } from "../../platform/events/store.js";
import { newId } from "../../platform/ids.js";
import type { JobSpec } from "../../platform/scheduler/scheduler.js";
import { sweepJob } from "../../platform/scheduler/sweep.js";
import { cacheOf, dayOf, OWNER } from "./cases.clock.js";
import { tellApplicant } from "./cases.messages.js";
import type { CaseRow } from "./cases.repository.js";
import * as repo from "./cases.repository.js";
import { recordStep } from "./cases.service.js";
import { acceptOutcome, type CaseEnv } from "./cases.steps.js";

/**
 * The case module's time rules as scheduler jobs, all judged on the injected clock:
 * - `cases.acceptance`: 行政许可法 art. 32 — a received case with no correction notice and no
 *   decision on acceptance is warned on the 4th working day and, after the 5th, counts as
 *   accepted from the day it was received (its clock runs from receipt);
 * - `cases.deadlines`: due soon / overdue (the platform's sweep, once per due date), an overdue
 *   case gets a 督办 record;
 * and the owner hook: a calendar change that moves a case's date updates its cache, writes the
 * timeline and tells the applicant.
 */
export function acceptanceJob(env: CaseEnv): JobSpec {
  return sweepJob<string>({
    name: "cases.acceptance",
    schedule: { everyMs: 10 * 60_000 },
    find: async (ctx, today) =>
      (await repo.awaitingAcceptance(ctx.db, new Date(`${today}T00:00:00+08:00`).toISOString(), 500))
        .filter((c) => c.state === "received" && !c.correction_doc_id)
        .map((c) => c.id),
    handle: (ctx, id, today) => deemOrWarn(ctx, env, id, today),
  });
}

async function deemOrWarn(ctx: Ctx, env: CaseEnv, id: string, today: string): Promise<boolean> {
  return withEvents(ctx, async (tx, emit) => {
    const c = await repo.findCase(tx, id);
    if (c?.state !== "received" || c.correction_doc_id) return false;
    const receivedOn = dayOf(c.received_at);
    const w = acceptanceWindow(await loadCalendar(tx, receivedOn, 1), receivedOn, today);
    if (w.state === "open") return false;
    const now = ctx.clock.now();
    if (w.state === "warn") {
      if (c.acceptance_warned) return false;
      if (!(await repo.transition(tx, c.id, c.state, { acceptance_warned: 1, updated_at: now.toISOString() }))) return false;
      await recordStep(tx, ctx, emit, c, { ...c, acceptance_warned: 1 }, "acceptance_warning", "case.acceptance_due_soon", {
        data: { lastDay: w.lastDay, explanation: w.explanation.zh },
      });
      return true;
    }
    const s = { tx, ctx, emit, env, now, today, userId: null };
    const o = await acceptOutcome(s, c, w.deemedAcceptedFrom, true);
    const patch = { ...o.patch, state: "accepted", updated_at: now.toISOString() };
    if (!(await repo.transition(tx, c.id, c.state, patch))) return false;
    const after = { ...c, ...patch } as CaseRow;
    await recordStep(tx, ctx, emit, c, after, "deemed_accept", "case.deemed_accepted", { ...o, opinion: w.explanation.zh });
    if (o.message) await tellApplicant(tx, ctx.clock, after, o.message, env.publicUrl);
    env.kick();
    return true;
  });
}

async function flag(s: ClockScope, clock: StoredClock, which: "due_soon" | "overdue"): Promise<void> {
  const c = await repo.findCase(s.tx, clock.ownerId);
  if (!c || clock.purpose !== "committed") return;
  const after = { ...c, ...cacheOf(clock), due_flag: which, updated_at: s.ctx.clock.now().toISOString() };
  await repo.updateCase(s.tx, c.id, { due_flag: which, due_date: after.due_date, updated_at: after.updated_at });
  await recordStep(s.tx, s.ctx, s.emit, c, after, which, which === "overdue" ? "case.overdue" : "case.due_soon", {
    data: { due: clock.view.dueDate, explanation: clock.view.explanation.zh },
  });
  if (which !== "overdue") return;
  const note = `办件 ${c.number} 已超过承诺办结日期 ${clock.view.dueDate}，请承办人和场所负责人立即督办`;
  const created = await repo.insertChase(s.tx, {
    id: newId(),
    case_id: c.id,
    site_id: c.site_id,
    department_id: c.department_id,
    due_date: clock.view.dueDate,
    note,
    created_at: s.ctx.clock.now().toISOString(),
    created_by: null,
  });
  if (created) await recordStep(s.tx, s.ctx, s.emit, c, after, "chase", "case.chased", { opinion: note });
}

export const deadlinesJob: JobSpec = deadlineSweepJob({
  name: "cases.deadlines",
  ownerKind: OWNER,
  onDueSoon: (s, clock) => flag(s, clock, "due_soon"),
  onOverdue: (s, clock) => flag(s, clock, "overdue"),
});

/** A calendar change moved a case's committed date (or confirmed a provisional one). */
export function registerCaseClocks(env: CaseEnv): void {
  registerClockOwner(OWNER, {
    async onMoved(s, clock, effect) {
      if (clock.purpose !== "committed") return;
      const c = await repo.findCase(s.tx, clock.ownerId);
      if (!c) return;
      const cache = cacheOf(clock);
      const after = { ...c, ...cache, updated_at: s.ctx.clock.now().toISOString() };
      await repo.updateCase(s.tx, c.id, { due_date: cache.due_date, due_provisional: cache.due_provisional, updated_at: after.updated_at });
      await recordStep(s.tx, s.ctx, s.emit, c, after, "recompute", "case.clock_recomputed", {
        opinion: effect.explanation.zh,
        data: { due: clock.view.dueDate },
      });
      await tellApplicant(
        s.tx,
        s.ctx.clock,
        after,
        { kind: "due_changed", due: clock.view.dueDate, provisional: clock.view.provisional },
        env.publicUrl,
      );
    },
  });
}
