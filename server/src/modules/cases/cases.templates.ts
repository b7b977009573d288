import { canRecord } from "../../platform/auth/access.js";
import { findDocument } from "../../platform/documents/documents.service.js";
import { a4, defineTemplate, type IssueMeta, type Template } from "../../platform/documents/templates.js";
import { defineFilePolicy } from "../../platform/files/files.service.js";
import { defineNumberKind, formatDocumentNumber } from "../../platform/numbering/numbering.js";
import * as repo from "./cases.repository.js";

/** The PDFs of a case's notices: read by whoever may read the case (its site, its department, its handler, the district). */
export const CASE_FILES = defineFilePolicy({
  name: "case.document",
  public: false,
  async canRead(ctx, file) {
    if (!ctx.principal || !file.ownerRef) return false;
    const doc = await findDocument(ctx.db, file.ownerRef);
    const c = doc?.subject.type === "case" ? await repo.findCase(ctx.db, doc.subject.id) : undefined;
    return !!c && canRecord(ctx.principal, "case.read", { siteId: c.site_id, departmentId: c.department_id, handlerId: c.handler_id });
  },
});

/** What every notice of a case shows about it. */
export interface CaseHead {
  caseNumber: string;
  siteName: string;
  departmentName: string;
  itemName: string;
  applicantName: string;
  receivedOn: string;
}

export interface Rights {
  /** 行政复议机关, e.g. 北京市海淀区人民政府 (configurable per district) */
  reconsiderationBody: string;
  /** 人民法院 (default: the competent people's court) */
  court: string;
}

type Node = Record<string, unknown> | string;

const head = (h: CaseHead): Node => ({
  table: {
    widths: [80, "*"],
    body: [
      ["办件编号", h.caseNumber],
      ["申请事项", h.itemName],
      ["申请人", h.applicantName],
      ["收件日期", h.receivedOn],
      ["收件单位", h.siteName],
      ["实施部门", h.departmentName],
    ],
  },
  layout: "lightHorizontalLines",
  fontSize: 10,
  margin: [0, 0, 0, 10],
});

const para = (text: string): Node => ({ text, margin: [0, 4, 0, 4], lineHeight: 1.4 });
const footer = (h: CaseHead, meta: IssueMeta): Node[] => [
  { text: h.siteName, alignment: "right", margin: [0, 24, 0, 0] },
  {
    text: `${meta.issuedOn.slice(0, 4)}年${Number(meta.issuedOn.slice(5, 7))}月${Number(meta.issuedOn.slice(8, 10))}日`,
    alignment: "right",
  },
];

/** 复议和诉讼权利告知 (P12, K3; 行政复议法 art. 20, 行政诉讼法 art. 46). */
export const rightsText = (r: Rights) =>
  `申请人如不服本决定，可以自收到本决定书之日起六十日内向${r.reconsiderationBody}申请行政复议，或者自收到本决定书之日起六个月内依法向${r.court}提起行政诉讼。`;

function doc<T extends { head: CaseHead }>(
  kind: string,
  short: string,
  title: string,
  body: (d: T, meta: IssueMeta) => Node[],
): Template<T> {
  return defineTemplate<T>({
    kind,
    numbers: defineNumberKind(`doc.${kind}`, "year"),
    number: (n, o) => formatDocumentNumber(n, { agency: `${o.agency}${short}`, year: o.year }),
    files: CASE_FILES,
    title: () => title,
    build: (d, meta) =>
      a4({
        title,
        subject: d.head.caseNumber,
        content: [
          { text: title, style: "title" },
          { text: meta.number, style: "number" },
          head(d.head),
          ...body(d, meta),
          ...footer(d.head, meta),
        ],
      }),
  });
}

const list = (xs: string[]): Node => (xs.length > 0 ? { ol: xs, margin: [12, 2, 0, 6] } : para("无"));

export interface ReceiptData {
  head: CaseHead;
  received: string[];
  queryCode: string;
}
export const RECEIPT = doc<ReceiptData>("case.receipt", "收", "收件凭证", (d) => [
  para("已收到您提交的下列申请材料："),
  list(d.received),
  para(
    "本凭证仅证明已收到上述材料，不代表已受理。本机关将在五个工作日内作出受理或者不予受理的决定；材料不齐全或者不符合法定形式的，将一次性告知需要补正的全部内容。逾期不告知的，自收到申请材料之日起即为受理。",
  ),
  para(`查询码：${d.queryCode}（凭办件编号和查询码可在网上查询办理进度）`),
]);

export interface CorrectionData {
  head: CaseHead;
  missing: { name: string; problem: string }[];
  dueDate: string;
  note: string | null;
}
export const CORRECTION = doc<CorrectionData>("case.correction_notice", "补", "补正告知书", (d) => [
  para(`${d.head.applicantName}：`),
  para(`您申请的“${d.head.itemName}”，经审查，申请材料不齐全或者不符合法定形式。现一次性告知您需要补正的全部内容如下：`),
  {
    table: {
      widths: [20, "*", 150],
      headerRows: 1,
      body: [
        ["序号", "材料名称", "补正要求"].map((text) => ({ text, bold: true })),
        ...d.missing.map((m, i) => [String(i + 1), m.name, m.problem]),
      ],
    },
    layout: "lightHorizontalLines",
    fontSize: 10,
  },
  ...(d.note ? [para(`说明：${d.note}`)] : []),
  para(`请于 ${d.dueDate} 前补正上述全部材料。补正时只审查上述材料，不再要求其他材料。逾期未补正的，视为放弃申请，材料予以退回。`),
]);

export interface AcceptanceData {
  head: CaseHead;
  acceptedOn: string;
  committedDays: number;
  unit: string;
  dueDate: string;
  provisional: boolean;
  statutoryDays: number | null;
  queryCode: string;
  deemed: boolean;
}
export const ACCEPTANCE = doc<AcceptanceData>("case.acceptance_notice", "受", "受理通知书", (d) => [
  para(`${d.head.applicantName}：`),
  para(
    d.deemed
      ? `您于 ${d.head.receivedOn} 提交的“${d.head.itemName}”申请，本机关未在五个工作日内告知补正或者作出受理决定，依照《中华人民共和国行政许可法》第三十二条，自收到申请材料之日起即为受理。`
      : `您于 ${d.head.receivedOn} 提交的“${d.head.itemName}”申请，申请材料齐全、符合法定形式，本机关决定予以受理。受理日期：${d.acceptedOn}。`,
  ),
  para(
    d.committedDays === 0
      ? `本事项为即办件，承诺于 ${d.dueDate} 当日办结。`
      : `本事项承诺办结时限为 ${d.committedDays} 个${d.unit}，承诺办结日期为 ${d.dueDate}${d.provisional ? "（暂定：所跨年度节假日安排公布后重新核定并告知您）" : ""}。依法需要听证、检验、检测、检疫、鉴定、专家评审的，所需时间不计入时限，届时另行书面告知。`,
  ),
  ...(d.statutoryDays !== null ? [para(`法定办结时限：${d.statutoryDays} 个${d.unit}。`)] : []),
  para(`查询码：${d.queryCode}（凭办件编号和查询码可在网上查询办理进度）`),
]);

/** 不予受理决定书 and 不予许可决定书: the same shape, reasons and the appeal rights. */
export interface DecisionData {
  head: CaseHead;
  reasons: string;
  rights: Rights;
}
const decision = (kind: string, short: string, title: string, verb: string) =>
  doc<DecisionData>(kind, short, title, (d) => [
    para(`${d.head.applicantName}：`),
    para(`您申请的“${d.head.itemName}”，经审查，本机关决定${verb}。理由如下：`),
    para(d.reasons),
    para(rightsText(d.rights)),
  ]);
export const REFUSAL = decision("case.refusal_decision", "不受", "不予受理决定书", "不予受理");
export const DENIAL = decision("case.denial_decision", "不许", "不予许可决定书", "不予许可");

export interface PauseData {
  head: CaseHead;
  reasonCode: string;
  reason: string;
  expectedDays: number;
  unit: string;
  from: string;
}
export const PAUSE = doc<PauseData>("case.pause_notice", "特", "特别程序告知书", (d) => [
  para(`${d.head.applicantName}：`),
  para(
    `您申请的“${d.head.itemName}”，依法需要进行${d.reasonCode}（${d.reason}），自 ${d.from} 起启动特别程序，预计需要 ${d.expectedDays} 个${d.unit}。`,
  ),
  para(
    "依照《中华人民共和国行政许可法》第四十五条，特别程序所需时间不计入办理时限。特别程序结束后，本机关将告知您恢复办理及新的办结日期。",
  ),
]);

export interface DeliveryData {
  head: CaseHead;
  resultName: string;
  resultNumber: string | null;
  method: "pickup" | "post";
  collectedBy: string | null;
  trackingNumber: string | null;
  deliveredOn: string;
}
export const DELIVERY = doc<DeliveryData>("case.delivery_receipt", "送", "送达回证", (d) => [
  {
    table: {
      widths: [80, "*"],
      body: [
        ["送达文书", `${d.resultName}${d.resultNumber ? `（${d.resultNumber}）` : ""}`],
        ["送达方式", d.method === "pickup" ? "窗口领取（已核验身份证件）" : "邮寄送达"],
        [d.method === "pickup" ? "受送达人签收" : "邮件号", d.method === "pickup" ? (d.collectedBy ?? "") : (d.trackingNumber ?? "")],
        ["送达日期", d.deliveredOn],
      ],
    },
    layout: "lightHorizontalLines",
    fontSize: 10,
  },
  para("受送达人（签名）：______________"),
]);
