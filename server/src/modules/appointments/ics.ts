import { createEvent, type DateArray } from "ics";
import type { Ctx } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import * as orgApi from "../org/org.api.js";
import { bookingLink, type Links } from "./appointments.presenter.js";
import * as repo from "./appointments.repository.js";

const utcArray = (iso: string): DateArray => {
  const d = new Date(iso);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
};

/** An .ics file for a booked appointment (by its code, like the live-ticket page): no personal data in it. */
export async function appointmentIcs(ctx: Ctx, links: Links, code: string): Promise<string> {
  const a = await repo.findByCode(ctx.db, code.toUpperCase());
  if (!a || !["booked", "checked_in"].includes(a.state)) throw notFound("Appointment", "该预约");
  const [s, site] = await Promise.all([repo.findService(ctx.db, a.service_id), orgApi.findSite(ctx.db, a.site_id)]);
  const { error, value } = createEvent({
    uid: `${a.id}@govhall`,
    start: utcArray(a.starts_at),
    startInputType: "utc",
    startOutputType: "utc",
    end: utcArray(a.ends_at),
    endInputType: "utc",
    endOutputType: "utc",
    title: `预约：${s?.name ?? ""}（${site?.name ?? ""}）`,
    location: site ? `${site.name} ${site.address}` : undefined,
    description: `预约码 ${a.code}。请携带身份证件按时到场，在自助终端或窗口签到。`,
    url: bookingLink(links, a.code),
    alarms: [{ action: "display", description: "预约提醒", trigger: { hours: 1, before: true } }],
    productId: "govhall",
  });
  if (error || !value) throw error ?? new Error("ics");
  return value;
}
