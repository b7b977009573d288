import type { operations } from "../../../../api/schema";

type Json<O extends keyof operations, S extends number = 200> =
  operations[O]["responses"] extends Record<S, { content: { "application/json": infer T } }> ? T : never;
type Body<O extends keyof operations> = operations[O] extends { requestBody: { content: { "application/json": infer T } } } ? T : never;

export type ApptService = Json<"listAppointmentServices">[number];
export type ApptServiceInput = Body<"createAppointmentService">;
export type CalendarDay = Json<"getAppointmentCalendar">[number];
export type Appointment = Json<"listAppointments">[number];
export type Restriction = Json<"listAppointmentRestrictions">[number];
export type Override = Json<"listAppointmentOverrides">[number];
export type Message = Json<"listNotifications">[number];
