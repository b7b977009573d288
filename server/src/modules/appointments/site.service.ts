import ExcelJS from "exceljs";
import type { z } from "zod";
import type { Row } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { assertCan, requireUser } from "../../platform/auth/access.js";
import { addDays } from "../../platform/calendar/working-days.js";
import { chinaInstant } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { asFlag, type ColumnMap, changedColumns } from "../../platform/patch.js";
import { maskIdNumber, maskName } from "../../platform/privacy.js";
import * as catalogApi from "../catalog/catalog.api.js";
import { itemForTicket } from "../catalog/ticket-item.js";
import { loadSchedule } from "../org/opening.js";
import * as queueApi from "../queue/queue.api.js";
import * as applicantsRepo from "./applicants.repository.js";
import { presentStaff } from "./appointments.presenter.js";
import * as repo from "./appointments.repository.js";
import type { CapacityDayInput, LiftInput, Service, ServiceInput, ServicePatch } from "./appointments.schema.js";
import { rulesOf } from "./bookable.js";
import { restrictionOf } from "./person-rules.js";
import { slotsOn } from "./slots.js";

export function presentService(s: Row<"appointment_services">): Service {
  return {
    id: s.id,
    siteId: s.site_id,
    queueId: s.queue_id,
    itemId: s.item_id,
    name: s.name,
    slotMinutes: s.slot_minutes,
    capacity: s.capacity,
    earliestHours: s.earliest_hours,
    latestDays: s.latest_days,
    cancelCutoffHours: s.cancel_cutoff_hours,
    perPhoneLimit: s.per_phone_limit,
    perIdLimit: s.per_id_limit,
    lateGraceMin: s.late_grace_min,
    holdMinutes: s.hold_minutes,
    noShowLimit: s.noshow_limit,
    noShowWindowDays: s.noshow_window_days,
    noShowBlockDays: s.noshow_block_days,
    active: s.active === 1,
  };
}

const SERVICE_COLUMNS: ColumnMap<Partial<z.infer<typeof ServiceInput>>, Row<"appointment_services">> = {
  queueId: "queue_id",
  itemId: { column: "item_id", value: (v) => v ?? null },
  slotMinutes: "slot_minutes",
  capacity: "capacity",
  earliestHours: "earliest_hours",
  latestDays: "latest_days",
  cancelCutoffHours: "cancel_cutoff_hours",
  perPhoneLimit: "per_phone_limit",
  perIdLimit: "per_id_limit",
  lateGraceMin: "late_grace_min",
  holdMinutes: "hold_minutes",
  noShowLimit: "noshow_limit",
  noShowWindowDays: "noshow_window_days",
  noShowBlockDays: "noshow_block_days",
  active: { column: "active", value: asFlag },
};

function toRow(i: Partial<z.infer<typeof ServiceInput>>): Partial<Row<"appointment_services">> {
  // An empty name keeps the one stored.
  return { ...(i.name ? { name: i.name } : {}), ...changedColumns(i, SERVICE_COLUMNS) };
}

async function siteService(ctx: Ctx, siteId: string, serviceId: string) {
  const s = await repo.findService(ctx.db, serviceId);
  if (!s || s.site_id !== siteId) throw notFound("Appointment service", "预约业务");
  return s;
}

export async function listServices(ctx: Ctx, siteId: string): Promise<Service[]> {
  assertCan(ctx.principal, "appointment.read", siteId);
  return (await repo.servicesOf(ctx.db, siteId)).map(presentService);
}

/** The queue must be the site's; an item must be handled at the site and, if the queue lists its items, by that queue. */
async function checkRefs(ctx: Ctx, siteId: string, queueId: string, itemId: string | null | undefined) {
  if (!(await queueApi.findQueue(ctx.db, siteId, queueId))) throw notFound("Queue", "该业务队列");
  if (!itemId) return;
  const item = await catalogApi.findItem(ctx.db, itemId);
  if (!item) throw notFound("Item", "该事项");
  await itemForTicket(ctx.db, siteId, queueId, item.code, ctx.clock.now().toISOString());
}

export async function createService(ctx: Ctx, siteId: string, input: z.infer<typeof ServiceInput>): Promise<Service> {
  assertCan(ctx.principal, "appointment.manage", siteId);
  await checkRefs(ctx, siteId, input.queueId, input.itemId);
  const queue = await queueApi.findQueue(ctx.db, siteId, input.queueId);
  const at = ctx.clock.now().toISOString();
  const row = {
    ...(toRow(input) as Row<"appointment_services">),
    id: newId(),
    site_id: siteId,
    name: input.name ?? queue?.name ?? "",
    item_id: input.itemId ?? null,
    created_at: at,
    updated_at: at,
  };
  await ctx.db.transaction().execute(async (tx) => {
    await repo.insertService(tx, row);
    await audit(tx, ctx, {
      action: "appointment.service.create",
      entityType: "appointment_service",
      entityId: row.id,
      siteId,
      after: presentService(row),
    });
  });
  return presentService(row);
}

export async function updateService(ctx: Ctx, siteId: string, id: string, patch: z.infer<typeof ServicePatch>): Promise<Service> {
  assertCan(ctx.principal, "appointment.manage", siteId);
  const before = await siteService(ctx, siteId, id);
  if (patch.queueId !== undefined || patch.itemId !== undefined) {
    await checkRefs(ctx, siteId, patch.queueId ?? before.queue_id, patch.itemId === undefined ? before.item_id : patch.itemId);
  }
  const after = { ...before, ...toRow(patch), updated_at: ctx.clock.now().toISOString() };
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateService(tx, id, after);
    await audit(tx, ctx, {
      action: "appointment.service.update",
      entityType: "appointment_service",
      entityId: id,
      siteId,
      before: presentService(before),
      after: presentService(after),
    });
  });
  return presentService(after);
}

// ---- a day's capacity ------------------------------------------------------------------------

export async function setCapacityDay(ctx: Ctx, siteId: string, serviceId: string, date: string, input: z.infer<typeof CapacityDayInput>) {
  assertCan(ctx.principal, "appointment.manage", siteId);
  const s = await siteService(ctx, siteId, serviceId);
  const row = { service_id: s.id, date, capacity: input.capacity, note: input.note ?? null, updated_at: ctx.clock.now().toISOString() };
  await ctx.db.transaction().execute(async (tx) => {
    await repo.upsertCapacityDay(tx, row);
    await audit(tx, ctx, {
      action: "appointment.capacity_day",
      entityType: "appointment_service",
      entityId: s.id,
      siteId,
      after: { date, capacity: input.capacity, note: row.note },
    });
  });
  return { date, capacity: row.capacity, note: row.note };
}

export async function clearCapacityDay(ctx: Ctx, siteId: string, serviceId: string, date: string): Promise<void> {
  assertCan(ctx.principal, "appointment.manage", siteId);
  const s = await siteService(ctx, siteId, serviceId);
  await ctx.db.transaction().execute(async (tx) => {
    if ((await repo.deleteCapacityDay(tx, s.id, date)) === 0) throw notFound("Capacity change", "该日调整");
    await audit(tx, ctx, {
      action: "appointment.capacity_day_cleared",
      entityType: "appointment_service",
      entityId: s.id,
      siteId,
      after: { date },
    });
  });
}

/** Booked, held and free places per slot over a range of days: the manager's calendar. */
export async function calendar(ctx: Ctx, siteId: string, serviceId: string, from: string, days: number) {
  assertCan(ctx.principal, "appointment.read", siteId);
  const s = await siteService(ctx, siteId, serviceId);
  const to = addDays(from, days - 1);
  const [schedule, overrides, taken, held, list, waitlist] = await Promise.all([
    loadSchedule(ctx.caches, ctx.db, siteId, from),
    repo.capacityDays(ctx.db, s.id, from, to),
    repo.takenBetween(ctx.db, s.id, from, to),
    repo.heldBetween(ctx.db, s.id, from, to),
    repo.appointmentsOfSite(ctx.db, siteId, from, to, s.id),
    repo.waitingBetween(ctx.db, s.id, from, to),
  ]);
  const key = (d: string, t: string) => `${d}|${t}`;
  const used = new Map(taken.map((t) => [key(t.date, t.start), Number(t.taken)]));
  const holds = new Map(held.map((h) => [key(h.date, h.start), Number(h.n)]));
  const booked = new Map<string, number>();
  for (const a of list)
    if (a.state === "booked" || a.state === "checked_in") booked.set(key(a.date, a.start), (booked.get(key(a.date, a.start)) ?? 0) + 1);
  const waiting = new Map<string, number>();
  for (const w of waitlist) waiting.set(key(w.date, w.start), (waiting.get(key(w.date, w.start)) ?? 0) + 1);
  const out = [];
  const now = ctx.clock.now().getTime();
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const o = overrides.find((x) => x.date === d);
    const cap = o?.capacity ?? s.capacity;
    const slots = slotsOn(schedule, rulesOf(s), d, cap).map((slot) => {
      const k = key(d, slot.start);
      // A slot that has begun takes no more bookings: it shows no free places.
      const past = chinaInstant(d, slot.start).getTime() <= now;
      return {
        start: slot.start,
        end: slot.end,
        capacity: cap,
        booked: booked.get(k) ?? 0,
        held: holds.get(k) ?? 0,
        free: past ? 0 : Math.max(0, cap - (used.get(k) ?? 0)),
        waitlist: waiting.get(k) ?? 0,
        past,
      };
    });
    out.push({ date: d, capacity: cap, override: !!o, note: o?.note ?? null, slots });
  }
  return out;
}

// ---- the bookings of a site ------------------------------------------------------------------

export async function listAppointments(ctx: Ctx, siteId: string, from: string, to: string, serviceId?: string) {
  assertCan(ctx.principal, "appointment.read", siteId);
  const names = new Map((await repo.servicesOf(ctx.db, siteId)).map((s) => [s.id, s.name]));
  return (await repo.appointmentsOfSite(ctx.db, siteId, from, to, serviceId)).map((a) => presentStaff(a, names.get(a.service_id) ?? ""));
}

const STATE_ZH: Record<string, string> = {
  booked: "已预约",
  checked_in: "已签到",
  cancelled: "本人取消",
  cancelled_by_site: "场所取消",
  moved: "已改约",
  moved_by_site: "场所调整",
  no_show: "爽约",
};

export async function appointmentsXlsx(ctx: Ctx, siteId: string, from: string, to: string): Promise<Buffer> {
  const list = await listAppointments(ctx, siteId, from, to);
  const wb = new ExcelJS.Workbook();
  wb.creator = "govhall";
  const ws = wb.addWorksheet("预约 Appointments");
  ws.columns = [
    { header: "日期 Date", key: "date", width: 12 },
    { header: "时段 Slot", key: "start", width: 8 },
    { header: "业务 Service", key: "serviceName", width: 20 },
    { header: "状态 State", key: "state", width: 12 },
    { header: "渠道 Channel", key: "channel", width: 10 },
    { header: "申请人 Applicant", key: "applicantName", width: 10 },
    { header: "手机 Mobile", key: "applicantPhone", width: 14 },
    { header: "证件 ID", key: "applicantIdNumber", width: 22 },
    { header: "预约码 Code", key: "code", width: 14 },
    { header: "签到 Checked in", key: "checkedInAt", width: 22 },
    { header: "取消原因 Reason", key: "cancelReason", width: 30 },
  ];
  for (const a of list) ws.addRow({ ...a, state: `${STATE_ZH[a.state] ?? a.state} ${a.state}` });
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---- no-show restrictions --------------------------------------------------------------------

/** People now blocked from booking at the site. Managers see the ID number: they lift by it. */
export async function listRestrictions(ctx: Ctx, siteId: string) {
  assertCan(ctx.principal, "appointment.manage", siteId);
  const services = await repo.servicesOf(ctx.db, siteId);
  if (services.length === 0) return [];
  const now = ctx.clock.now();
  const widest = Math.max(...services.map((s) => s.noshow_window_days));
  const since = new Date(now.getTime() - widest * 86_400_000).toISOString();
  const people = new Map<string, string>();
  for (const r of await applicantsRepo.noShowsOfSite(ctx.db, siteId, since))
    if (r.applicant_id_number) people.set(r.applicant_id_number, r.applicant_name ?? "");
  const out = [];
  for (const [idNumber, name] of people) {
    let r: Awaited<ReturnType<typeof restrictionOf>>;
    for (const s of services) r ??= await restrictionOf(ctx.db, s, idNumber, now);
    if (r) out.push({ idNumber, applicantName: maskName(name), noShows: r.count, lastNoShowAt: r.last, blockedUntil: r.until });
  }
  return out;
}

export async function liftRestriction(ctx: Ctx, siteId: string, input: z.infer<typeof LiftInput>) {
  assertCan(ctx.principal, "appointment.manage", siteId);
  const user = requireUser(ctx.principal);
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await applicantsRepo.insertLift(tx, {
      id: newId(),
      site_id: siteId,
      id_number: input.idNumber,
      lifted_at: at,
      lifted_by: user.userId,
      reason: input.reason,
    });
    await audit(tx, ctx, {
      action: "appointment.restriction_lifted",
      entityType: "person",
      entityId: null,
      siteId,
      after: { idNumber: maskIdNumber(input.idNumber), reason: input.reason },
    });
  });
  return { liftedAt: at };
}
