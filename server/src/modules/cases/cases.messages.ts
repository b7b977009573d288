import type { Executor } from "../../db/schema.js";
import type { Clock } from "../../platform/clock.js";
import { enqueue } from "../notifications/outbox.service.js";
import type { CaseRow } from "./cases.repository.js";

/**
 * The SMS the applicant gets at each step (issue 12 rule 9), queued in the step's transaction
 * through the outbox. Number, item and dates only: never the ID number.
 */
export type CaseMessage =
  | { kind: "received" }
  | { kind: "correction"; missing: string[]; due: string }
  | { kind: "accepted"; due: string | null; provisional: boolean }
  | { kind: "refused" }
  | { kind: "forwarded" }
  | { kind: "paused"; reason: string; days: number }
  | { kind: "resumed"; due: string | null }
  | { kind: "decided"; granted: boolean }
  | { kind: "ready"; siteName: string }
  | { kind: "delivered" }
  | { kind: "closed"; why: string }
  | { kind: "due_changed"; due: string; provisional: boolean };

function bodyOf(c: CaseRow, m: CaseMessage, progressUrl: string): string {
  const head = `【政务服务】您申请的“${c.item_name}”（办件编号 ${c.number}）`;
  const tail = `进度查询：${progressUrl}（查询码 ${c.query_code}）`;
  switch (m.kind) {
    case "received":
      return `${head}材料已收到，我们将在五个工作日内告知是否受理。${tail}`;
    case "correction":
      return `${head}需补正以下材料：${m.missing.join("、")}。请于 ${m.due} 前补正（仅此一次告知）。${tail}`;
    case "accepted":
      return `${head}已受理，承诺办结日期 ${m.due ?? "以通知书为准"}${m.provisional ? "（暂定）" : ""}。${tail}`;
    case "refused":
      return `${head}不予受理，决定书载明理由及复议、诉讼权利，请到窗口领取或查收。${tail}`;
    case "forwarded":
      return `${head}已转报区级部门办理，后续进展将继续通知您。${tail}`;
    case "paused":
      return `${head}依法进入${m.reason}程序，预计 ${m.days} 日，期间不计入办理时限。${tail}`;
    case "resumed":
      return `${head}特别程序已结束，恢复办理，办结日期 ${m.due ?? "以通知为准"}。${tail}`;
    case "decided":
      return `${head}已作出${m.granted ? "准予" : "不予许可"}决定。${tail}`;
    case "ready":
      return `${head}已办结，请携带身份证件到${m.siteName}出件窗口领取。${tail}`;
    case "delivered":
      return `${head}办理结果已送达，感谢您的配合。`;
    case "closed":
      return `${head}${m.why}。${tail}`;
    case "due_changed":
      return `${head}办结日期核定为 ${m.due}${m.provisional ? "（暂定）" : ""}。${tail}`;
  }
}

export async function tellApplicant(tx: Executor, clock: Clock, c: CaseRow, m: CaseMessage, publicUrl: string): Promise<void> {
  const progressUrl = `${publicUrl.replace(/\/$/, "")}/portal/cases`;
  await enqueue(tx, clock, {
    siteId: c.site_id,
    channel: "sms",
    recipient: c.applicant_phone,
    kind: "case_progress",
    subject: c.number,
    body: bodyOf(c, m, progressUrl),
  });
}
