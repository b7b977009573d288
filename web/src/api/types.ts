import type { operations } from "./schema";

/** Convenient names for the shapes of the API, taken from the generated OpenAPI types. */
type Json<O extends keyof operations, S extends number = 200> =
  operations[O]["responses"] extends Record<S, { content: { "application/json": infer T } }> ? T : never;
type Body<O extends keyof operations> = operations[O] extends { requestBody: { content: { "application/json": infer T } } }
  ? T
  : operations[O] extends { requestBody?: { content: { "application/json": infer T } } }
    ? T
    : never;

export type Me = Json<"getMe">;
export type Grant = Me["grants"][number];
export type Role = Grant["role"];
export type Site = Json<"getSite">;
export type SiteKind = Site["kind"];
export type SiteInput = Body<"createSite">;
export type SitePatch = Body<"updateSite">;
export type WeeklyHour = Site["weeklyHours"][number];
export type HourException = Site["exceptions"][number];
export type HourExceptionInput = Body<"putSiteHourException">;
export type Zone = Json<"listZones">[number];
export type ZoneKind = Zone["kinds"][number];
export type Window = Json<"listWindows">[number];
export type WindowInput = Body<"createWindow">;
export type StaffMember = Json<"listStaff">[number];
export type StaffInput = Body<"createStaff">;
export type Device = Json<"listDevices">[number];
export type DeviceKind = Device["kind"];
export type RegisteredDevice = Json<"registerDevice", 201>;
export type DeviceSelf = Json<"getDeviceSelf">;
export type AuditRecord = Json<"searchAudit">[number];
export type AuditVerify = Json<"verifyAudit">;
export type CalendarYear = Json<"listCalendarYears">[number];
export type CalendarDay = Json<"listCalendarDays">[number];
export type CalendarDayInput = Body<"importCalendarYear">["days"][number];
export type PublicSite = Json<"listPublicSites">[number];
export type Job = Json<"listJobs">[number];

export const ROLES: readonly Role[] = [
  "district_admin",
  "district_supervisor",
  "site_manager",
  "window_staff",
  "back_office",
  "guide",
  "park_operator",
  "evaluator",
];
export const DISTRICT_ROLES: readonly Role[] = ["district_admin", "district_supervisor"];
export const SITE_ROLES: readonly Role[] = ROLES.filter((r) => !DISTRICT_ROLES.includes(r));
export const SITE_KINDS: readonly SiteKind[] = ["professional_hall", "street_center", "park_station", "community_station"];
export const ZONE_KINDS: readonly ZoneKind[] = ["disclosure", "consultation", "window_service", "complaint", "waiting", "self_service"];
export const DEVICE_KINDS: readonly DeviceKind[] = ["kiosk", "display", "evaluator", "counter_terminal", "printer"];
