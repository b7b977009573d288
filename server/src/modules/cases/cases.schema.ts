import { z } from "zod";
import { isoDate, mobile } from "../../platform/validation.js";

/** Case states (glossary: received, correction, accepted …); `sent_back` = returned to the front by the back office. */
export const CASE_STATES = [
  "received",
  "correction_requested",
  "supplied",
  "forwarded",
  "accepted",
  "processing",
  "review",
  "paused",
  "sent_back",
  "decided",
  "completed",
  "delivered",
  "refused",
  "returned",
  "withdrawn",
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const STATE_LABELS: Record<CaseState, string> = {
  received: "已收件",
  correction_requested: "待补正",
  supplied: "已补正",
  forwarded: "已转报",
  accepted: "已受理",
  processing: "承办中",
  review: "审核中",
  paused: "特别程序中",
  sent_back: "已退回前台",
  decided: "已决定",
  completed: "已办结，待出件",
  delivered: "已出件",
  refused: "不予受理",
  returned: "已退件",
  withdrawn: "已撤回",
};

export const TERMINAL_STATES: readonly CaseState[] = ["delivered", "refused", "returned", "withdrawn"];

export const MATERIAL_STATUSES = ["received", "missing", "nonconforming", "not_applicable"] as const;
export const PAUSE_REASONS = ["听证", "检验", "检测", "检疫", "鉴定", "专家评审", "其他"] as const;
export const RESULTS = ["granted", "denied", "refused", "forwarded", "returned", "withdrawn"] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const ChecklistEntry = z.object({
  name: text(100).describe("the guide's material name, exactly"),
  status: z.enum(MATERIAL_STATUSES),
  note: z.string().trim().max(300).nullable().default(null).describe("what is wrong with a non-conforming material"),
});
export type ChecklistEntry = z.infer<typeof ChecklistEntry>;

/** One material of the case's guide version, as checked at intake. */
export const ChecklistItem = ChecklistEntry.extend({
  required: z.boolean(),
  condition: z.string().nullable(),
  form: z.string(),
  copies: z.number(),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const Applicant = z
  .object({
    kind: z.enum(["person", "enterprise"]),
    name: text(100).describe("the person, or the enterprise's name"),
    idType: z.enum(["居民身份证", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "护照", "外国人永久居留身份证", "统一社会信用代码"]),
    idNumber: text(40),
    phone: mobile,
    agentName: z.string().trim().min(1).max(50).nullable().default(null).describe("the person handling it for an enterprise, or an agent"),
  })
  .describe("申请人");

export const OpenCaseInput = z.object({
  itemCode: text(40),
  handlingForm: z.enum(["window", "online", "post"]).default("window"),
  applicant: Applicant,
  windowId: z.string().uuid().optional().describe("open from the ticket being served at this window (it becomes the case's ticket)"),
  ticketId: z.string().uuid().optional().describe("open from this ticket (called or being served at the site)"),
  appointmentId: z.string().uuid().optional(),
  firstInquiryBy: z.string().uuid().optional().describe("首问负责人: who first received the applicant (default: the caller)"),
  materials: z
    .array(ChecklistEntry)
    .max(100)
    .default([])
    .describe("materials not listed: missing if required, not applicable if conditional"),
});

export const ReasonInput = z.object({ reason: text(1000) });
export const OptionalReason = z.object({ reason: z.string().trim().max(1000).optional() });
export const CorrectionInput = z.object({
  dueDays: z.number().int().min(1).max(60).default(5).describe("working days to supply the materials"),
  note: z.string().trim().max(500).optional(),
  materials: z.array(ChecklistEntry).max(100).optional().describe("re-check before the notice: these entries replace the checklist's"),
});
export const SupplyInput = z.object({ materials: z.array(ChecklistEntry).min(1).max(100) });
export const OpinionInput = z.object({ opinion: text(1000) });
export const DecideInput = z.object({
  decision: z.enum(["granted", "denied"]),
  opinion: text(1000),
  reasons: z.string().trim().max(2000).optional().describe("required when denied: the reasons printed on the 不予许可决定书"),
});
export const CompleteInput = z.object({
  resultName: z.string().trim().min(1).max(100).optional().describe("default: the guide's result name"),
  resultNumber: z.string().trim().min(1).max(60).optional().describe("the licence or certificate number"),
});
export const DeliverInput = z.discriminatedUnion("method", [
  z.object({
    method: z.literal("pickup"),
    collectedBy: text(50).describe("who collected it"),
    idChecked: z.literal(true).describe("the collector's ID was checked"),
  }),
  z.object({
    method: z.literal("post"),
    trackingNumber: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{6,40}$/),
  }),
]);
export const PauseInput = z.object({
  reasonCode: z.enum(PAUSE_REASONS),
  reason: text(500),
  expectedDays: z.number().int().min(1).max(365).describe("expected length, printed on the 特别程序告知书"),
});
export const ExtendInput = z.object({ days: z.number().int().min(1).max(365), reason: text(500) });

export const CaseParams = z.object({ caseId: z.string().uuid() });

export const ListQuery = z.object({
  view: z
    .enum(["front", "back", "delivery", "all"])
    .default("all")
    .describe("front: received here; back: to decide; delivery: ready at the site"),
  siteId: z.string().uuid().optional(),
  departmentId: z.string().uuid().optional(),
  state: z.preprocess((v) => (typeof v === "string" ? v.split(",") : v), z.array(z.enum(CASE_STATES)).max(15)).optional(),
  dueFlag: z.enum(["none", "due_soon", "overdue"]).optional(),
  mine: z.coerce.boolean().optional().describe("only cases the caller holds"),
  unclaimed: z.coerce.boolean().optional(),
  itemCode: z.string().max(40).optional(),
  q: z.string().trim().max(60).optional().describe("case number (or its end), or the applicant's full ID number"),
  receivedFrom: isoDate.optional(),
  receivedTo: isoDate.optional(),
  sort: z.enum(["due", "received"]).default("due"),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const PublicProgressQuery = z.object({
  number: text(60),
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9]{8}$/),
});

const Person = z.object({ id: z.string(), name: z.string() }).nullable();

export const CaseSummary = z.object({
  id: z.string(),
  number: z.string(),
  state: z.enum(CASE_STATES),
  stateLabel: z.string(),
  site: z.object({ id: z.string(), name: z.string() }),
  department: z.object({ id: z.string(), name: z.string() }),
  item: z.object({ id: z.string(), code: z.string(), version: z.number(), name: z.string() }),
  handlingForm: z.string(),
  onTheSpot: z.boolean(),
  applicant: z.object({
    kind: z.string(),
    name: z.string(),
    idType: z.string(),
    idNumber: z.string(),
    phone: z.string(),
    agentName: z.string().nullable(),
    masked: z.boolean().describe("false only for the person serving the applicant"),
  }),
  receivedAt: z.string(),
  acceptedAt: z.string().nullable(),
  dueDate: z.string().nullable(),
  dueProvisional: z.boolean(),
  dueFlag: z.enum(["none", "due_soon", "overdue"]),
  handler: Person,
  result: z.enum(RESULTS).nullable(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseStep = z.object({
  id: z.string(),
  action: z.string(),
  label: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  at: z.string(),
  actor: Person,
  opinion: z.string().nullable(),
  documentId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});

export const CaseDocument = z.object({
  id: z.string(),
  kind: z.string(),
  number: z.string(),
  title: z.string(),
  createdAt: z.string(),
  supersededBy: z.string().nullable(),
  pdfUrl: z.string(),
});

export const ClockView = z.object({
  start: z.string().nullable(),
  budgetDays: z.number().nullable(),
  unit: z.string(),
  statutoryDays: z.number().nullable(),
  due: z.string().nullable(),
  provisional: z.boolean(),
  explanation: z.string().nullable().describe("why the due date is what it is, in words"),
  state: z.enum(["running", "paused", "due_soon", "overdue", "stopped"]).nullable(),
  remaining: z.number().nullable().describe("working days left (negative: overdue by)"),
  ledger: z.array(
    z.object({
      kind: z.enum(["pause", "extension"]),
      reasonCode: z.string().nullable(),
      reason: z.string(),
      from: z.string(),
      to: z.string().nullable(),
      days: z.number(),
    }),
  ),
});

export const CaseDetail = CaseSummary.extend({
  ticketId: z.string().nullable(),
  appointmentId: z.string().nullable(),
  queryCode: z.string().nullable().describe("shown to staff of the receiving site only"),
  checklist: z.array(ChecklistItem),
  receivedBy: Person,
  firstInquiry: Person,
  correctionDue: z.string().nullable(),
  forwardedAt: z.string().nullable(),
  deemedAccepted: z.boolean(),
  acceptanceNumber: z.string().nullable(),
  decision: z.enum(["granted", "denied"]).nullable(),
  decidedAt: z.string().nullable(),
  resultReason: z.string().nullable(),
  resultName: z.string().nullable(),
  resultNumber: z.string().nullable(),
  completedAt: z.string().nullable(),
  delivery: z
    .object({
      method: z.enum(["pickup", "post"]),
      at: z.string(),
      collectedBy: z.string().nullable(),
      trackingNumber: z.string().nullable(),
    })
    .nullable(),
  clock: ClockView,
  steps: z.array(CaseStep),
  documents: z.array(CaseDocument),
  chases: z.array(z.object({ id: z.string(), dueDate: z.string(), note: z.string(), createdAt: z.string() })),
  allowed: z.array(z.string()).describe("actions the caller may take now (the UI shows only these)"),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseAnswer = z.object({
  case: CaseDetail,
  document: CaseDocument.nullable().describe("the notice this step issued, ready to print"),
});

export const CasePage = z.object({ items: z.array(CaseSummary), total: z.number(), page: z.number(), pageSize: z.number() });

export const PublicProgress = z.object({
  number: z.string(),
  itemName: z.string(),
  siteName: z.string(),
  state: z.enum(CASE_STATES),
  stateLabel: z.string(),
  receivedOn: z.string(),
  acceptedOn: z.string().nullable(),
  dueDate: z.string().nullable(),
  dueProvisional: z.boolean(),
  completedOn: z.string().nullable(),
  deliveredOn: z.string().nullable(),
  steps: z.array(z.object({ label: z.string(), on: z.string() })),
});
