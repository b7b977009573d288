import { type Guide, HANDLING_FORMS, ITEM_TYPES, LIMIT_UNITS, MATERIAL_FORMS, type Material, TARGETS } from "./catalog.schema.js";

/**
 * The columns of the catalog workbook: how each is written on export and read back on import.
 * Lists are one entry per line inside a cell; yes/no are 是/否.
 */

export type Cell = string | number | null;
export type Parsed = { ok: true; value: unknown } | { ok: false; zh: string; en: string };
const ok = (value: unknown): Parsed => ({ ok: true, value });
const bad = (zh: string, en: string): Parsed => ({ ok: false, zh, en });

export const splitList = (s: string) =>
  s
    .split(/\r?\n|[、；;,，]/)
    .map((x) => x.trim())
    .filter(Boolean);
const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);
const YES = ["是", "yes", "y", "true", "1"];
const NO = ["否", "no", "n", "false", "0"];

const text = (s: string): Parsed => ok(s || null);
const list = (s: string): Parsed => ok(lines(s));
const yesNo = (s: string): Parsed => {
  const v = s.toLowerCase();
  if (YES.includes(v)) return ok(true);
  if (NO.includes(v)) return ok(false);
  return bad("应填“是”或“否”", 'Write "是" (yes) or "否" (no)');
};
const yesNoBlank = (s: string): Parsed => (s ? yesNo(s) : ok(null));
const int = (s: string): Parsed => {
  if (!s) return ok(null);
  return /^\d+$/.test(s) ? ok(Number(s)) : bad("应为非负整数（不限可留空）", "Write a whole number (blank: none)");
};
const oneOf =
  (values: readonly string[]) =>
  (s: string): Parsed =>
    values.includes(s) ? ok(s) : bad(`应为以下之一：${values.join("、")}`, `Must be one of: ${values.join(", ")}`);
const manyOf =
  (values: readonly string[]) =>
  (s: string): Parsed => {
    const items = splitList(s);
    const wrong = items.find((x) => !values.includes(x));
    return wrong ? bad(`“${wrong}”不是以下之一：${values.join("、")}`, `"${wrong}" is not one of: ${values.join(", ")}`) : ok(items);
  };

/** A department's name, as the city list takes it: trimmed, at most 100 characters (blank is reported by the importer). */
const department = (s: string): Parsed => {
  const name = s.trim();
  return name.length > 100 ? bad("实施部门超过100个字", "The department is longer than 100 characters") : ok(name);
};

export interface Column<T> {
  key: string;
  header: string;
  width: number;
  get: (row: T) => Cell;
  /** Absent: export only. */
  parse?: (s: string) => Parsed;
  /** Where the parsed value goes in the guide (dotted), or another key of the row. */
  path?: string;
}

export type ItemRow = { code: string; department: string; guide: Guide; themes: string[]; version: number; status: string };
const joinLines = (xs: string[]) => xs.join("\n");

export const ITEM_COLUMNS: Column<ItemRow>[] = [
  { key: "code", header: "事项编码 Code", width: 24, get: (r) => r.code, parse: (s) => ok(s) },
  { key: "department", header: "实施部门 Department", width: 20, get: (r) => r.department, parse: department },
  { key: "name", header: "事项名称 Name", width: 28, get: (r) => r.guide.name, parse: text, path: "name" },
  { key: "type", header: "事项类型 Type", width: 12, get: (r) => r.guide.type, parse: oneOf(ITEM_TYPES), path: "type" },
  { key: "target", header: "服务对象 Target", width: 12, get: (r) => r.guide.target.join("、"), parse: manyOf(TARGETS), path: "target" },
  {
    key: "implementingBody",
    header: "实施主体 Implementing body",
    width: 24,
    get: (r) => r.guide.implementingBody,
    parse: text,
    path: "implementingBody",
  },
  {
    key: "legalBasis",
    header: "设定依据 Legal basis",
    width: 30,
    get: (r) => joinLines(r.guide.legalBasis),
    parse: list,
    path: "legalBasis",
  },
  {
    key: "conditions",
    header: "受理条件 Conditions",
    width: 30,
    get: (r) => joinLines(r.guide.conditions),
    parse: list,
    path: "conditions",
  },
  {
    key: "statutoryLimitDays",
    header: "法定时限 Statutory limit",
    width: 10,
    get: (r) => r.guide.statutoryLimitDays,
    parse: int,
    path: "statutoryLimitDays",
  },
  {
    key: "committedLimitDays",
    header: "承诺时限 Committed limit",
    width: 10,
    get: (r) => r.guide.committedLimitDays,
    parse: int,
    path: "committedLimitDays",
  },
  {
    key: "limitUnit",
    header: "时限单位 Limit unit",
    width: 10,
    get: (r) => r.guide.limitUnit,
    parse: oneOf(LIMIT_UNITS),
    path: "limitUnit",
  },
  {
    key: "feeCharged",
    header: "是否收费 Charged",
    width: 8,
    get: (r) => (r.guide.fee.charged ? "是" : "否"),
    parse: yesNo,
    path: "fee.charged",
  },
  { key: "feeAmount", header: "收费标准 Fee", width: 16, get: (r) => r.guide.fee.amount, parse: text, path: "fee.amount" },
  { key: "feeBasis", header: "收费依据 Fee basis", width: 16, get: (r) => r.guide.fee.basis, parse: text, path: "fee.basis" },
  { key: "steps", header: "办理流程 Steps", width: 20, get: (r) => joinLines(r.guide.steps), parse: list, path: "steps" },
  {
    key: "handlingForms",
    header: "办理形式 Handling forms",
    width: 14,
    get: (r) => r.guide.handlingForms.join("、"),
    parse: manyOf(HANDLING_FORMS),
    path: "handlingForms",
  },
  {
    key: "reviewStandard",
    header: "审查标准 Review standard",
    width: 30,
    get: (r) => joinLines(r.guide.reviewStandard),
    parse: list,
    path: "reviewStandard",
  },
  { key: "resultName", header: "结果名称 Result", width: 16, get: (r) => r.guide.resultName, parse: text, path: "resultName" },
  { key: "resultSample", header: "结果样本 Result sample", width: 20, get: (r) => r.guide.resultSample, parse: text, path: "resultSample" },
  {
    key: "minorGapsAllowed",
    header: "容缺受理 Minor gaps",
    width: 8,
    get: (r) => (r.guide.minorGaps.allowed ? "是" : "否"),
    parse: yesNo,
    path: "minorGaps.allowed",
  },
  {
    key: "minorGapsMaterials",
    header: "容缺材料 Materials that may follow",
    width: 20,
    get: (r) => joinLines(r.guide.minorGaps.materials),
    parse: list,
    path: "minorGaps.materials",
  },
  {
    key: "minorGapsDeadlineDays",
    header: "补交期限 Days to supply",
    width: 10,
    get: (r) => r.guide.minorGaps.deadlineDays,
    parse: int,
    path: "minorGaps.deadlineDays",
  },
  {
    key: "onlinePayment",
    header: "网上支付 Online payment",
    width: 8,
    get: (r) => yn(r.guide.onlinePayment),
    parse: yesNoBlank,
    path: "onlinePayment",
  },
  {
    key: "postalDelivery",
    header: "物流快递 Delivery by post",
    width: 8,
    get: (r) => yn(r.guide.postalDelivery),
    parse: yesNoBlank,
    path: "postalDelivery",
  },
  {
    key: "appointment",
    header: "需预约 Appointment",
    width: 8,
    get: (r) => yn(r.guide.appointment),
    parse: yesNoBlank,
    path: "appointment",
  },
  { key: "tongban", header: "通办范围 Tongban", width: 12, get: (r) => r.guide.tongban, parse: text, path: "tongban" },
  {
    key: "consultationPhone",
    header: "咨询电话 Phone",
    width: 14,
    get: (r) => r.guide.consultationPhone,
    parse: text,
    path: "consultationPhone",
  },
  {
    key: "complaintChannel",
    header: "投诉渠道 Complaints",
    width: 20,
    get: (r) => r.guide.complaintChannel,
    parse: text,
    path: "complaintChannel",
  },
  { key: "place", header: "办理地点 Place", width: 24, get: (r) => r.guide.place, parse: text, path: "place" },
  { key: "hours", header: "办理时间 Hours", width: 20, get: (r) => r.guide.hours, parse: text, path: "hours" },
  { key: "themes", header: "主题 Themes", width: 16, get: (r) => r.themes.join("、"), parse: (s) => ok(splitList(s)) },
  { key: "version", header: "版本 Version", width: 8, get: (r) => r.version },
  { key: "status", header: "状态 Status", width: 10, get: (r) => (r.status === "draft" ? "草稿" : "已发布") },
];

export type MaterialRow = { code: string; index: number; m: Material };
export const MATERIAL_COLUMNS: Column<MaterialRow>[] = [
  { key: "code", header: "事项编码 Code", width: 24, get: (r) => r.code, parse: (s) => ok(s) },
  { key: "index", header: "序号 No.", width: 6, get: (r) => r.index, parse: int },
  { key: "name", header: "材料名称 Name", width: 30, get: (r) => r.m.name, parse: text, path: "name" },
  { key: "form", header: "材料形式 Form", width: 12, get: (r) => r.m.form, parse: oneOf(MATERIAL_FORMS), path: "form" },
  { key: "copies", header: "份数 Copies", width: 6, get: (r) => r.m.copies, parse: (s) => (s ? int(s) : ok(1)), path: "copies" },
  { key: "required", header: "是否必需 Mandatory", width: 8, get: (r) => (r.m.required ? "是" : "否"), parse: yesNo, path: "required" },
  { key: "condition", header: "提交条件 Condition", width: 24, get: (r) => r.m.condition, parse: text, path: "condition" },
  { key: "note", header: "备注 Note", width: 24, get: (r) => r.m.note, parse: text, path: "note" },
  { key: "sampleText", header: "填写说明 Sample text", width: 30, get: (r) => r.m.sampleText, parse: text, path: "sampleText" },
];

function yn(v: boolean | null): string {
  return v === null ? "" : v ? "是" : "否";
}
