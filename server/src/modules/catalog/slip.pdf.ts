import { createRequire } from "node:module";
import pdfmake from "pdfmake";
import type { Content, TDocumentDefinitions } from "pdfmake/interfaces.js";
import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { publicVersions } from "./catalog.public.js";
import type { Guide } from "./catalog.schema.js";
import * as coverageRepo from "./coverage.repository.js";
import { guideOf, versionInForce } from "./guide.rules.js";

const require = createRequire(import.meta.url);
const REGULAR = require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf");
const BOLD = require.resolve("@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf");

let ready = false;
function init() {
  if (ready) return;
  pdfmake.addFonts({ NotoSansSC: { normal: REGULAR, bold: BOLD, italics: REGULAR, bolditalics: BOLD } });
  // Documents are built from our own data: no URL is ever fetched, only the two font files read.
  pdfmake.setUrlAccessPolicy(() => false);
  (pdfmake as unknown as { setLocalAccessPolicy(cb: (p: string) => boolean): void }).setLocalAccessPolicy(
    (p) => p === REGULAR || p === BOLD,
  );
  ready = true;
}

const limitText = (days: number | null, unit: string, onSpot = false) =>
  days === null ? "无" : days === 0 && onSpot ? "即办（当场办结）" : `${days} 个${unit}`;
const yesNo = (v: boolean | null) => (v === null ? "未说明" : v ? "是" : "否");

/** The document of a one-time notification slip (一次性告知单, P12/S13, K1). */
export function slipDocument(
  g: Guide,
  meta: { code: string; department: string; version: number; effectiveFrom: string; issuedOn: string; sites: string[]; assisted: string[] },
): TDocumentDefinitions {
  const h = (text: string): Content => ({ text, style: "h2", margin: [0, 10, 0, 4] });
  const bullets = (xs: string[]): Content => (xs.length ? { ul: xs, margin: [8, 0, 0, 0] } : { text: "无" });
  const body: Content[] = [];
  body.push({ text: "一次性告知单", style: "title" });
  body.push({ text: g.name, style: "h1" });
  body.push({
    table: {
      widths: [70, "*", 70, "*"],
      body: [
        ["事项编码", meta.code, "事项类型", g.type],
        ["实施部门", meta.department, "实施主体", g.implementingBody ?? meta.department],
        ["服务对象", g.target.join("、"), "办理结果", g.resultName ?? "无"],
      ],
    },
    layout: "lightHorizontalLines",
    fontSize: 9,
  });

  body.push(h("一、受理条件"));
  body.push(bullets(g.conditions));

  body.push(h("二、申请材料（以下为全部材料，窗口不会要求提交清单以外的材料）"));
  body.push({
    table: {
      headerRows: 1,
      widths: [18, "*", 52, 26, 90],
      body: [
        [
          { text: "序号", bold: true },
          { text: "材料名称", bold: true },
          { text: "形式", bold: true },
          { text: "份数", bold: true },
          { text: "是否必需", bold: true },
        ],
        ...g.materials.map((m, i) => [
          String(i + 1),
          {
            stack: [
              m.name,
              ...(m.note ? [{ text: `备注：${m.note}`, fontSize: 8, color: "#444" }] : []),
              ...(m.sampleText ? [{ text: `填写说明：${m.sampleText}`, fontSize: 8, color: "#444" }] : []),
              ...(m.sample ? [{ text: `样表：${m.sample.fileName}（可在网上下载或窗口领取）`, fontSize: 8, color: "#444" }] : []),
            ],
          },
          m.form,
          String(m.copies),
          m.required ? "必需" : `视情况：${m.condition ?? ""}`,
        ]),
      ],
    },
    layout: "lightHorizontalLines",
    fontSize: 9,
  });
  if (g.minorGaps.allowed) {
    body.push({
      text: `容缺受理：以下材料暂缺时可先受理，须在 ${g.minorGaps.deadlineDays ?? ""} 个工作日内补交：${g.minorGaps.materials.join("、")}`,
      margin: [0, 4, 0, 0],
    });
  }

  body.push(h("三、办理流程"));
  body.push({ ol: g.steps.length ? g.steps : ["无"], margin: [8, 0, 0, 0] });
  if (g.reviewStandard.length) {
    body.push(h("四、审查标准"));
    body.push(bullets(g.reviewStandard));
  }

  body.push(h(g.reviewStandard.length ? "五、办理地点、时间与时限" : "四、办理地点、时间与时限"));
  body.push({
    table: {
      widths: [90, "*"],
      body: [
        ["办理地点", g.place ?? (meta.sites.join("\n") || "请咨询")],
        ...(g.place && meta.sites.length > 0 ? [["可办理的场所", meta.sites.join("\n")]] : []),
        ...(meta.assisted.length > 0 ? [["帮办代办场所", meta.assisted.join("\n")]] : []),
        ["办理时间", g.hours ?? "请咨询"],
        ["办理形式", g.handlingForms.join("、")],
        ["法定办结时限", limitText(g.statutoryLimitDays, g.limitUnit)],
        ["承诺办结时限", limitText(g.committedLimitDays, g.limitUnit, true)],
        ["是否收费", g.fee.charged ? `收费：${g.fee.amount ?? ""}${g.fee.basis ? `（依据：${g.fee.basis}）` : ""}` : "不收费"],
        ["网上支付", yesNo(g.onlinePayment)],
        ["物流快递送达", yesNo(g.postalDelivery)],
        ["是否需要预约", yesNo(g.appointment)],
        ["通办范围", g.tongban ?? "无"],
        ["咨询电话", g.consultationPhone ?? "北京12345市民服务热线"],
        ["投诉渠道", g.complaintChannel ?? "北京12345市民服务热线"],
      ],
    },
    layout: "lightHorizontalLines",
    fontSize: 9,
  });
  if (g.legalBasis.length) {
    body.push(h("设定依据"));
    body.push({ ...(bullets(g.legalBasis) as object), fontSize: 8 } as Content);
  }
  body.push({
    text: `办事指南第 ${meta.version} 版，${meta.effectiveFrom} 起施行。告知日期：${meta.issuedOn}。对不予受理或不予批准的决定，申请人依法享有申请行政复议或提起行政诉讼的权利。`,
    style: "small",
    margin: [0, 14, 0, 0],
  });
  return {
    info: { title: `一次性告知单 ${g.name}`, subject: meta.code },
    pageSize: "A4",
    pageMargins: [40, 40, 40, 40],
    content: body,
    defaultStyle: { font: "NotoSansSC", fontSize: 10, lineHeight: 1.25 },
    styles: {
      title: { fontSize: 18, bold: true, alignment: "center", margin: [0, 0, 0, 4] },
      h1: { fontSize: 14, bold: true, alignment: "center", margin: [0, 0, 0, 8] },
      h2: { fontSize: 11, bold: true },
      small: { fontSize: 8, color: "#333" },
    },
    footer: (page: number, pages: number) => ({
      text: `第 ${page} 页 / 共 ${pages} 页`,
      alignment: "center",
      fontSize: 8,
      margin: [0, 10, 0, 0],
    }),
  };
}

/** The slip of the version in force (or of the version asked for), as PDF bytes. */
export async function slipPdf(ctx: Ctx, code: string, version?: number): Promise<{ name: string; data: Buffer }> {
  const { item, dept, published } = await publicVersions(ctx.db, code);
  const now = ctx.clock.now();
  const v = version ? published.find((x) => x.version === version) : versionInForce(published, now.toISOString());
  if (!v) throw notFound("Item version", "事项版本");
  const g = guideOf(v);
  const [assignments, sites] = await Promise.all([coverageRepo.assignmentsOfItems(ctx.db, [item.id]), coverageRepo.listSites(ctx.db)]);
  const siteById = new Map(sites.map((s) => [s.id, s]));
  // Where it is handled, and where one only gets help: a park station assists even if assigned to
  // "handle" (the coverage rule reports that as park_station_handles), so the slip never sends
  // anybody there to have the item handled.
  const place = (siteId: string) => {
    const s = siteById.get(siteId);
    return `${s?.name}（${s?.address}）`;
  };
  const active = assignments.filter((a) => siteById.get(a.site_id)?.active === 1);
  const assists = (a: (typeof active)[number]) => a.mode === "assist" || siteById.get(a.site_id)?.kind === "park_station";
  const handledAt = active.filter((a) => !assists(a)).map((a) => place(a.site_id));
  const assistedAt = active.filter(assists).map((a) => place(a.site_id));
  init();
  const doc = slipDocument(g, {
    code: item.code,
    department: dept.name,
    version: v.version,
    effectiveFrom: chinaLocal(new Date(v.effective_from as string)).date,
    issuedOn: chinaLocal(now).date,
    sites: handledAt,
    assisted: assistedAt,
  });
  const data: Buffer = await pdfmake.createPdf(doc).getBuffer();
  return { name: `一次性告知单-${g.name}.pdf`, data };
}
