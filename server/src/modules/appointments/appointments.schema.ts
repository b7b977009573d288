import { z } from "zod";

import { isoDate as date, hhmm, idNumber, mobile, patchOf } from "../../platform/validation.js";

const name = z.string().trim().min(1).max(40);
const reason = z.string().trim().min(4, "请写明理由（至少4个字）/ give a reason (4+ characters)").max(500);

export const ServiceInput = z.object({
  queueId: z.string().uuid().describe("the queue the check-in ticket joins"),
  itemId: z.string().uuid().nullish().describe("a catalog item, when the service books one item rather than a whole queue"),
  name: z.string().trim().min(1).max(60).nullish().describe("defaults to the queue's name"),
  slotMinutes: z.number().int().min(5).max(240).default(30),
  capacity: z.number().int().min(0).max(500).default(4).describe("places per slot"),
  earliestHours: z.number().int().min(0).max(720).default(1).describe("booking closes this many hours before a slot"),
  latestDays: z.number().int().min(0).max(90).default(14).describe("slots open this many days ahead"),
  cancelCutoffHours: z.number().int().min(0).max(720).default(2).describe("the applicant may cancel or move until this many hours before"),
  perPhoneLimit: z.number().int().min(1).max(20).default(3).describe("open bookings per mobile number at this site"),
  perIdLimit: z.number().int().min(1).max(20).default(2).describe("open bookings per ID number at this site"),
  lateGraceMin: z.number().int().min(0).max(120).default(15).describe("a check-in this many minutes after the slot began is still on time"),
  holdMinutes: z.number().int().min(1).max(30).default(5).describe("a place is held this long while the applicant completes the booking"),
  noShowLimit: z.number().int().min(1).max(20).default(3).describe("N no-shows …"),
  noShowWindowDays: z.number().int().min(1).max(365).default(90).describe("… within M days …"),
  noShowBlockDays: z.number().int().min(1).max(365).default(30).describe("… block booking for K days"),
  active: z.boolean().default(true),
});
export const ServicePatch = patchOf(ServiceInput.partial());

export const Service = z.object({
  id: z.string(),
  siteId: z.string(),
  queueId: z.string(),
  itemId: z.string().nullable(),
  name: z.string(),
  slotMinutes: z.number(),
  capacity: z.number(),
  earliestHours: z.number(),
  latestDays: z.number(),
  cancelCutoffHours: z.number(),
  perPhoneLimit: z.number(),
  perIdLimit: z.number(),
  lateGraceMin: z.number(),
  holdMinutes: z.number(),
  noShowLimit: z.number(),
  noShowWindowDays: z.number(),
  noShowBlockDays: z.number(),
  active: z.boolean(),
});
export type Service = z.infer<typeof Service>;

export const CapacityDayInput = z.object({
  capacity: z.number().int().min(0).max(500).describe("places per slot that day; 0 closes the day for booking"),
  note: z.string().trim().max(200).nullish(),
});
export const CapacityDay = z.object({ date: z.string(), capacity: z.number(), note: z.string().nullable() });

export const SlotView = z.object({
  start: z.string(),
  end: z.string(),
  startsAt: z.string(),
  capacity: z.number(),
  free: z.number(),
  bookable: z.boolean(),
  waitlist: z.boolean().describe("full: one may join the waiting list"),
});
export const DaySlots = z.object({ date: z.string(), slots: z.array(SlotView) });
export const SlotSearch = z.object({
  serviceId: z.string(),
  serviceName: z.string(),
  siteName: z.string(),
  days: z.array(DaySlots),
});

export const SlotQuery = z.object({
  from: date.optional().describe("first date (default today)"),
  days: z.coerce.number().int().min(1).max(31).default(14),
});

export const SlotRef = z.object({ serviceId: z.string().uuid(), date, start: hhmm });

export const Person = z.object({
  name,
  phone: mobile,
  idNumber,
  email: z.string().trim().email().max(100).nullish(),
});

export const CodeRequest = z.object({ phone: mobile });
export const CodeSent = z.object({
  sent: z.boolean(),
  expiresInSec: z.number(),
  demoCode: z.string().optional().describe("only when no real SMS gateway is configured (demo)"),
});

export const Hold = z.object({ holdToken: z.string(), expiresAt: z.string(), slot: SlotRef.extend({ startsAt: z.string() }) });

export const ConfirmInput = Person.extend({
  verificationCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});

export const StaffBookInput = SlotRef.extend(Person.shape).extend({
  channel: z.enum(["phone", "on_site"]).describe("phone: entered by staff during a call; on_site: at the hall"),
});

/** An appointment as its holder sees it (masked) — also what public pages show. */
export const PublicAppointment = z.object({
  code: z.string(),
  state: z.string(),
  siteName: z.string(),
  siteAddress: z.string(),
  sitePhone: z.string().nullable().describe("the site's public phone, for what cannot be done online"),
  serviceId: z.string(),
  serviceName: z.string(),
  date: z.string(),
  start: z.string(),
  end: z.string(),
  startsAt: z.string(),
  applicantName: z.string(),
  applicantPhone: z.string(),
  applicantIdNumber: z.string(),
  cancelReason: z.string().nullable(),
  canCancel: z.boolean(),
  canRebook: z.boolean().describe("the site cancelled or moved it: one click books another slot"),
  icsUrl: z.string(),
  linkToken: z.string().nullable().describe("the secret that opens this booking with its code (only ever sent to its holder)"),
});
export type PublicAppointment = z.infer<typeof PublicAppointment>;

/** An appointment as staff see it: applicant data masked except where staff work with it. */
export const Appointment = z.object({
  id: z.string(),
  code: z.string(),
  siteId: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  date: z.string(),
  start: z.string(),
  startsAt: z.string(),
  state: z.string(),
  channel: z.string(),
  applicantName: z.string(),
  applicantPhone: z.string(),
  applicantIdNumber: z.string(),
  bookedAt: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  ticketId: z.string().nullable(),
  cancelReason: z.string().nullable(),
});
export type Appointment = z.infer<typeof Appointment>;

const holder = {
  code: z.string().trim().min(6).max(20),
  phone: mobile.optional().describe("the mobile the booking was made with …"),
  token: z.string().min(10).max(64).optional().describe("… or the secret `t` of the link in the messages"),
};
const oneOf = (v: { phone?: string; token?: string }) => !!v.phone || !!v.token;
const oneOfMessage = "手机号或链接凭证二选一 / give the mobile or the link secret";
export const Lookup = z.object(holder).refine(oneOf, oneOfMessage);
export const MoveInput = z.object({ ...holder, date, start: hhmm }).refine(oneOf, oneOfMessage);

export const WaitlistInput = SlotRef.extend(Person.shape).extend({
  verificationCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});
export const WaitlistEntry = z.object({ position: z.number(), date: z.string(), start: z.string() });

export const SiteChangeInput = z.object({
  explanation: z.string().trim().min(4).max(500).describe("why the site cannot keep the appointment: sent to the applicant"),
  overrideReason: reason.nullish().describe("required less than 8 hours before: a site manager's written reason"),
});
export const SiteMoveInput = SiteChangeInput.extend({ date, start: hhmm });

export const Override = z.object({
  id: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  appointmentId: z.string(),
  action: z.string(),
  startsAt: z.string(),
  minutesBefore: z.number(),
  explanation: z.string(),
  overrideReason: z.string(),
  userName: z.string(),
  at: z.string(),
});

export const CheckInInput = z
  .object({ code: z.string().trim().min(6).max(20).optional(), idNumber: idNumber.optional() })
  .refine((v) => !!v.code !== !!v.idNumber, "预约码或身份证号二选一 / give the booking code or the ID number");
export const CheckInResult = z.object({
  onTime: z.boolean(),
  appointment: Appointment,
  ticket: z.object({ id: z.string(), number: z.string(), code: z.string(), peopleAhead: z.number(), channel: z.string() }),
});

export const Restriction = z.object({
  idNumber: z.string(),
  applicantName: z.string(),
  noShows: z.number(),
  lastNoShowAt: z.string(),
  blockedUntil: z.string(),
});
export const LiftInput = z.object({ idNumber, reason });

export const CalendarSlot = z.object({
  start: z.string(),
  end: z.string(),
  capacity: z.number(),
  booked: z.number(),
  held: z.number(),
  free: z.number(),
  waitlist: z.number(),
  past: z.boolean().describe("the slot has begun: no more bookings"),
});
export const CalendarDay = z.object({
  date: z.string(),
  capacity: z.number(),
  override: z.boolean(),
  note: z.string().nullable(),
  slots: z.array(CalendarSlot),
});
