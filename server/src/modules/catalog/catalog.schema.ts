import { z } from "zod";
import { SITE_KINDS } from "../org/org.schema.js";

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

/** A downloadable sample or blank form (样表/空白表格); uploaded with uploadMaterialSample. */
export const SampleFile = z.object({
  fileId: z.string().uuid(),
  fileName: z.string().max(200),
  contentType: z.string().max(100),
  size: z.number().int().min(0),
});

export const Material = z.object({
  name: text(100),
  form: z.enum(MATERIAL_FORMS),
  copies: z.number().int().min(0).max(99),
  required: z.boolean(),
  condition: optText(200).describe("When a conditional material is needed (required = false)"),
  note: optText(300),
  sampleText: optText(2000).default(null).describe("样本/填写说明: how to fill it in, in plain words"),
  sample: SampleFile.nullable().default(null).describe("set by uploadMaterialSample; kept when the draft is edited"),
});
export type Material = z.infer<typeof Material>;

/** 容缺受理: accepted although minor materials are missing, supplied later within a deadline. */
export const MinorGaps = z.object({
  allowed: z.boolean(),
  materials: z.array(text(100)).max(50).describe("names of the guide's materials that may be supplied later"),
  deadlineDays: days.nullable().describe("working days to supply them"),
});

/**
 * The guide (办事指南) with the elements of Beijing's 2020 standard. Elements added after the
 * first release default when absent, so versions published before them still read.
 */
export const Guide = z.object({
  name: text(100),
  type: z.enum(ITEM_TYPES),
  target: z.array(z.enum(TARGETS)).min(1).max(2),
  implementingBody: optText(100).default(null).describe("实施主体"),
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
  resultSample: optText(500).default(null).describe("结果样本: what the result looks like"),
  minorGaps: MinorGaps.default({ allowed: false, materials: [], deadlineDays: null }),
  reviewStandard: z.array(text(500)).max(50).default([]).describe("审查标准"),
  onlinePayment: z.boolean().nullable().default(null).describe("网上支付; null: not stated"),
  postalDelivery: z.boolean().nullable().default(null).describe("物流快递送达; null: not stated"),
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
export const AUDIENCES = ["individual", "enterprise"] as const;
export const SearchQuery = z.object({
  q: z.string().trim().max(50).optional(),
  department: z.string().uuid().optional(),
  theme: z.string().max(40).optional().describe("theme code"),
  audience: z.enum(AUDIENCES).optional().describe("individual = 个人, enterprise = 法人"),
  site: z.string().max(40).optional().describe("site code: items handled or assisted there"),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const Department = z.object({ id: z.string(), name: z.string() });

export const Theme = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  audience: z.enum(AUDIENCES),
});
export const PublicTheme = Theme.extend({ itemCount: z.number().describe("items in force with this theme") });
export const ThemesInput = z.object({ themes: z.array(z.string().max(40)).max(20).describe("theme codes") });

export const ASSIGNMENT_MODES = ["handle", "assist"] as const;
/** Where an item is handled (handle) or only assisted (assist: park stations' 帮办代办). */
export const ItemSite = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(SITE_KINDS),
  mode: z.enum(ASSIGNMENT_MODES),
  address: z.string(),
  phone: z.string().nullable(),
});

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
  themes: z.array(Theme),
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
  themes: z.array(Theme).describe("the item's themes today"),
  sites: z.array(ItemSite).describe("where the item is handled or assisted today"),
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
  themes: z.array(z.string()).describe("theme codes"),
});

export const ItemChange = z.object({ version: z.number(), effectiveFrom: z.string(), changeNote: z.string().nullable() });
