import type { Executor, Row } from "../../db/schema.js";
import type { Ctx } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import * as orgApi from "../org/org.api.js";
import type { Links } from "./appointments.presenter.js";
import * as repo from "./appointments.repository.js";
import { notifyApplicant } from "./messages.js";
import type { PersonData } from "./person-rules.js";

export interface Confirmation {
  service: Row<"appointment_services">;
  /** A fresh row (`from: "new"`) or the person's hold (`from: "hold"`); its place is already taken. */
  appointment: Row<"appointments">;
  from: "new" | "hold";
  person: PersonData;
  channel: string;
  /** The staff member who booked, or null for the applicant. */
  bookedBy: string | null;
  /** Send the plain confirmation (default); false when the caller sends its own message instead. */
  confirm?: boolean;
}

/** Books the appointment for the person: inserts the fresh row, or turns the hold into a booking. */
export async function confirmBooking(tx: Executor, ctx: Ctx, env: Links, c: Confirmation): Promise<Row<"appointments">> {
  const { service: s, appointment: a, person: p } = c;
  const now = ctx.clock.now();
  const soon = Date.parse(a.starts_at) - now.getTime();
  const booked: Row<"appointments"> = {
    ...a,
    state: "booked",
    channel: c.channel,
    hold_token: null,
    hold_expires_at: null,
    applicant_name: p.name,
    applicant_phone: p.phone,
    applicant_id_number: p.idNumber,
    applicant_email: p.email ?? null,
    booked_at: now.toISOString(),
    booked_by: c.bookedBy,
    // A booking made within a day (an hour) of its slot gets no day (hour) reminder: the confirmation says it.
    reminded_day: soon <= 24 * 3_600_000 ? 1 : 0,
    reminded_hour: soon <= 3_600_000 ? 1 : 0,
  };
  if (c.from === "new") await repo.insertAppointment(tx, booked);
  else {
    const { id: _id, ...patch } = booked;
    const ok = await repo.transition(tx, a.id, ["held"], patch);
    if (!ok) throw holdGone();
  }
  if (c.confirm ?? true) {
    const site = await orgApi.findSite(tx, s.site_id);
    await notifyApplicant(tx, ctx.clock, env, "confirmation", booked, { siteName: site?.name ?? "", serviceName: s.name });
  }
  return booked;
}

export const holdGone = () =>
  new AppError(
    410,
    "hold_expired",
    "保留时间已过，名额已释放，请重新选择时段",
    "The hold has run out and the place was released; choose a slot again",
  );
