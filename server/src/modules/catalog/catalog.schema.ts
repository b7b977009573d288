import { z } from "zod";

/** Kinds of item named by the national and Beijing item lists. */
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

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => text(max).nullable();
const days = z.number().int().min(0).max(3650);
const instant = z.iso.datetime({ offset: true });

export const Material = z.object({
  name: text(100),
  form: z.enum(MATERIAL_FORMS),
  copies: z.number().int().min(0).max(99),
  required: z.boolean(),
  condition: optText(200).describe("When a conditional material is needed (required = false)"),
  note: optText(300),
});

export const Guide = z.object({
  name: text(100),
  type: z.enum(ITEM_TYPES),
  target: z.array(z.enum(TARGETS)).min(1).max(2),
  legalBasis: z.array(text(300)).max(50),
  conditions: z.array(text(500)).max(50),
  materials: z.array(Material).max(100),
  statutoryLimitDays: days.nullable().describe("null: the law sets no limit"),
  committedLimitDays: days.nullable().describe("0 = on the spot (即办); null: no single committed limit"),
  limitUnit: z.enum(LIMIT_UNITS),
  fee: z.object({ charged: z.boolean(), amount: optText(200), basis: optText(300) }),
  steps: z.array(text(200)).max(50),
  handlingForms: z.array(z.enum(HANDLING_FORMS)).min(1).max(3),
  resultName: optText(100),
  appointment: z.boolean().nullable().describe("true: appointment needed; null: not stated"),
  tongban: optText(100).describe("通办 scope, e.g. 全区通办"),
  consultationPhone: optText(40),
  complaintChannel: optText(200),
  place: optText(200),
  hours: optText(200),
});
export type Guide = z.infer<typeof Guide>;

export const ItemCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, "事项编码只能用字母、数字和连字符 / code: letters, digits, hyphens");

export const ItemInput = z.object({ code: ItemCode, departmentId: z.string().uuid(), guide: Guide });
export const DraftInput = z.object({ guide: Guide });
export const PublishInput = z.object({
  effectiveFrom: instant.optional().describe("Default: now"),
  changeNote: text(500).describe("What changed, in plain language / 变更说明"),
});

export const ItemParams = z.object({ itemId: z.string().uuid() });
export const CodeParams = z.object({ code: ItemCode });
export const VersionParams = z.object({ code: ItemCode, version: z.coerce.number().int().min(1).max(100000) });
export const SearchQuery = z.object({
  q: z.string().trim().max(50).optional(),
  department: z.string().uuid().optional(),
});

export const Department = z.object({ id: z.string(), name: z.string() });

export const VersionSummary = z.object({
  version: z.number(),
  status: z.enum(["draft", "published"]),
  effectiveFrom: z.string().nullable(),
  publishedAt: z.string().nullable(),
  changeNote: z.string().nullable(),
});

/** Staff view: the item with its latest version, draft or not. */
export const Item = z.object({
  id: z.string(),
  code: z.string(),
  department: Department,
  latest: VersionSummary.extend({ guide: Guide }),
  /** The version the public sees now, if any. */
  inForceVersion: z.number().nullable(),
});
export type Item = z.infer<typeof Item>;

/** Public view of one version of an item's guide. */
export const PublicItem = z.object({
  code: z.string(),
  department: Department,
  version: z.number(),
  effectiveFrom: z.string(),
  inForce: z.boolean(),
  changeNote: z.string().nullable(),
  guide: Guide,
});
export type PublicItem = z.infer<typeof PublicItem>;

export const PublicItemSummary = z.object({
  code: z.string(),
  name: z.string(),
  department: Department,
  type: z.enum(ITEM_TYPES),
  target: z.array(z.enum(TARGETS)),
  resultName: z.string().nullable(),
  committedLimitDays: z.number().nullable(),
  limitUnit: z.enum(LIMIT_UNITS),
});

export const ItemChange = z.object({ version: z.number(), effectiveFrom: z.string(), changeNote: z.string().nullable() });
