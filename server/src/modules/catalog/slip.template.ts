import { a4, defineTemplate, type IssueMeta } from "../../platform/documents/templates.js";
import { defineFilePolicy } from "../../platform/files/files.service.js";
import { defineNumberKind, formatDocumentNumber } from "../../platform/numbering/numbering.js";
import type { Guide } from "./catalog.schema.js";

/** What a slip says besides the guide: where the item is handled and which version it is. */
export interface SlipMeta {
  code: string;
  department: string;
  version: number;
  effectiveFrom: string;
  sites: string[];
  assisted: string[];
}

export interface SlipData {
  guide: Guide;
  meta: SlipMeta;
}

type Node = Record<string, unknown> | string;

const limitText = (days: number | null, unit: string, onSpot = false) =>
  days === null ? "无" : days === 0 && onSpot ? "即办（当场办结）" : `${days} 个${unit}`;
const yesNo = (v: boolean | null) => (v === null ? "未说明" : v ? "是" : "否");
const h = (text: string): Node => ({ text, style: "h2", margin: [0, 10, 0, 4] });
const bullets = (xs: string[]): Node => (xs.length ? { ul: xs, margin: [8, 0, 0, 0] } : { text: "无" });
const table = (widths: unknown[], body: unknown[][], headerRows = 0): Node => ({
  table: { widths, body, headerRows },
  layout: "lightHorizontalLines",
  fontSize: 9,
});

function overview(g: Guide, m: SlipMeta): Node {
  return table(
    [70, "*", 70, "*"],
    [
      ["事项编码", m.code, "事项类型", g.type],
      ["实施部门", m.department, "实施主体", g.implementingBody ?? m.department],
      ["服务对象", g.target.join("、"), "办理结果", g.resultName ?? "无"],
    ],
  );
}

function materialCell(x: Guide["materials"][number]): Node {
  const note = (text: string): Node => ({ text, fontSize: 8, color: "#444" });
  const lines: Node[] = [x.name];
  if (x.note) lines.push(note(`备注：${x.note}`));
  if (x.sampleText) lines.push(note(`填写说明：${x.sampleText}`));
  if (x.sample) lines.push(note(`样表：${x.sample.fileName}（可在网上下载或窗口领取）`));
  return { stack: lines };
}

function materials(g: Guide): Node[] {
  const head = ["序号", "材料名称", "形式", "份数", "是否必需"].map((text) => ({ text, bold: true }));
  const rows = g.materials.map((x, i) => [
    String(i + 1),
    materialCell(x),
    x.form,
    String(x.copies),
    x.required ? "必需" : `视情况：${x.condition ?? ""}`,
  ]);
  const out: Node[] = [
    h("二、申请材料（以下为全部材料，窗口不会要求提交清单以外的材料）"),
    table([18, "*", 52, 26, 90], [head, ...rows], 1),
  ];
  if (g.minorGaps.allowed) {
    out.push({
      text: `容缺受理：以下材料暂缺时可先受理，须在 ${g.minorGaps.deadlineDays ?? ""} 个工作日内补交：${g.minorGaps.materials.join("、")}`,
      margin: [0, 4, 0, 0],
    });
  }
  return out;
}

function fee(g: Guide): string {
  if (!g.fee.charged) return "不收费";
  return `收费：${g.fee.amount ?? ""}${g.fee.basis ? `（依据：${g.fee.basis}）` : ""}`;
}

function where(g: Guide, m: SlipMeta): string[][] {
  const rows = [["办理地点", g.place ?? (m.sites.join("\n") || "请咨询")]];
  if (g.place && m.sites.length > 0) rows.push(["可办理的场所", m.sites.join("\n")]);
  if (m.assisted.length > 0) rows.push(["帮办代办场所", m.assisted.join("\n")]);
  return rows;
}

function practical(g: Guide, m: SlipMeta): Node {
  return table(
    [90, "*"],
    [
      ...where(g, m),
      ["办理时间", g.hours ?? "请咨询"],
      ["办理形式", g.handlingForms.join("、")],
      ["法定办结时限", limitText(g.statutoryLimitDays, g.limitUnit)],
      ["承诺办结时限", limitText(g.committedLimitDays, g.limitUnit, true)],
      ["是否收费", fee(g)],
      ["网上支付", yesNo(g.onlinePayment)],
      ["物流快递送达", yesNo(g.postalDelivery)],
      ["是否需要预约", yesNo(g.appointment)],
      ["通办范围", g.tongban ?? "无"],
      ["咨询电话", g.consultationPhone ?? "北京12345市民服务热线"],
      ["投诉渠道", g.complaintChannel ?? "北京12345市民服务热线"],
    ],
  );
}

/** The body of a one-time notification slip (一次性告知单, P12/S13, K1). */
export function slipContent(g: Guide, m: SlipMeta, issue: IssueMeta): Node[] {
  const review = g.reviewStandard.length > 0;
  const body: Node[] = [
    { text: "一次性告知单", style: "title" },
    { text: issue.number, style: "number" },
    { text: g.name, style: "h1" },
    overview(g, m),
    h("一、受理条件"),
    bullets(g.conditions),
    ...materials(g),
    h("三、办理流程"),
    { ol: g.steps.length ? g.steps : ["无"], margin: [8, 0, 0, 0] },
  ];
  if (review) body.push(h("四、审查标准"), bullets(g.reviewStandard));
  body.push(h(review ? "五、办理地点、时间与时限" : "四、办理地点、时间与时限"), practical(g, m));
  if (g.legalBasis.length) body.push(h("设定依据"), { ...(bullets(g.legalBasis) as object), fontSize: 8 });
  body.push({
    text: `办事指南第 ${m.version} 版，${m.effectiveFrom} 起施行。告知日期：${issue.issuedOn}。对不予受理或不予批准的决定，申请人依法享有申请行政复议或提起行政诉讼的权利。`,
    style: "small",
    margin: [0, 14, 0, 0],
  });
  return body;
}

/** Slips are public, like the guides they are made from. */
export const SLIP_FILES = defineFilePolicy({ name: "catalog.slip", public: true, canRead: () => true });

/**
 * The slip as a document: one per published version and content (a change of where the item is
 * handled gives a new slip that supersedes the old), numbered per year across the district.
 */
export const SLIP = defineTemplate<SlipData>({
  kind: "catalog.slip",
  numbers: defineNumberKind("doc.catalog.slip", "year"),
  number: (n, o) => formatDocumentNumber(n, { agency: o.agency, year: o.year }),
  files: SLIP_FILES,
  title: (d) => `一次性告知单-${d.guide.name}`,
  build: (d, issue) => a4({ title: `一次性告知单 ${d.guide.name}`, subject: d.meta.code, content: slipContent(d.guide, d.meta, issue) }),
});

/** The agency short name in slip numbers: 海淀一次性告知〔2026〕第000001号. */
export const SLIP_AGENCY = "海淀一次性告知";
