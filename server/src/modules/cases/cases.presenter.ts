import type { Executor, Row } from "../../db/schema.js";
import { canRecord } from "../../platform/auth/access.js";
import { displayNames } from "../../platform/auth/identity.repository.js";
import type { Principal } from "../../platform/auth/principal.js";
import type { StoredClock } from "../../platform/deadlines/deadlines.service.js";
import type { IssuedDocument } from "../../platform/documents/documents.service.js";
import { maskIdNumber, maskName, maskPhone } from "../../platform/privacy.js";
import * as catalogApi from "../catalog/catalog.api.js";
import * as orgApi from "../org/org.api.js";
import type { CaseRow } from "./cases.repository.js";
import { type CaseDetail, type CaseState, type CaseSummary, type ChecklistItem, STATE_LABELS } from "./cases.schema.js";

/** Names the presenters need: sites, departments and users by id (one query each per answer). */
export interface Names {
  sites: Map<string, string>;
  departments: Map<string, string>;
  users: Map<string, string>;
}

export async function namesFor(db: Executor, userIds: (string | null)[]): Promise<Names> {
  const ids = [...new Set(userIds.filter((x): x is string => !!x))];
  const [sites, departments, users] = await Promise.all([
    orgApi.listSites(db, "all"),
    catalogApi.departmentNames(db),
    ids.length > 0 ? displayNames(db, ids) : Promise.resolve([]),
  ]);
  return { sites: new Map(sites.map((s) => [s.id, s.name])), departments, users: new Map(users.map((u) => [u.id, u.display_name])) };
}

/**
 * Whether the caller is the person serving the applicant now, and so sees the applicant in full:
 * who received the case (until it leaves the front), the handler holding it, and the delivery
 * desk of the receiving site once the result is ready (it checks the collector's ID). Everyone
 * else — other staff, the back office before claiming, supervisors — sees it masked.
 */
export function servesApplicant(p: Principal | null, c: CaseRow): boolean {
  if (p?.kind !== "user") return false;
  if (c.handler_id === p.userId) return true;
  const front: CaseState[] = ["received", "correction_requested", "supplied", "sent_back"];
  if (c.received_by === p.userId && front.includes(c.state as CaseState)) return true;
  return c.state === "completed" && canRecord(p, "case.intake", { siteId: c.site_id });
}

const person = (names: Names, id: string | null) => (id ? { id, name: names.users.get(id) ?? "" } : null);

export function presentSummary(c: CaseRow, names: Names, full: boolean): CaseSummary {
  return {
    id: c.id,
    number: c.number,
    state: c.state as CaseState,
    stateLabel: STATE_LABELS[c.state as CaseState] ?? c.state,
    site: { id: c.site_id, name: names.sites.get(c.site_id) ?? "" },
    department: { id: c.department_id, name: names.departments.get(c.department_id) ?? "" },
    item: { id: c.item_id, code: c.item_code, version: c.item_version, name: c.item_name },
    handlingForm: c.handling_form,
    onTheSpot: c.on_the_spot === 1,
    applicant: {
      kind: c.applicant_kind,
      name: full || c.applicant_kind === "enterprise" ? c.applicant_name : maskName(c.applicant_name),
      idType: c.applicant_id_type,
      idNumber: full || c.applicant_kind === "enterprise" ? c.applicant_id_number : maskIdNumber(c.applicant_id_number),
      phone: full ? c.applicant_phone : maskPhone(c.applicant_phone),
      agentName: c.agent_name === null ? null : full ? c.agent_name : maskName(c.agent_name),
      masked: !full,
    },
    receivedAt: c.received_at,
    acceptedAt: c.accepted_at,
    dueDate: c.due_date,
    dueProvisional: c.due_provisional === 1,
    dueFlag: c.due_flag as CaseSummary["dueFlag"],
    handler: person(names, c.handler_id),
    result: c.result as CaseSummary["result"],
  };
}

export const STEP_LABELS: Record<string, string> = {
  receive: "收件",
  request_correction: "出具补正告知书",
  supply: "补正材料",
  accept: "受理",
  deemed_accept: "视为受理（五个工作日未告知）",
  refuse: "不予受理",
  forward: "转报",
  withdraw: "申请人撤回",
  return: "退件",
  claim: "承办签收",
  submit_review: "提交审核",
  send_back: "审核退回承办",
  return_to_front: "退回前台",
  resubmit: "前台重新提交",
  decide: "决定",
  complete: "办结",
  deliver: "出件",
  pause: "特别程序",
  resume: "恢复办理",
  extend: "延期",
  recompute: "重新核定办结日期",
};

export function presentDocument(d: IssuedDocument) {
  return {
    id: d.id,
    kind: d.kind,
    number: d.number,
    title: d.title,
    createdAt: d.createdAt,
    supersededBy: d.supersededBy,
    pdfUrl: `/api/documents/${d.id}/pdf`,
  };
}

export interface DetailParts {
  steps: Row<"case_steps">[];
  clock: StoredClock | null;
  chases: Row<"case_chases">[];
  documents: IssuedDocument[];
  allowed: string[];
  showCode: boolean;
}

type LedgerView = CaseDetail["clock"]["ledger"][number];
/** The clock's ledger in order: pauses with the working days they took off, then approved extensions. */
function ledgerOf(c: StoredClock | null): LedgerView[] {
  if (!c) return [];
  const pauses: LedgerView[] = c.view.pauses.map((p) => ({
    kind: "pause",
    reasonCode: p.reason,
    reason: p.note ?? p.reason,
    from: p.from,
    to: p.to,
    days: p.days,
  }));
  const exts: LedgerView[] = c.view.extensions.map((e) => ({
    kind: "extension",
    reasonCode: null,
    reason: e.reason,
    from: e.approvedOn,
    to: null,
    days: e.days,
  }));
  return [...pauses, ...exts];
}

export function presentDetail(c: CaseRow, names: Names, full: boolean, x: DetailParts): CaseDetail {
  return {
    ...presentSummary(c, names, full),
    ticketId: c.ticket_id,
    appointmentId: c.appointment_id,
    queryCode: x.showCode ? c.query_code : null,
    checklist: JSON.parse(c.checklist) as ChecklistItem[],
    receivedBy: person(names, c.received_by),
    firstInquiry: person(names, c.first_inquiry_by),
    correctionDue: c.correction_due,
    forwardedAt: c.forwarded_at,
    deemedAccepted: c.deemed_accepted === 1,
    acceptanceNumber: c.acceptance_number,
    decision: c.decision as CaseDetail["decision"],
    decidedAt: c.decided_at,
    resultReason: c.result_reason,
    resultName: c.result_name,
    resultNumber: c.result_number,
    completedAt: c.completed_at,
    delivery:
      c.delivery_method && c.delivered_at
        ? {
            method: c.delivery_method as "pickup" | "post",
            at: c.delivered_at,
            collectedBy: full ? c.collected_by : c.collected_by && maskName(c.collected_by),
            trackingNumber: c.tracking_number,
          }
        : null,
    clock: {
      start: c.clock_start,
      budgetDays: c.budget_days,
      unit: c.limit_unit,
      statutoryDays: c.statutory_days,
      due: x.clock?.view.dueDate ?? c.due_date,
      provisional: x.clock ? x.clock.view.provisional : c.due_provisional === 1,
      explanation: x.clock?.view.explanation.zh ?? null,
      state: x.clock?.view.state ?? null,
      remaining: x.clock?.view.remaining ?? null,
      ledger: ledgerOf(x.clock),
    },
    steps: x.steps.map((s) => ({
      id: s.id,
      action: s.action,
      label: STEP_LABELS[s.action] ?? s.action,
      fromState: s.from_state,
      toState: s.to_state,
      at: s.at,
      actor: s.actor_id ? { id: s.actor_id, name: s.actor_name ?? "" } : null,
      opinion: s.opinion,
      documentId: s.document_id,
      data: s.data ? (JSON.parse(s.data) as Record<string, unknown>) : null,
    })),
    documents: x.documents.map(presentDocument),
    chases: x.chases.map((h) => ({ id: h.id, dueDate: h.due_date, note: h.note, createdAt: h.created_at })),
    allowed: x.allowed,
  };
}
