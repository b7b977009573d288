import type { Row } from "../../db/schema.js";
import { maskIdNumber, maskName, maskPhone } from "../../platform/privacy.js";
import type { Appointment, PublicAppointment } from "./appointments.schema.js";

export interface Links {
  publicUrl: string;
}

const hhmmOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(11, 16);

/** The holder's link in messages: the booking code and its link secret open it without the mobile number. */
export const bookingLink = (l: Links, code: string, token?: string | null) =>
  `${l.publicUrl}/portal/booking/my?code=${code}${token ? `&t=${token}` : ""}`;
export const offerLink = (l: Links, token: string) => `${l.publicUrl}/portal/booking/offer?token=${token}`;
export const icsPath = (code: string) => `/api/public/appointments/by-code/${code}/calendar.ics`;

/** What the holder and public pages see: names, phones and ID numbers masked. */
export function presentPublic(
  a: Row<"appointments">,
  service: Pick<Row<"appointment_services">, "name" | "cancel_cutoff_hours">,
  site: Pick<Row<"sites">, "name" | "address" | "phone">,
  now: Date,
  rebooked: boolean,
): PublicAppointment {
  return {
    code: a.code,
    state: a.state,
    siteName: site.name,
    siteAddress: site.address,
    sitePhone: site.phone,
    serviceId: a.service_id,
    serviceName: service.name,
    date: a.date,
    start: a.start,
    end: hhmmOf(a.ends_at),
    startsAt: a.starts_at,
    applicantName: maskName(a.applicant_name ?? ""),
    applicantPhone: maskPhone(a.applicant_phone ?? ""),
    applicantIdNumber: maskIdNumber(a.applicant_id_number ?? ""),
    cancelReason: a.cancel_reason,
    canCancel: a.state === "booked" && Date.parse(a.starts_at) - now.getTime() >= service.cancel_cutoff_hours * 3_600_000,
    canRebook: a.state === "cancelled_by_site" && !rebooked,
    icsUrl: icsPath(a.code),
    linkToken: a.link_token,
  };
}

/** What staff lists show: masked too (full data only where staff act on it: check-in issues the ticket with it). */
export function presentStaff(a: Row<"appointments">, serviceName: string): Appointment {
  return {
    id: a.id,
    code: a.code,
    siteId: a.site_id,
    serviceId: a.service_id,
    serviceName,
    date: a.date,
    start: a.start,
    startsAt: a.starts_at,
    state: a.state,
    channel: a.channel,
    applicantName: maskName(a.applicant_name ?? ""),
    applicantPhone: maskPhone(a.applicant_phone ?? ""),
    applicantIdNumber: maskIdNumber(a.applicant_id_number ?? ""),
    bookedAt: a.booked_at,
    checkedInAt: a.checked_in_at,
    ticketId: a.ticket_id,
    cancelReason: a.cancel_reason,
  };
}
