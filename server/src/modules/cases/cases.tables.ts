/** A case (办件): one application for one item at one site (migration 0050). */
export interface CasesTable {
  id: string;
  /** 中关村街道 2026 第000123号: per receiving site and year, never repeated */
  number: string;
  /** the receiving site (front office, delivery) */
  site_id: string;
  /** the department that decides (back office) */
  department_id: string;
  item_id: string;
  item_code: string;
  /** the guide version in force at receipt: what the applicant was asked for */
  item_version: number;
  item_name: string;
  /** window | online | post */
  handling_form: string;
  /** 1: 即办件 (committed limit 0), 0: 承诺件 */
  on_the_spot: number;
  state: string;
  /** while paused (特别程序): the state to resume to */
  paused_from: string | null;
  /** person | enterprise */
  applicant_kind: string;
  /** the person, or the enterprise's name */
  applicant_name: string;
  /** 居民身份证 … or 统一社会信用代码 */
  applicant_id_type: string;
  applicant_id_number: string;
  applicant_phone: string;
  /** the person handling it for an enterprise, or an agent */
  agent_name: string | null;
  ticket_id: string | null;
  appointment_id: string | null;
  /** printed on the notices: with the number, opens the public progress page */
  query_code: string;
  /** JSON: the guide's materials with received / missing / nonconforming / not_applicable */
  checklist: string;
  received_at: string;
  received_by: string | null;
  /** 首问负责: the first person who received the applicant */
  first_inquiry_by: string | null;
  correction_doc_id: string | null;
  /** date by which the correction is to be supplied */
  correction_due: string | null;
  forwarded_at: string | null;
  accepted_at: string | null;
  accepted_by: string | null;
  deemed_accepted: number;
  acceptance_number: string | null;
  /** clock: the date counting starts from, the budget in days (working or calendar: limit_unit) */
  clock_start: string | null;
  budget_days: number | null;
  limit_unit: string;
  statutory_days: number | null;
  /** derived from clock_start, budget_days and the ledger (cache for sorting) */
  due_date: string | null;
  due_provisional: number;
  /** none | due_soon | overdue */
  due_flag: string;
  acceptance_warned: number;
  handler_id: string | null;
  claimed_at: string | null;
  /** granted | denied */
  decision: string | null;
  decided_at: string | null;
  /** granted | denied | refused | forwarded | returned | withdrawn */
  result: string | null;
  result_reason: string | null;
  result_name: string | null;
  result_number: string | null;
  completed_at: string | null;
  /** pickup | post */
  delivery_method: string | null;
  delivered_at: string | null;
  collected_by: string | null;
  tracking_number: string | null;
  created_at: string;
  updated_at: string;
}

export interface CaseStepsTable {
  id: string;
  case_id: string;
  action: string;
  from_state: string | null;
  to_state: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  site_id: string | null;
  opinion: string | null;
  data: string | null;
  document_id: string | null;
}

/** 督办: a supervision record on an overdue case, once per due date. */
export interface CaseChasesTable {
  id: string;
  case_id: string;
  site_id: string;
  department_id: string;
  due_date: string;
  note: string;
  created_at: string;
  created_by: string | null;
}

export interface CaseTables {
  cases: CasesTable;
  case_steps: CaseStepsTable;
  case_chases: CaseChasesTable;
}

declare module "../../db/schema.js" {
  interface Database extends CaseTables {}
}
