import type { z } from "zod";
import type { Executor } from "../../db/schema.js";
import type { Permission } from "../../platform/auth/access.js";
import { loadCalendar } from "../../platform/calendar/calendar.service.js";
import { addDays } from "../../platform/calendar/working-days.js";
import type { Ctx } from "../../platform/context.js";
import * as clocks from "../../platform/deadlines/deadlines.service.js";
import { computeClock } from "../../platform/deadlines/legal-clock.js";
import { type IssuedDocument, issueDocument } from "../../platform/documents/documents.service.js";
import { AppError, conflict } from "../../platform/errors.js";
import type { Emit } from "../../platform/events/store.js";
import * as catalogApi from "../catalog/catalog.api.js";
import * as orgApi from "../org/org.api.js";
import { cacheOf, clockRef, dayOf, workingBudget } from "./cases.clock.js";
import type { CaseMessage } from "./cases.messages.js";
import type { CaseRow } from "./cases.repository.js";
import {
  type CaseState,
  ChecklistItem,
  type CompleteInput,
  type CorrectionInput,
  type DecideInput,
  type DeliverInput,
  type ExtendInput,
  type OpinionInput,
  type OptionalReason,
  type PauseInput,
  type ReasonInput,
  type SupplyInput,
} from "./cases.schema.js";
import { ACCEPTANCE, type CaseHead, CORRECTION, DELIVERY, DENIAL, PAUSE, REFUSAL, type Rights } from "./cases.templates.js";
import { gapsOf, problemOf, updateChecklist } from "./intake.js";

/** What the case steps need besides the context. */
export interface CaseEnv {
  rights: Rights;
  publicUrl: string;
  /** nudges the outbox after a commit that queued messages */
  kick(): void;
}

export interface StepCtx {
  tx: Executor;
  ctx: Ctx;
  emit: Emit;
  env: CaseEnv;
  now: Date;
  today: string;
  userId: string | null;
}

/** What a step changes: the new state, the patch, what the timeline says, the notice it issued, the SMS. */
export interface Outcome {
  to: CaseState;
  patch?: Partial<CaseRow>;
  opinion?: string | null;
  data?: Record<string, unknown>;
  document?: IssuedDocument;
  message?: CaseMessage;
  /** a claim: only if nobody holds the case */
  claim?: boolean;
}

/** One row of the lifecycle table: from which states, with which permission, and what it does. */
export interface Step<I> {
  action: string;
  from: readonly CaseState[];
  perm: Permission | ((c: CaseRow) => Permission);
  event: `case.${string}`;
  /** after a claim only the handler moves the case on */
  handlerOnly?: boolean;
  run(s: StepCtx, c: CaseRow, input: I): Promise<Outcome>;
}

const checklistOf = (c: CaseRow) => ChecklistItem.array().parse(JSON.parse(c.checklist));

/** The short name of a site on its numbers: 海淀区中关村街道政务服务中心 → 中关村街道. */
export function agencyOf(siteName: string): string {
  const s = siteName.replace(/^(北京市)?海淀区/, "").replace(/(政务服务中心|政务服务大厅|政务服务站|服务站|服务大厅)$/, "");
  return s || siteName;
}

export async function headOf(tx: Executor, c: CaseRow): Promise<{ head: CaseHead; agency: string; siteName: string }> {
  const site = await orgApi.findSite(tx, c.site_id);
  const siteName = site?.name ?? "";
  const departmentName = (await catalogApi.departmentNames(tx)).get(c.department_id) ?? "";
  return {
    head: {
      caseNumber: c.number,
      siteName,
      departmentName,
      itemName: c.item_name,
      applicantName: c.applicant_name,
      receivedOn: dayOf(c.received_at),
    },
    agency: agencyOf(siteName),
    siteName,
  };
}

async function issue<T extends { head: CaseHead }>(
  s: StepCtx,
  c: CaseRow,
  template: Parameters<typeof issueDocument<T>>[2],
  data: (h: CaseHead) => T,
) {
  const { head, agency } = await headOf(s.tx, c);
  return issueDocument(s.tx, s.ctx, template, { agency, siteId: c.site_id, subject: { type: "case", id: c.id }, data: data(head) });
}

const FRONT_OPEN: CaseState[] = ["received", "supplied"];
const CLOCK_RUNNING: CaseState[] = ["accepted", "processing", "review"];

/** The date n working days after `from` (Monday–Friday where the calendar does not reach yet). */
async function workingDaysAfter(db: Executor, from: string, n: number): Promise<string> {
  return computeClock(await loadCalendar(db, from, 1), { start: from, budget: n, ledger: [] }, { today: from }).dueDate;
}

/**
 * The clocks at acceptance (platform/deadlines): the guide's committed limit (即办 = 0), else the
 * statutory one, from `start`; the statutory limit is kept beside it when both are set.
 */
export async function acceptOutcome(s: StepCtx, c: CaseRow, start: string, deemed: boolean): Promise<Outcome> {
  const guide = await catalogApi.guideOfVersion(s.tx, c.item_id, c.item_version);
  const limit = guide?.committedLimitDays ?? guide?.statutoryLimitDays ?? null;
  let clock: clocks.StoredClock | null = null;
  if (limit !== null) {
    const budget = await workingBudget(s.tx, start, limit, c.limit_unit);
    clock = await clocks.openClock(scopeOf(s), { ...clockRef(c.id), siteId: c.site_id, start, budget, dueSoonDays: 2 });
    if (c.statutory_days !== null && guide?.committedLimitDays != null) {
      const statutory = await workingBudget(s.tx, start, c.statutory_days, c.limit_unit);
      await clocks.openClock(scopeOf(s), { ...clockRef(c.id, "statutory"), siteId: c.site_id, start, budget: statutory });
    }
  }
  const provisional = clock?.view.provisional ?? false;
  const doc = await issue(s, c, ACCEPTANCE, (head) => ({
    head,
    acceptedOn: start,
    committedDays: limit ?? 0,
    unit: c.limit_unit,
    dueDate: clock?.view.dueDate ?? start,
    provisional,
    statutoryDays: c.statutory_days,
    queryCode: c.query_code,
    deemed,
  }));
  return {
    to: "accepted",
    patch: {
      accepted_at: s.now.toISOString(),
      accepted_by: s.userId,
      deemed_accepted: deemed ? 1 : 0,
      acceptance_number: doc.number,
      clock_start: start,
      budget_days: limit,
      ...cacheOf(clock),
    },
    document: doc,
    data: { due: clock?.view.dueDate ?? null, explanation: clock?.view.explanation.zh ?? null },
    message: { kind: "accepted", due: clock?.view.dueDate ?? null, provisional },
  };
}

const scopeOf = (s: StepCtx) => ({ ctx: s.ctx, tx: s.tx, emit: s.emit });
const clockOf = (s: StepCtx, c: CaseRow, purpose?: "statutory") => clocks.getClock(s.tx, s.ctx, clockRef(c.id, purpose));
const openPause = (k: clocks.StoredClock | null) => !!k?.clock.ledger.some((e) => e.kind === "pause" && e.to === null);

/** After a clock write: the cached due date and what the clock says now. */
const reclocked = (c: clocks.StoredClock): Pick<Outcome, "patch" | "data"> => ({
  patch: cacheOf(c),
  data: { due: c.view.dueDate, explanation: c.view.explanation.zh },
});

/** 办结 or a terminal step: the clocks stop (judged on this day from now on). */
export async function stopClocks(s: StepCtx, c: CaseRow): Promise<void> {
  for (const purpose of [undefined, "statutory"] as const) {
    const k = await clockOf(s, c, purpose);
    if (k && !k.clock.stoppedOn) await clocks.stopClock(scopeOf(s), clockRef(c.id, purpose));
  }
}

const reasonsRequired = () => new AppError(422, "reasons_required", "不予许可决定必须写明理由", "A denial must give its reasons");

export const STEPS = {
  request_correction: {
    action: "request_correction",
    from: FRONT_OPEN,
    perm: "case.intake",
    event: "case.correction_requested",
    async run(s, c, input: z.infer<typeof CorrectionInput>) {
      // P12/S13: one correction notice per submission, listing everything at once.
      if (c.correction_doc_id) {
        throw conflict(
          "correction_already_issued",
          "该申请已出具过补正告知书，不能再次要求补正",
          "A correction notice was already issued for this submission",
        );
      }
      const list = input.materials ? updateChecklist(checklistOf(c), input.materials) : checklistOf(c);
      const gaps = gapsOf(list);
      if (gaps.length === 0) throw conflict("nothing_to_correct", "材料齐全，无需补正", "Nothing is missing or non-conforming");
      const due = await workingDaysAfter(s.tx, s.today, input.dueDays);
      const doc = await issue(s, c, CORRECTION, (head) => ({
        head,
        missing: gaps.map((m) => ({ name: m.name, problem: problemOf(m) })),
        dueDate: due,
        note: input.note ?? null,
      }));
      return {
        to: "correction_requested",
        patch: { checklist: JSON.stringify(list), correction_doc_id: doc.id, correction_due: due },
        document: doc,
        data: { missing: gaps.map((m) => m.name), due },
        message: { kind: "correction", missing: gaps.map((m) => m.name), due },
      };
    },
  } satisfies Step<never>,
  supply: {
    action: "supply",
    from: ["correction_requested"],
    perm: "case.intake",
    event: "case.supplied",
    async run(_s, c, input: z.infer<typeof SupplyInput>) {
      const before = checklistOf(c);
      const listed = new Set(gapsOf(before).map((m) => m.name));
      const list = updateChecklist(before, input.materials, listed);
      return {
        to: "supplied",
        patch: { checklist: JSON.stringify(list) },
        data: { supplied: input.materials.map((m) => ({ name: m.name, status: m.status })), stillMissing: gapsOf(list).map((m) => m.name) },
      };
    },
  } satisfies Step<never>,
  accept: {
    action: "accept",
    from: ["received", "supplied", "forwarded"],
    // A forwarded case is accepted upstream, by the deciding department.
    perm: (c) => (c.state === "forwarded" ? "case.process" : "case.intake"),
    event: "case.accepted",
    async run(s, c, input: z.infer<typeof OptionalReason>) {
      const gaps = gapsOf(checklistOf(c));
      if (gaps.length > 0) {
        throw conflict(
          "materials_incomplete",
          `材料不齐全（${gaps.map((m) => m.name).join("、")}），不能受理`,
          `Materials are incomplete (${gaps.map((m) => m.name).join(", ")})`,
        );
      }
      return { ...(await acceptOutcome(s, c, s.today, false)), opinion: input.reason ?? null };
    },
  } satisfies Step<never>,
  refuse: {
    action: "refuse",
    from: ["received", "supplied", "forwarded"],
    perm: (c) => (c.state === "forwarded" ? "case.process" : "case.intake"),
    event: "case.refused",
    async run(s, c, input: z.infer<typeof ReasonInput>) {
      const doc = await issue(s, c, REFUSAL, (head) => ({ head, reasons: input.reason, rights: s.env.rights }));
      return {
        to: "refused",
        patch: { result: "refused", result_reason: input.reason, completed_at: s.now.toISOString() },
        opinion: input.reason,
        document: doc,
        message: { kind: "refused" },
      };
    },
  } satisfies Step<never>,
  forward: {
    action: "forward",
    from: FRONT_OPEN,
    perm: "case.intake",
    event: "case.forwarded",
    async run(s, c, input: z.infer<typeof OptionalReason>) {
      const site = await orgApi.findSite(s.tx, c.site_id);
      if (site?.kind === "professional_hall") {
        throw conflict(
          "forward_not_here",
          "专业大厅直接受理，无需转报",
          "A professional hall accepts directly; forwarding is for street and community centers",
        );
      }
      return {
        to: "forwarded",
        patch: { forwarded_at: s.now.toISOString() },
        opinion: input.reason ?? null,
        message: { kind: "forwarded" },
      };
    },
  } satisfies Step<never>,
  withdraw: {
    action: "withdraw",
    from: ["received", "correction_requested", "supplied", "forwarded", "accepted", "processing", "review", "paused", "sent_back"],
    perm: "case.intake",
    event: "case.withdrawn",
    async run(s, c, input: z.infer<typeof OptionalReason>) {
      await stopClocks(s, c);
      return {
        to: "withdrawn",
        patch: {
          result: "withdrawn",
          result_reason: input.reason ?? "申请人申请撤回",
          completed_at: s.now.toISOString(),
          handler_id: null,
        },
        opinion: input.reason ?? null,
        message: { kind: "closed", why: "已按您的申请撤回" },
      };
    },
  } satisfies Step<never>,
  return: {
    action: "return",
    from: ["correction_requested"],
    perm: "case.intake",
    event: "case.returned",
    async run(s, c, input: z.infer<typeof OptionalReason>) {
      if (!c.correction_due || s.today <= c.correction_due) {
        throw conflict(
          "correction_not_overdue",
          `补正期限（${c.correction_due ?? ""}）尚未届满，不能退件`,
          `The correction is due ${c.correction_due ?? ""}; it cannot be returned before`,
        );
      }
      const reason = input.reason ?? `逾期（${c.correction_due}）未补正`;
      return {
        to: "returned",
        patch: { result: "returned", result_reason: reason, completed_at: s.now.toISOString() },
        opinion: reason,
        message: { kind: "closed", why: `因${reason}，材料予以退回` },
      };
    },
  } satisfies Step<never>,
  claim: {
    action: "claim",
    from: ["accepted"],
    perm: "case.process",
    event: "case.claimed",
    async run(s) {
      return { to: "processing", patch: { handler_id: s.userId, claimed_at: s.now.toISOString() }, claim: true };
    },
  } satisfies Step<never>,
  submit_review: {
    action: "submit_review",
    from: ["processing"],
    perm: "case.process",
    handlerOnly: true,
    event: "case.submitted_for_review",
    async run(_s, _c, input: z.infer<typeof OpinionInput>) {
      return { to: "review", opinion: input.opinion };
    },
  } satisfies Step<never>,
  send_back: {
    action: "send_back",
    from: ["review"],
    perm: "case.process",
    event: "case.sent_back",
    async run(_s, _c, input: z.infer<typeof OpinionInput>) {
      return { to: "processing", opinion: input.opinion };
    },
  } satisfies Step<never>,
  return_to_front: {
    action: "return_to_front",
    from: ["accepted", "processing"],
    perm: "case.process",
    event: "case.returned_to_front",
    async run(_s, _c, input: z.infer<typeof ReasonInput>) {
      return { to: "sent_back", patch: { handler_id: null, claimed_at: null }, opinion: input.reason };
    },
  } satisfies Step<never>,
  resubmit: {
    action: "resubmit",
    from: ["sent_back"],
    perm: "case.intake",
    event: "case.resubmitted",
    async run(_s, _c, input: z.infer<typeof OpinionInput>) {
      return { to: "accepted", opinion: input.opinion };
    },
  } satisfies Step<never>,
  decide: {
    action: "decide",
    from: ["review"],
    perm: "case.process",
    event: "case.decided",
    async run(s, c, input: z.infer<typeof DecideInput>) {
      const denied = input.decision === "denied";
      if (denied && !input.reasons) throw reasonsRequired();
      const doc = denied
        ? await issue(s, c, DENIAL, (head) => ({ head, reasons: input.reasons as string, rights: s.env.rights }))
        : undefined;
      return {
        to: "decided",
        patch: {
          decision: input.decision,
          decided_at: s.now.toISOString(),
          result: input.decision,
          result_reason: denied ? (input.reasons as string) : null,
        },
        opinion: input.opinion,
        data: { decision: input.decision, reasons: input.reasons ?? null },
        document: doc,
        message: { kind: "decided", granted: !denied },
      };
    },
  } satisfies Step<never>,
  complete: {
    action: "complete",
    from: ["decided"],
    perm: "case.process",
    event: "case.completed",
    async run(s, c, input: z.infer<typeof CompleteInput>) {
      const guide = await catalogApi.guideOfVersion(s.tx, c.item_id, c.item_version);
      const name = c.decision === "denied" ? "不予许可决定书" : (input.resultName ?? guide?.resultName ?? "办理结果");
      const site = await orgApi.findSite(s.tx, c.site_id);
      await stopClocks(s, c);
      return {
        to: "completed",
        patch: { result_name: name, result_number: input.resultNumber ?? null, completed_at: s.now.toISOString() },
        data: { resultName: name, resultNumber: input.resultNumber ?? null },
        message: { kind: "ready", siteName: site?.name ?? "" },
      };
    },
  } satisfies Step<never>,
  deliver: {
    action: "deliver",
    from: ["completed"],
    perm: "case.intake",
    event: "case.delivered",
    async run(s, c, input: z.infer<typeof DeliverInput>) {
      const pickup = input.method === "pickup";
      const doc = await issue(s, c, DELIVERY, (head) => ({
        head,
        resultName: c.result_name ?? "办理结果",
        resultNumber: c.result_number,
        method: input.method,
        collectedBy: pickup ? input.collectedBy : null,
        trackingNumber: pickup ? null : input.trackingNumber,
        deliveredOn: s.today,
      }));
      return {
        to: "delivered",
        patch: {
          delivery_method: input.method,
          delivered_at: s.now.toISOString(),
          collected_by: pickup ? input.collectedBy : null,
          tracking_number: pickup ? null : input.trackingNumber,
        },
        document: doc,
        data: pickup ? { method: "pickup", idChecked: true } : { method: "post", trackingNumber: input.trackingNumber },
        message: { kind: "delivered" },
      };
    },
  } satisfies Step<never>,
  pause: {
    action: "pause",
    from: CLOCK_RUNNING,
    perm: "case.process",
    event: "case.paused",
    async run(s, c, input: z.infer<typeof PauseInput>) {
      let clock: clocks.StoredClock | null = null;
      if (await clockOf(s, c))
        clock = await clocks.pauseClock(scopeOf(s), clockRef(c.id), { reason: input.reasonCode, note: input.reason });
      if (await clockOf(s, c, "statutory")) await clocks.pauseClock(scopeOf(s), clockRef(c.id, "statutory"), { reason: input.reasonCode });
      const doc = await issue(s, c, PAUSE, (head) => ({
        head,
        reasonCode: input.reasonCode,
        reason: input.reason,
        expectedDays: input.expectedDays,
        unit: c.limit_unit,
        from: s.today,
      }));
      return {
        to: "paused",
        patch: { ...cacheOf(clock), due_flag: "none", paused_from: c.state },
        opinion: input.reason,
        document: doc,
        data: { reasonCode: input.reasonCode, expectedDays: input.expectedDays },
        message: { kind: "paused", reason: input.reasonCode, days: input.expectedDays },
      };
    },
  } satisfies Step<never>,
  resume: {
    action: "resume",
    from: ["paused"],
    perm: "case.process",
    event: "case.resumed",
    async run(s, c, input: z.infer<typeof OptionalReason>) {
      // The pause's last day not counted is yesterday (today counts again), or its first day if it began today.
      const yesterday = addDays(s.today, -1);
      let clock: clocks.StoredClock | null = null;
      for (const purpose of [undefined, "statutory"] as const) {
        const k = await clockOf(s, c, purpose);
        if (!openPause(k)) continue;
        const open = k?.clock.ledger.find((e) => e.kind === "pause" && e.to === null);
        const to = open?.kind === "pause" && yesterday < open.from ? open.from : yesterday;
        const r = await clocks.resumeClock(scopeOf(s), clockRef(c.id, purpose), { to });
        if (!purpose) clock = r;
      }
      const r = clock ? reclocked(clock) : { patch: {}, data: {} };
      return {
        to: (c.paused_from ?? "processing") as CaseState,
        patch: { ...r.patch, paused_from: null },
        data: r.data,
        opinion: input.reason ?? null,
        message: { kind: "resumed", due: clock?.view.dueDate ?? null },
      };
    },
  } satisfies Step<never>,
  extend: {
    action: "extend",
    from: ["processing", "review", "paused"],
    perm: "case.manage",
    event: "case.extended",
    async run(s, c, input: z.infer<typeof ExtendInput>) {
      if (!(await clockOf(s, c)))
        throw conflict("case_has_no_clock", "该事项无办理时限，无需延期", "This item has no time limit to extend");
      const ext = { days: input.days, reason: input.reason, approvedBy: s.userId ?? "system", approvedOn: s.today };
      const clock = await clocks.extendClock(scopeOf(s), clockRef(c.id), ext);
      const r = reclocked(clock);
      return {
        to: c.state as CaseState,
        ...r,
        patch: { ...r.patch, ...(c.state === "paused" ? { due_flag: "none" } : {}) },
        opinion: input.reason,
        message: { kind: "due_changed", due: clock.view.dueDate, provisional: clock.view.provisional },
      };
    },
  } satisfies Step<never>,
} as const;

export type StepName = keyof typeof STEPS;
export type StepInput<K extends StepName> = Parameters<(typeof STEPS)[K]["run"]>[2];
