import type { operations } from "../../../api/schema";

type Json<O extends keyof operations, S extends number = 200> =
  operations[O]["responses"] extends Record<S, { content: { "application/json": infer T } }> ? T : never;

export type PublicServices = Json<"listPublicAppointmentServices">;
export type SlotSearch = Json<"searchAppointmentSlots">;
export type DaySlots = SlotSearch["days"][number];
export type SlotView = DaySlots["slots"][number];
export type Hold = Json<"holdAppointmentSlot", 201>;
export type PublicAppointment = Json<"confirmAppointment", 201>;
export type CodeSent = Json<"requestVerificationCode">;
