import type { Executor, Row } from "../../db/schema.js";
import type { Clock } from "../../platform/clock.js";
import { enqueue, type MessageKind } from "../notifications/outbox.service.js";
import { bookingLink, icsPath, type Links, offerLink } from "./appointments.presenter.js";

type Appt = Pick<
  Row<"appointments">,
  "id" | "site_id" | "code" | "date" | "start" | "applicant_phone" | "applicant_email" | "hold_token" | "link_token"
>;
interface Names {
  siteName: string;
  serviceName: string;
}

/**
 * Texts sent to applicants. Every one is an outbox row written in the transaction of the change
 * it reports, so a message exists exactly when its change committed. Mail gets the same text.
 */
function text(
  kind: MessageKind,
  a: Appt,
  n: Names,
  l: Links,
  extra: { explanation?: string; oldTime?: string; ticketNumber?: string } = {},
) {
  const when = `${a.date} ${a.start}`;
  const where = `${n.siteName}“${n.serviceName}”`;
  switch (kind) {
    case "confirmation":
      return {
        subject: "预约成功 Appointment booked",
        body: `【政务服务】您已预约${where}，时间 ${when}，预约码 ${a.code}。请按时到场在自助终端或窗口签到；查询、取消或改约：${bookingLink(l, a.code, a.link_token)} 日历文件：${l.publicUrl}${icsPath(a.code)}`,
      };
    case "reminder_day":
      return { subject: "明日预约提醒 Reminder", body: `【政务服务】提醒：您预约了明天 ${when} 的${where}，预约码 ${a.code}。` };
    case "reminder_hour":
      return {
        subject: "预约即将开始 Starting soon",
        body: `【政务服务】您预约的${where}将于 ${when} 开始，请提前到场签到，预约码 ${a.code}。`,
      };
    case "cancelled":
      return { subject: "预约已取消 Cancelled", body: `【政务服务】您 ${when} 在${where}的预约（${a.code}）已取消。` };
    case "cancelled_by_site":
      return {
        subject: "预约无法如期办理 The site cancelled your appointment",
        body: `【政务服务】很抱歉，${where}无法在 ${when} 为您办理（预约码 ${a.code}）。原因：${extra.explanation ?? ""}。一键改约：${bookingLink(l, a.code, a.link_token)}`,
      };
    case "moved_by_site":
      return {
        subject: "预约时间已调整 The site moved your appointment",
        body: `【政务服务】很抱歉，${where}原定 ${extra.oldTime ?? ""} 的预约已调整为 ${when}，新预约码 ${a.code}。原因：${extra.explanation ?? ""}。如新时间不便，一键改约：${bookingLink(l, a.code, a.link_token)}`,
      };
    case "waitlist_offer":
      return {
        subject: "候补名额 A place is free",
        body: `【政务服务】您候补的${where} ${when} 有空余名额，已为您保留，请尽快确认：${offerLink(l, a.hold_token ?? "")}`,
      };
    case "called_soon":
      return {
        subject: "即将叫号 Your turn is near",
        body: `【政务服务】您在${n.siteName}的${extra.ticketNumber ?? ""}号即将叫号，请留意大厅叫号屏。`,
      };
    default:
      return { subject: kind, body: `【政务服务】${where} ${when}` };
  }
}

export async function notifyApplicant(
  tx: Executor,
  clock: Clock,
  l: Links,
  kind: MessageKind,
  a: Appt,
  n: Names,
  extra?: { explanation?: string; oldTime?: string; ticketNumber?: string },
): Promise<void> {
  const t = text(kind, a, n, l, extra);
  if (a.applicant_phone) {
    await enqueue(tx, clock, { siteId: a.site_id, appointmentId: a.id, channel: "sms", recipient: a.applicant_phone, kind, ...t });
  }
  if (a.applicant_email) {
    await enqueue(tx, clock, { siteId: a.site_id, appointmentId: a.id, channel: "email", recipient: a.applicant_email, kind, ...t });
  }
}
