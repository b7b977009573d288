import type { Guide, Material } from "../../../../api/catalog";

/** The enumerations of the guide, as the server's schema names them. */
export const ITEM_TYPES = [
  "行政许可",
  "行政处罚",
  "行政强制",
  "行政征收",
  "行政给付",
  "行政检查",
  "行政确认",
  "行政奖励",
  "行政裁决",
  "其他行政权力",
  "公共服务",
] as const;
export const TARGETS = ["个人", "法人"] as const;
export const MATERIAL_FORMS = ["原件", "复印件", "原件及复印件", "电子"] as const;
export const LIMIT_UNITS = ["工作日", "自然日"] as const;
export const HANDLING_FORMS = ["窗口", "网上", "邮寄"] as const;

export type Tri = "yes" | "no" | "unknown";
const toTri = (v: boolean | null | undefined): Tri => (v === true ? "yes" : v === false ? "no" : "unknown");
const fromTri = (v: Tri | undefined): boolean | null => (v === "yes" ? true : v === "no" ? false : null);
const orNull = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);
const lines = (a: (string | undefined | null)[] | undefined) => (a ?? []).map((s) => s?.trim() ?? "").filter(Boolean);
const num = (n: number | null | undefined) => (typeof n === "number" && Number.isFinite(n) ? n : null);

export interface MaterialValues {
  name: string;
  form: Material["form"];
  copies: number;
  required: boolean;
  condition?: string | null;
  note?: string | null;
  sampleText?: string | null;
  sample?: Material["sample"];
}

/** The guide as the form holds it: tri-state booleans, blank strings, lists of lines. */
export interface GuideValues {
  name: string;
  type: Guide["type"];
  target: Guide["target"];
  implementingBody?: string | null;
  legalBasis: string[];
  conditions: string[];
  steps: string[];
  reviewStandard: string[];
  materials: MaterialValues[];
  statutoryLimitDays: number | null;
  committedLimitDays: number | null;
  limitUnit: Guide["limitUnit"];
  fee: { charged: boolean; amount?: string | null; basis?: string | null };
  onlinePayment: Tri;
  postalDelivery: Tri;
  appointment: Tri;
  handlingForms: Guide["handlingForms"];
  tongban?: string | null;
  consultationPhone?: string | null;
  complaintChannel?: string | null;
  place?: string | null;
  hours?: string | null;
  resultName?: string | null;
  resultSample?: string | null;
  minorGaps: { allowed: boolean; materials: string[]; deadlineDays: number | null };
}

export function toValues(g: Guide): GuideValues {
  return {
    name: g.name,
    type: g.type,
    target: g.target,
    implementingBody: g.implementingBody ?? "",
    legalBasis: g.legalBasis,
    conditions: g.conditions,
    steps: g.steps,
    reviewStandard: g.reviewStandard ?? [],
    materials: g.materials.map((m) => ({ ...m, condition: m.condition ?? "", note: m.note ?? "", sampleText: m.sampleText ?? "" })),
    statutoryLimitDays: g.statutoryLimitDays,
    committedLimitDays: g.committedLimitDays,
    limitUnit: g.limitUnit,
    fee: { charged: g.fee.charged, amount: g.fee.amount ?? "", basis: g.fee.basis ?? "" },
    onlinePayment: toTri(g.onlinePayment),
    postalDelivery: toTri(g.postalDelivery),
    appointment: toTri(g.appointment),
    handlingForms: g.handlingForms,
    tongban: g.tongban ?? "",
    consultationPhone: g.consultationPhone ?? "",
    complaintChannel: g.complaintChannel ?? "",
    place: g.place ?? "",
    hours: g.hours ?? "",
    resultName: g.resultName ?? "",
    resultSample: g.resultSample ?? "",
    minorGaps: g.minorGaps ?? { allowed: false, materials: [], deadlineDays: null },
  };
}

/** Back to the server's shape; text trimmed, blanks become null, empty lines drop out. Uploaded samples are kept. */
export function fromValues(v: GuideValues): Guide {
  return {
    name: v.name.trim(),
    type: v.type,
    target: v.target,
    implementingBody: orNull(v.implementingBody),
    legalBasis: lines(v.legalBasis),
    conditions: lines(v.conditions),
    steps: lines(v.steps),
    reviewStandard: lines(v.reviewStandard),
    materials: (v.materials ?? []).map((m) => ({
      name: m.name.trim(),
      form: m.form,
      copies: num(m.copies) ?? 0,
      required: !!m.required,
      condition: m.required ? null : orNull(m.condition),
      note: orNull(m.note),
      sampleText: orNull(m.sampleText),
      sample: m.sample ?? null,
    })),
    statutoryLimitDays: num(v.statutoryLimitDays),
    committedLimitDays: num(v.committedLimitDays),
    limitUnit: v.limitUnit,
    fee: { charged: !!v.fee?.charged, amount: v.fee?.charged ? orNull(v.fee.amount) : null, basis: orNull(v.fee?.basis) },
    onlinePayment: fromTri(v.onlinePayment),
    postalDelivery: fromTri(v.postalDelivery),
    appointment: fromTri(v.appointment),
    handlingForms: v.handlingForms,
    tongban: orNull(v.tongban),
    consultationPhone: orNull(v.consultationPhone),
    complaintChannel: orNull(v.complaintChannel),
    place: orNull(v.place),
    hours: orNull(v.hours),
    resultName: orNull(v.resultName),
    resultSample: orNull(v.resultSample),
    minorGaps: {
      allowed: !!v.minorGaps?.allowed,
      // Trimmed like the material names, never filtered against them: a name no longer in the list
      // (a material renamed or removed) goes to the server, whose minor_gaps_material_unknown says so.
      materials: v.minorGaps?.allowed ? (v.minorGaps.materials ?? []).map((n) => n?.trim() ?? "").filter(Boolean) : [],
      deadlineDays: v.minorGaps?.allowed ? num(v.minorGaps.deadlineDays) : null,
    },
  };
}
