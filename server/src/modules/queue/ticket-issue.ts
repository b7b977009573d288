import { randomBytes } from "node:crypto";
import type { Executor, Row } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import type { Ctx } from "../../platform/context.js";
import { conflict } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { maskName } from "../../platform/privacy.js";
import type { TicketItem } from "../catalog/catalog.api.js";
import * as repo from "./queue.repository.js";
import type { IssueRequest } from "./queue.schema.js";

/** The parts of issuing a ticket (tickets.service.ts `issue`): its limits, its row and the audit of a declared priority. */

/** A live-ticket code: 12 characters from an alphabet without look-alikes, ~60 bits. */
function newCode(): string {
  const alphabet = "23456789abcdefghjkmnpqrstuvwxyz";
  return Array.from(randomBytes(12), (b) => alphabet[b % alphabet.length]).join("");
}

interface IssueAt {
  queue: Row<"queues">;
  date: string;
  /** The number drawn for this ticket (its counter row is locked until commit). */
  seq: number;
  channel: string;
  input: IssueRequest;
}

/** Per-person, per-mobile (online) and daily limits, counted under the queue's locked counter row. */
export async function assertIssueLimits(tx: Executor, { queue, date, seq, channel, input }: IssueAt): Promise<void> {
  // Online tickets carry a real name: one per ID number a day unless the queue sets its own limit.
  const perPerson = queue.per_person_limit ?? (channel === "online" ? 1 : null);
  if (input.applicantIdNumber && perPerson) {
    const n = await repo.countPersonTickets(tx, queue.id, date, input.applicantIdNumber);
    if (n >= perPerson) {
      throw conflict(
        "person_limit_reached",
        `同一证件今日在“${queue.name}”最多取号 ${perPerson} 次`,
        `One ID number may take at most ${perPerson} tickets a day in ${queue.name}`,
      );
    }
  }
  if (channel === "online" && input.applicantPhone) {
    const limit = queue.per_person_limit ?? 1;
    if ((await repo.countPhoneTickets(tx, queue.id, date, input.applicantPhone)) >= limit) {
      throw conflict(
        "person_limit_reached",
        `同一手机号今日在该队列最多网上取号 ${limit} 次`,
        `One mobile number may take at most ${limit} online tickets a day in this queue`,
      );
    }
  }
  if (queue.daily_cap && seq > queue.daily_cap) {
    throw conflict(
      "daily_cap_reached",
      `“${queue.name}”今日号源（${queue.daily_cap} 个）已取完，请改日再来或预约`,
      `Today's ${queue.daily_cap} tickets for ${queue.name} are all taken; come another day or book an appointment`,
    );
  }
}

export function newTicketRow(
  t: IssueAt & { siteId: string; issuedBy: string | null; item: TicketItem | null; at: string },
): Row<"tickets"> {
  const { input, queue, item, at } = t;
  return {
    id: newId(),
    site_id: t.siteId,
    origin_queue_id: queue.id,
    queue_id: queue.id,
    service_date: t.date,
    seq: t.seq,
    number: `${queue.prefix}${String(t.seq).padStart(3, "0")}`,
    code: newCode(),
    channel: t.channel,
    priority_class: input.priorityClass,
    applicant_name: input.applicantName ?? null,
    applicant_phone: input.applicantPhone ?? null,
    applicant_id_number: input.applicantIdNumber ?? null,
    state: "waiting",
    arrived_at: at,
    issued_at: at,
    appointment_at: input.appointmentAt ?? null,
    first_called_at: null,
    called_at: null,
    call_count: 0,
    started_at: null,
    finished_at: null,
    window_id: null,
    user_id: null,
    target_window_id: null,
    referred_by_user_id: null,
    transfer_count: 0,
    issued_by: t.issuedBy,
    closed_reason: null,
    special: input.priorityClass !== "normal" || input.appointmentAt ? 1 : 0,
    item_id: item?.item_id ?? null,
    item_code: item?.item_code ?? null,
    item_version: item?.item_version ?? null,
  };
}

/** A declared priority is a claim staff may have to justify: it goes into the audit chain. */
export async function auditDeclaredPriority(tx: Executor, ctx: Ctx, row: Row<"tickets">, reason: string | null | undefined): Promise<void> {
  await audit(tx, ctx, {
    action: "ticket.priority_declared",
    entityType: "ticket",
    entityId: row.id,
    siteId: row.site_id,
    after: {
      number: row.number,
      priorityClass: row.priority_class,
      channel: row.channel,
      applicant: row.applicant_name ? maskName(row.applicant_name) : null,
      ...(reason ? { reason } : {}),
    },
  });
}
