import { z } from "zod";
import { idNumber, mobile, patchOf } from "../../platform/validation.js";
import { PRIORITY_CLASSES } from "./calling-order.js";

export const CHANNELS = ["kiosk", "guide", "online", "appointment", "window"] as const;
export const TICKET_STATES = ["waiting", "called", "serving", "done", "no_show", "cancelled", "parked", "closed_unserved"] as const;
export const WINDOW_STATES = ["closed", "open", "paused"] as const;

export const QueueInput = z.object({
  prefix: z.string().regex(/^[A-Z]{1,2}$/, "号码前缀为1–2个大写字母 / prefix: 1–2 capital letters"),
  name: z.string().trim().min(1).max(40),
  category: z.string().trim().max(40).nullish(),
  dailyCap: z.number().int().min(1).max(9999).nullish().describe("号源: tickets a day"),
  perPersonLimit: z.number().int().min(1).max(99).nullish().describe("tickets a person (by ID number) may take a day"),
  active: z.boolean().optional(),
  sort: z.number().int().min(0).max(999).optional(),
});
export const QueuePatch = patchOf(QueueInput.partial());

export const Queue = z.object({
  id: z.string(),
  siteId: z.string(),
  prefix: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  dailyCap: z.number().nullable(),
  perPersonLimit: z.number().nullable(),
  active: z.boolean(),
  sort: z.number(),
});
export type Queue = z.infer<typeof Queue>;

export const Settings = z.object({
  priorityEvery: z
    .number()
    .int()
    .min(0)
    .max(20)
    .describe("call one priority ticket after this many normal ones (0: priority always first)"),
  minRecalls: z.number().int().min(0).max(10).describe("recalls before a no-show is allowed"),
  recallIntervalSec: z.number().int().min(0).max(600).describe("seconds since the last call before a no-show is allowed"),
  alertWaitMin: z.number().int().min(1).max(480).describe("alert when the longest wait passes this many minutes"),
  alertWaiting: z.number().int().min(1).max(5000).describe("alert when a queue has more waiting than this"),
  notifyAhead: z.number().int().min(1).max(50).describe("tell a ticket holder when this many are ahead"),
});
export type Settings = z.infer<typeof Settings>;
export const DEFAULT_SETTINGS: Settings = {
  priorityEvery: 0,
  minRecalls: 2,
  recallIntervalSec: 30,
  alertWaitMin: 30,
  alertWaiting: 50,
  notifyAhead: 3,
};

export const IssueInput = z.object({
  queueId: z.string().uuid(),
  channel: z.enum(CHANNELS).optional().describe("defaults from the caller: kiosk for a kiosk device, guide for staff"),
  priorityClass: z.enum(PRIORITY_CLASSES).default("normal").describe("依法优先: elderly, disabled, pregnant, military; green: 绿色通道"),
  applicantName: z.string().trim().min(1).max(40).nullish(),
  applicantPhone: mobile.nullish(),
  applicantIdNumber: idNumber.nullish(),
  priorityReason: z
    .string()
    .trim()
    .min(2)
    .max(200)
    .nullish()
    .describe("why staff give the green channel (绿色通道): required for it, recorded in the audit chain"),
  itemCode: z.string().max(40).nullish().describe("the item the applicant comes for; the ticket keeps its guide version"),
});

/** What the issue service takes: an appointment's slot only ever comes from a check-in, never from a request body. */
export type IssueRequest = z.infer<typeof IssueInput> & { appointmentAt?: string | null };

export const PublicIssueInput = z.object({
  queueId: z.string().uuid(),
  applicantName: z.string().trim().min(1).max(40),
  applicantPhone: mobile,
  applicantIdNumber: idNumber.describe("real name: online tickets are limited per ID number too"),
  verificationCode: z
    .string()
    .regex(/^\d{6}$/, "验证码为6位数字 / the code has six digits")
    .describe("the code sent to the mobile (POST /api/public/appointments/verification-codes)"),
  itemCode: z.string().max(40).nullish().describe("the item the applicant comes for; the ticket keeps its guide version"),
});

/** A ticket as staff see it: applicant data present but masked unless asked for in full. */
export const Ticket = z.object({
  id: z.string(),
  code: z.string().describe("opaque code of the live-ticket page /t/<code>"),
  siteId: z.string(),
  number: z.string(),
  queueId: z.string(),
  queueName: z.string(),
  originQueueId: z.string(),
  serviceDate: z.string(),
  channel: z.enum(CHANNELS),
  priorityClass: z.enum(PRIORITY_CLASSES),
  state: z.enum(TICKET_STATES),
  applicantName: z.string().nullable(),
  applicantPhone: z.string().nullable(),
  applicantIdNumber: z.string().nullable(),
  personalDataMasked: z
    .boolean()
    .describe("true unless the caller is serving this applicant now (then name, mobile and ID number are in full)"),
  arrivedAt: z.string(),
  issuedAt: z.string(),
  appointmentAt: z.string().nullable(),
  calledAt: z.string().nullable(),
  callCount: z.number(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  windowId: z.string().nullable(),
  windowNumber: z.number().nullable(),
  staffUserId: z.string().nullable(),
  targetWindowId: z.string().nullable(),
  transferCount: z.number(),
  peopleAhead: z.number().nullable(),
  itemCode: z.string().nullable().describe("the item named at issue"),
  itemVersion: z.number().nullable().describe("its guide version in force at issue"),
  itemName: z.string().nullable().describe("the item's name in that version (社会保障卡申领), shown wherever the ticket is"),
});
export type Ticket = z.infer<typeof Ticket>;

/** What a ticket holder, a display or anyone with the code sees: no personal data. */
export const PublicTicket = z.object({
  number: z.string(),
  siteName: z.string(),
  siteCode: z.string(),
  queueName: z.string(),
  itemName: z.string().nullable().describe("the service item the ticket was taken for, if one was named"),
  state: z.enum(TICKET_STATES),
  priority: z.boolean(),
  issuedAt: z.string(),
  calledAt: z.string().nullable(),
  windowNumber: z.number().nullable(),
  windowName: z.string().nullable(),
  peopleAhead: z.number().nullable(),
  estimatedWaitMin: z.number().nullable(),
  notifyAhead: z.number(),
});
export type PublicTicket = z.infer<typeof PublicTicket>;

export const TicketParams = z.object({ ticketId: z.string().uuid() });
export const WindowOnlyParams = z.object({ windowId: z.string().uuid() });

export const WindowState = z.object({
  windowId: z.string(),
  siteId: z.string(),
  number: z.number(),
  name: z.string(),
  state: z.enum(WINDOW_STATES),
  staffUserId: z.string().nullable(),
  staffName: z.string().nullable(),
  post: z.enum(["primary", "backup", "other"]).nullable().describe("A post, B post, or another member of staff"),
  pauseReason: z.string().nullable(),
  since: z.string().nullable(),
});

/** An event as streams deliver it and as the snapshot lists the last calls. */
export const QueueEvent = z.object({
  id: z.number(),
  siteId: z.string(),
  type: z.string(),
  at: z.string(),
  ticketId: z.string().nullable(),
  windowId: z.string().nullable(),
  queueId: z.string().nullable(),
  data: z.unknown(),
});

export const Snapshot = z.object({
  site: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  opening: z.object({
    open: z.boolean().describe("in office hours now"),
    nextOpen: z.object({ date: z.string(), time: z.string() }).nullable().describe("when it opens next, if closed"),
  }),
  date: z.string(),
  at: z.string(),
  queues: z.array(
    z.object({
      id: z.string(),
      prefix: z.string(),
      name: z.string(),
      waiting: z.number(),
      longestWaitMin: z.number(),
      served: z.number(),
      noShows: z.number(),
      issued: z.number(),
      dailyCap: z.number().nullable(),
    }),
  ),
  queueConfig: z.array(Queue),
  windows: z.array(
    WindowState.extend({
      queueIds: z.array(z.string()),
      currentTicket: z.object({ id: z.string(), number: z.string(), state: z.string() }).nullable(),
    }),
  ),
  lastCalls: z.array(QueueEvent),
  alerts: z.array(z.object({ queueId: z.string(), kind: z.enum(["long_wait", "crowded"]), zh: z.string(), en: z.string() })),
  settings: Settings,
  lastEventId: z.number().describe("open a stream with this as Last-Event-ID to miss nothing after the snapshot"),
});

export const Console = z.object({
  window: WindowState,
  queues: z.array(Queue),
  allQueues: z.array(Queue),
  current: z.array(Ticket).describe("tickets called, being served or parked at this window"),
  waiting: z.array(Ticket).describe("waiting tickets of the window's queues and those referred to it"),
  settings: Settings,
});

export const StatRow = z.object({
  key: z.string(),
  label: z.string(),
  issued: z.number(),
  served: z.number(),
  noShows: z.number(),
  closedUnserved: z.number(),
  cancelled: z.number(),
  noShowRate: z.number().nullable(),
  avgWaitMin: z.number().nullable(),
  p90WaitMin: z.number().nullable(),
  avgServiceMin: z.number().nullable(),
  p90ServiceMin: z.number().nullable(),
});
export const Stats = z.object({
  site: z.object({ id: z.string(), name: z.string() }),
  date: z.string(),
  total: StatRow,
  byQueue: z.array(StatRow),
  byWindow: z.array(StatRow.extend({ openMin: z.number(), idleMin: z.number() })),
  byStaff: z.array(StatRow),
});
