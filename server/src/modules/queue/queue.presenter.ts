import type { Executor, Row } from "../../db/schema.js";
import type { Caches } from "../../platform/cache/cache.js";
import { maskIdNumber, maskName, maskPhone } from "../../platform/privacy.js";
import type { PriorityClass } from "./calling-order.js";
import type { TicketEventData } from "./queue.events.js";
import { itemName, queueMeta, siteMeta, windowMeta } from "./queue.meta.js";
import type { PublicTicket, Ticket } from "./queue.schema.js";

type T = Row<"tickets">;

/**
 * Staff view of a ticket. The applicant's data is masked unless `full` (the caller serves them:
 * decided in ticket-viewer.ts, the only caller that passes it); never on public surfaces.
 */
export async function presentTicket(caches: Caches, db: Executor, t: T, peopleAhead: number | null = null, full = false): Promise<Ticket> {
  const [q, w, item] = await Promise.all([
    queueMeta(caches, db, t.site_id, t.queue_id),
    t.window_id ? windowMeta(caches, db, t.site_id, t.window_id) : undefined,
    itemName(db, t.item_code ?? null, t.item_version ?? null),
  ]);
  return {
    id: t.id,
    code: t.code,
    siteId: t.site_id,
    number: t.number,
    queueId: t.queue_id,
    queueName: q?.name ?? "",
    originQueueId: t.origin_queue_id,
    serviceDate: t.service_date,
    channel: t.channel as Ticket["channel"],
    priorityClass: t.priority_class as PriorityClass,
    state: t.state as Ticket["state"],
    applicantName: t.applicant_name && !full ? maskName(t.applicant_name) : t.applicant_name,
    applicantPhone: t.applicant_phone && !full ? maskPhone(t.applicant_phone) : t.applicant_phone,
    applicantIdNumber: t.applicant_id_number && !full ? maskIdNumber(t.applicant_id_number) : t.applicant_id_number,
    personalDataMasked: !full,
    arrivedAt: t.arrived_at,
    issuedAt: t.issued_at,
    appointmentAt: t.appointment_at,
    calledAt: t.called_at,
    callCount: t.call_count,
    startedAt: t.started_at,
    finishedAt: t.finished_at,
    windowId: t.window_id,
    windowNumber: w?.number ?? null,
    staffUserId: t.user_id,
    targetWindowId: t.target_window_id,
    transferCount: t.transfer_count,
    peopleAhead,
    itemCode: t.item_code ?? null,
    itemVersion: t.item_version ?? null,
    itemName: item,
  };
}

/** `waiting`: the line's new length, when the move changed it (steps like recall, start or finish do not). */
export async function eventData(caches: Caches, db: Executor, t: T, waiting?: number): Promise<TicketEventData> {
  const [q, w] = await Promise.all([
    queueMeta(caches, db, t.site_id, t.queue_id),
    t.window_id ? windowMeta(caches, db, t.site_id, t.window_id) : undefined,
  ]);
  return {
    ticket: {
      id: t.id,
      number: t.number,
      queueId: t.queue_id,
      queueName: q?.name ?? "",
      state: t.state as TicketEventData["ticket"]["state"],
      priority: t.priority_class !== "normal",
      callCount: t.call_count,
      calledAt: t.called_at,
      windowId: t.window_id,
      windowNumber: w?.number ?? null,
      windowName: w?.name ?? null,
    },
    queue: waiting === undefined ? { id: t.queue_id } : { id: t.queue_id, waiting },
  };
}

export async function presentPublic(
  caches: Caches,
  db: Executor,
  t: T,
  peopleAhead: number | null,
  estimatedWaitMin: number | null,
  notifyAhead: number,
): Promise<PublicTicket> {
  const [site, q, w, item] = await Promise.all([
    siteMeta(caches, db, t.site_id),
    queueMeta(caches, db, t.site_id, t.queue_id),
    t.window_id ? windowMeta(caches, db, t.site_id, t.window_id) : undefined,
    itemName(db, t.item_code ?? null, t.item_version ?? null),
  ]);
  return {
    number: t.number,
    siteName: site?.name ?? "",
    siteCode: site?.code ?? "",
    queueName: q?.name ?? "",
    itemName: item,
    state: t.state as PublicTicket["state"],
    priority: t.priority_class !== "normal",
    issuedAt: t.issued_at,
    calledAt: t.called_at,
    windowNumber: w?.number ?? null,
    windowName: w?.name ?? null,
    peopleAhead,
    estimatedWaitMin,
    notifyAhead,
  };
}
