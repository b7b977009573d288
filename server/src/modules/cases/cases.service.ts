import { randomInt } from "node:crypto";
import type { z } from "zod";
import type { Executor } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { assertCanRecord, canRecord, type Permission, recordFilterOf, requireUser } from "../../platform/auth/access.js";
import type { Ctx } from "../../platform/context.js";
import { documentsOf, issueDocument, renderDocument } from "../../platform/documents/documents.service.js";
import { AppError, conflict, notFound } from "../../platform/errors.js";
import { type Emit, withEvents } from "../../platform/events/store.js";
import { newId } from "../../platform/ids.js";
import { defineNumberKind, formatDocumentNumber, nextNumber, periodOf } from "../../platform/numbering/numbering.js";
import { recordFullRead } from "../../platform/personal-data/reads.js";
import * as catalogApi from "../catalog/catalog.api.js";
import * as orgApi from "../org/org.api.js";
import * as queueApi from "../queue/queue.api.js";
import { caseClock, dayOf } from "./cases.clock.js";
import type { CaseEventType } from "./cases.events.js";
import { tellApplicant } from "./cases.messages.js";
import { namesFor, presentDetail, presentDocument, presentSummary, STEP_LABELS, servesApplicant } from "./cases.presenter.js";
import type { CaseRow } from "./cases.repository.js";
import * as repo from "./cases.repository.js";
import { type CaseState, type ListQuery, type OpenCaseInput, STATE_LABELS, TERMINAL_STATES } from "./cases.schema.js";
import { agencyOf, type CaseEnv, type Outcome, STEPS, type Step, type StepCtx, type StepInput, type StepName } from "./cases.steps.js";
import { RECEIPT } from "./cases.templates.js";
import { buildChecklist } from "./intake.js";

/** Case numbers: per receiving site and year, never repeated (中关村街道 2026 第000123号). */
export const CASE_NUMBERS = defineNumberKind("case", "year");

const scopeOf = (c: CaseRow) => ({ siteId: c.site_id, departmentId: c.department_id, handlerId: c.handler_id });
const userIdOf = (ctx: Ctx) => (ctx.principal?.kind === "user" ? ctx.principal.userId : null);
const actorName = (ctx: Ctx) => (ctx.principal?.kind === "user" ? ctx.principal.displayName : null);
const QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const queryCode = () => Array.from({ length: 8 }, () => QUERY_ALPHABET[randomInt(QUERY_ALPHABET.length)]).join("");

async function loadCase(db: Executor, ctx: Ctx, caseId: string): Promise<CaseRow> {
  const c = await repo.findCase(db, caseId);
  if (!c) throw notFound("Case", "办件");
  assertCanRecord(ctx.principal, "case.read", scopeOf(c));
  return c;
}

/** Writes the timeline row, the audit record and the event of one transition, in its transaction. */
export async function recordStep(
  tx: Executor,
  ctx: Ctx,
  emit: Emit,
  before: CaseRow | null,
  after: CaseRow,
  action: string,
  event: CaseEventType,
  o: Pick<Outcome, "opinion" | "data" | "document">,
): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await repo.insertStep(tx, {
    id: newId(),
    case_id: after.id,
    action,
    from_state: before?.state ?? null,
    to_state: after.state,
    at,
    actor_id: userIdOf(ctx),
    actor_name: actorName(ctx),
    site_id: after.site_id,
    opinion: o.opinion ?? null,
    data: o.data ? JSON.stringify(o.data) : null,
    document_id: o.document?.id ?? null,
  });
  await audit(tx, ctx, {
    action: `case.${action}`,
    entityType: "case",
    entityId: after.id,
    siteId: after.site_id,
    before: before ? { state: before.state, dueDate: before.due_date, handlerId: before.handler_id } : null,
    after: {
      number: after.number,
      state: after.state,
      dueDate: after.due_date,
      handlerId: after.handler_id,
      document: o.document?.number ?? null,
      opinion: o.opinion ?? null,
    },
  });
  await emit({
    type: event,
    siteId: after.site_id,
    refs: { caseId: after.id, departmentId: after.department_id },
    data: {
      case: {
        id: after.id,
        number: after.number,
        state: after.state as CaseState,
        siteId: after.site_id,
        departmentId: after.department_id,
        itemCode: after.item_code,
        dueDate: after.due_date,
        dueFlag: after.due_flag,
        handlerId: after.handler_id,
      },
      action,
      documentId: o.document?.id ?? null,
    },
  });
}

const badState = (c: CaseRow, action: string) =>
  conflict(
    "case_bad_state",
    `办件当前状态为“${STATE_LABELS[c.state as CaseState] ?? c.state}”，不能执行“${STEP_LABELS[action] ?? action}”`,
    `The case is ${c.state}; ${action} is not allowed now`,
  );

function permOf(step: Step<never>, c: CaseRow): Permission {
  return typeof step.perm === "function" ? step.perm(c) : step.perm;
}

/** Whether the caller may take this step on this case now (state, permission, holder). */
function mayTake(ctx: Ctx, step: Step<never>, c: CaseRow): boolean {
  if (!step.from.includes(c.state as CaseState) || !ctx.principal) return false;
  if (!canRecord(ctx.principal, permOf(step, c), scopeOf(c))) return false;
  return !step.handlerOnly || c.handler_id === userIdOf(ctx);
}

/**
 * Runs one row of the lifecycle table: the case is read, the caller's right and the state
 * checked, the step's rule applied, and the case moved by a conditional update on the state it was
 * read in (a concurrent step, or a second processor claiming, gets 409 and changes nothing); then
 * the timeline, the audit record, the event and the SMS, all in the same transaction.
 */
export async function takeStep<K extends StepName>(ctx: Ctx, env: CaseEnv, caseId: string, name: K, input: StepInput<K>) {
  const step = STEPS[name] as unknown as Step<StepInput<K>>;
  const now = ctx.clock.now();
  const { after, document } = await withEvents(ctx, async (tx, emit) => {
    const c = await loadCase(tx, ctx, caseId);
    assertCanRecord(ctx.principal, permOf(step as Step<never>, c), scopeOf(c));
    if (!step.from.includes(c.state as CaseState)) throw badState(c, step.action);
    if (step.handlerOnly && c.handler_id !== userIdOf(ctx)) {
      throw conflict("case_held_by_other", "该办件由其他人员承办，只有承办人可以继续", "Another processor holds this case");
    }
    const s: StepCtx = { tx, ctx, emit, env, now, today: dayOf(now), userId: userIdOf(ctx) };
    const o = await step.run(s, c, input);
    const patch = { ...o.patch, state: o.to, updated_at: now.toISOString() };
    if (!(await repo.transition(tx, c.id, c.state, patch, { unclaimed: o.claim }))) {
      throw o.claim
        ? conflict("case_already_claimed", "该办件已被其他人员签收", "Another processor claimed this case first")
        : conflict("case_state_changed", "办件状态已变化，请刷新后重试", "The case changed meanwhile; reload and try again");
    }
    const after = { ...c, ...patch } as CaseRow;
    await recordStep(tx, ctx, emit, c, after, step.action, step.event as CaseEventType, o);
    if (o.message) await tellApplicant(tx, ctx.clock, after, o.message, env.publicUrl);
    return { after, document: o.document };
  });
  return finish(ctx, env, after.id, document, !!document);
}

async function finish(
  ctx: Ctx,
  env: CaseEnv,
  caseId: string,
  document: import("../../platform/documents/documents.service.js").IssuedDocument | undefined,
  told: boolean,
) {
  // Printable at the window at once: rendered off the main thread after commit.
  if (document) void renderDocument(ctx, document.id).catch(() => undefined);
  if (told) env.kick();
  return { case: await getCase(ctx, caseId), document: document ? presentDocument(document) : null };
}

/** The ticket a case is opened from: named, or the one the window is serving now; it must be at the site. */
async function ticketFor(db: Executor, siteId: string, input: z.infer<typeof OpenCaseInput>, today: string): Promise<string | null> {
  if (input.ticketId) {
    const t = await queueApi.findTicket(db, input.ticketId);
    if (!t || t.site_id !== siteId) throw new AppError(422, "ticket_unknown", "该号不存在或不属于本场所", "No such ticket at this site");
    if (!["called", "serving", "parked"].includes(t.state)) {
      throw conflict("ticket_not_served", "只能从正在办理的号开始收件", "A case is opened from a ticket being served");
    }
    return t.id;
  }
  if (input.windowId) {
    const w = await orgApi.findWindow(db, siteId, input.windowId);
    if (!w) throw new AppError(422, "window_unknown", "窗口不存在或不属于本场所", "No such window at this site");
    const [t] = await queueApi.ticketsOfWindow(db, input.windowId, today, ["serving", "called"]);
    if (!t) throw conflict("window_idle", "该窗口当前没有正在办理的号", "The window is serving no ticket now");
    return t.id;
  }
  return null;
}

/** 收件: the case exists from here, with the item version in force, the checklist, a number and a receipt. */
export async function openCase(ctx: Ctx, env: CaseEnv, siteId: string, input: z.infer<typeof OpenCaseInput>) {
  const p = requireUser(ctx.principal);
  assertCanRecord(p, "case.intake", { siteId });
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const today = dayOf(now);
  const item = await catalogApi.itemForCase(ctx.db, siteId, input.itemCode, nowIso);
  const checklist = buildChecklist(item.guide.materials, input.materials);
  if (input.applicant.kind === "person" && input.applicant.idType === "统一社会信用代码") {
    throw new AppError(422, "applicant_id_type", "个人申请人不能使用统一社会信用代码", "A person applies with a personal ID document");
  }
  const { after, document } = await withEvents(ctx, async (tx, emit) => {
    const ticketId = await ticketFor(tx, siteId, input, today);
    const site = await orgApi.findSite(tx, siteId);
    const n = await nextNumber(tx, CASE_NUMBERS, siteId, periodOf(CASE_NUMBERS, now));
    const row: CaseRow = {
      id: newId(),
      number: formatDocumentNumber(n, { agency: agencyOf(site?.name ?? ""), year: today.slice(0, 4), style: "spaced" }),
      site_id: siteId,
      department_id: item.departmentId,
      item_id: item.itemId,
      item_code: item.code,
      item_version: item.version,
      item_name: item.guide.name,
      handling_form: input.handlingForm,
      on_the_spot: item.guide.committedLimitDays === 0 ? 1 : 0,
      state: "received",
      paused_from: null,
      applicant_kind: input.applicant.kind,
      applicant_name: input.applicant.name,
      applicant_id_type: input.applicant.idType,
      applicant_id_number: input.applicant.idNumber.toUpperCase(),
      applicant_phone: input.applicant.phone,
      agent_name: input.applicant.agentName,
      ticket_id: ticketId,
      appointment_id: input.appointmentId ?? null,
      query_code: queryCode(),
      checklist: JSON.stringify(checklist),
      received_at: nowIso,
      received_by: p.userId,
      first_inquiry_by: input.firstInquiryBy ?? p.userId,
      correction_doc_id: null,
      correction_due: null,
      forwarded_at: null,
      accepted_at: null,
      accepted_by: null,
      deemed_accepted: 0,
      acceptance_number: null,
      clock_start: null,
      budget_days: null,
      limit_unit: item.guide.limitUnit,
      statutory_days: item.guide.statutoryLimitDays,
      due_date: null,
      due_provisional: 0,
      due_flag: "none",
      acceptance_warned: 0,
      handler_id: null,
      claimed_at: null,
      decision: null,
      decided_at: null,
      result: null,
      result_reason: null,
      result_name: null,
      result_number: null,
      completed_at: null,
      delivery_method: null,
      delivered_at: null,
      collected_by: null,
      tracking_number: null,
      created_at: nowIso,
      updated_at: nowIso,
    };
    await repo.insertCase(tx, row);
    const doc = await issueDocument(tx, ctx, RECEIPT, {
      agency: agencyOf(site?.name ?? ""),
      siteId,
      subject: { type: "case", id: row.id },
      data: {
        head: {
          caseNumber: row.number,
          siteName: site?.name ?? "",
          departmentName: item.departmentName,
          itemName: row.item_name,
          applicantName: row.applicant_name,
          receivedOn: today,
        },
        received: checklist.filter((m) => m.status === "received").map((m) => m.name),
        queryCode: row.query_code,
      },
    });
    await recordStep(tx, ctx, emit, null, row, "receive", "case.received", {
      document: doc,
      data: { itemVersion: item.version, ticketId },
    });
    await tellApplicant(tx, ctx.clock, row, { kind: "received" }, env.publicUrl);
    return { after: row, document: doc };
  });
  return finish(ctx, env, after.id, document, true);
}

/** The case with its whole timeline, clock, documents and what the caller may do next. */
export async function getCase(ctx: Ctx, caseId: string) {
  const c = await loadCase(ctx.db, ctx, caseId);
  const [steps, clock, chases, documents] = await Promise.all([
    repo.stepsOf(ctx.db, c.id),
    caseClock(ctx.db, ctx, c.id),
    repo.chasesOf(ctx.db, c.id),
    documentsOf(ctx.db, { type: "case", id: c.id }),
  ]);
  const names = await namesFor(ctx.db, [c.received_by, c.first_inquiry_by, c.handler_id]);
  const full = servesApplicant(ctx.principal, c);
  if (full) await recordFullRead(ctx.db, ctx, { siteId: c.site_id, entityType: "case", entityId: c.id }, "case.serve");
  const allowed = TERMINAL_STATES.includes(c.state as CaseState)
    ? []
    : (Object.keys(STEPS) as StepName[]).filter((k) => mayTake(ctx, STEPS[k] as unknown as Step<never>, c));
  const showCode = !!ctx.principal && canRecord(ctx.principal, "case.intake", { siteId: c.site_id });
  return presentDetail(c, names, full, { steps, clock, chases, documents, allowed, showCode });
}

const STATE_OF_VIEW: Record<ListQuery["view"], CaseState[] | undefined> = {
  all: undefined,
  front: ["received", "correction_requested", "supplied", "forwarded", "sent_back"],
  back: ["accepted", "processing", "review", "paused", "decided"],
  delivery: ["completed"],
};

/** Inboxes and search: what the caller may read, filtered, due soonest first; applicants masked in lists. */
export async function listCases(ctx: Ctx, q: ListQuery) {
  const p = requireUser(ctx.principal);
  const access = recordFilterOf(p, "case.read");
  const numberLike = q.q && /号$/.test(q.q) ? q.q : undefined;
  const digits = q.q && /^\d{1,6}$/.test(q.q) ? q.q.padStart(6, "0") : undefined;
  const idNumber = q.q && /^[0-9]{17}[0-9Xx]$/.test(q.q) ? q.q.toUpperCase() : undefined;
  if (q.q && !numberLike && !digits && !idNumber) {
    throw new AppError(
      400,
      "case_query_invalid",
      "请输入办件编号（或其末尾数字）或申请人完整证件号码",
      "Search by case number (or its last digits) or the applicant's full ID number",
    );
  }
  const { rows, total } = await repo.listCases(
    ctx.db,
    {
      access,
      siteId: q.siteId,
      departmentId: q.departmentId,
      states: q.state ?? STATE_OF_VIEW[q.view],
      dueFlag: q.dueFlag,
      handlerId: q.mine ? p.userId : undefined,
      unclaimed: q.unclaimed,
      itemCode: q.itemCode,
      number: numberLike,
      numberSuffix: digits,
      idNumber,
      receivedFrom: q.receivedFrom ? new Date(`${q.receivedFrom}T00:00:00+08:00`).toISOString() : undefined,
      receivedTo: q.receivedTo ? new Date(new Date(`${q.receivedTo}T00:00:00+08:00`).getTime() + 86_400_000).toISOString() : undefined,
    },
    q.sort,
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  const names = await namesFor(
    ctx.db,
    rows.map((r) => r.handler_id),
  );
  return { items: rows.map((r) => presentSummary(r, names, false)), total, page: q.page, pageSize: q.pageSize };
}

/** The public progress page: number + query code; state and dates only, never personal data. */
export async function publicProgress(ctx: Ctx, number: string, code: string) {
  const c = await repo.findByNumber(ctx.db, number);
  if (!c || c.query_code !== code)
    throw new AppError(404, "case_not_found", "未找到该办件，请核对办件编号和查询码", "No case with this number and query code");
  const steps = await repo.stepsOf(ctx.db, c.id);
  const site = await orgApi.findSite(ctx.db, c.site_id);
  const publicSteps = [
    "receive",
    "request_correction",
    "supply",
    "accept",
    "deemed_accept",
    "refuse",
    "forward",
    "claim",
    "decide",
    "complete",
    "deliver",
    "pause",
    "resume",
    "extend",
    "withdraw",
    "return",
  ];
  return {
    number: c.number,
    itemName: c.item_name,
    siteName: site?.name ?? "",
    state: c.state as CaseState,
    stateLabel: STATE_LABELS[c.state as CaseState],
    receivedOn: dayOf(c.received_at),
    acceptedOn: c.accepted_at ? (c.deemed_accepted ? dayOf(c.received_at) : dayOf(c.accepted_at)) : null,
    dueDate: c.due_date,
    dueProvisional: c.due_provisional === 1,
    completedOn: c.completed_at ? dayOf(c.completed_at) : null,
    deliveredOn: c.delivered_at ? dayOf(c.delivered_at) : null,
    steps: steps.filter((s) => publicSteps.includes(s.action)).map((s) => ({ label: STEP_LABELS[s.action] ?? s.action, on: dayOf(s.at) })),
  };
}
