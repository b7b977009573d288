import { forbidden } from "../errors.js";
import { isUuid } from "../ids.js";
import { can, type Permission, recordFilterOf, roleHas } from "./access.js";
import type { Principal } from "./principal.js";

/**
 * What each signed-in operation needs, by operation id: one table for the whole API, checked in
 * the request gate before the body is read (so a caller without it always gets 403, never a 400
 * that tells them the route's shape).
 * Services still decide per record (the ticket's site, the window the caller staffs); this is the
 * first line, and the role walk test (`test/role-walk.test.ts`) keeps the two in agreement and
 * fails on any operation that is not declared here.
 *
 * - a permission: the user must hold it at the site named in the path (`:siteId`), or at some
 *   site or district-wide when the path names none (the service then checks the record's site);
 * - a permission `@district`: the user must hold it district-wide (district-level operations);
 * - "signed_in": any signed-in user (their own session, password, or what their scope lists);
 * - "device": devices only (what each kind may call is in device-operations.ts).
 * Public operations (`/api/public/*`, sign-in, health) are open to all and not listed.
 */
export type OperationAccess = Permission | `${Permission}@district` | "signed_in" | "device";

const SITE_LAYOUT_READ = ["getSite", "listZones", "listWindows"] as const;
const SITE_LAYOUT_WRITE = [
  "updateSite",
  "setSiteHours",
  "putSiteHourException",
  "deleteSiteHourException",
  "createZone",
  "updateZone",
  "deleteZone",
  "createWindow",
  "updateWindow",
  "setWindowPost",
] as const;
/** The window's own steps: staff with queue.serve there, and its counter terminal (device-operations.ts). */
export const WINDOW_DESK = [
  "openWindow",
  "pauseWindow",
  "resumeWindow",
  "closeWindow",
  "callNextTicket",
  "callTicket",
  "recallTicket",
  "startTicket",
  "finishTicket",
  "markTicketNoShow",
  "resumeTicket",
  "parkTicket",
  "transferTicket",
] as const;
const CATALOG_READ = [
  "listItems",
  "listThemes",
  "getItemAssignments",
  "listCatalogHalls",
  "getCoverageReport",
  "exportCatalog",
  "getCityList",
] as const;
const CATALOG_WRITE = [
  "createItem",
  "updateItemDraft",
  "publishItem",
  "setItemThemes",
  "setItemAssignments",
  "setCatalogHall",
  "importCatalog",
  "importCityList",
  "uploadMaterialSample",
  "removeMaterialSample",
] as const;

/** Front-office steps of a case (acceptCase and refuseCase are also the upstream department's for a forwarded case: the service decides). */
const CASE_FRONT_OPS = [
  "requestCaseCorrection",
  "supplyCaseMaterials",
  "forwardCase",
  "withdrawCase",
  "returnCase",
  "resubmitCase",
  "deliverCase",
] as const;
const CASE_BACK_OPS = [
  "claimCase",
  "submitCaseForReview",
  "sendCaseBack",
  "returnCaseToFront",
  "decideCase",
  "completeCase",
  "pauseCase",
  "resumeCase",
] as const;

const each = <K extends string>(ops: readonly K[], access: OperationAccess) =>
  Object.fromEntries(ops.map((o) => [o, access])) as Record<K, OperationAccess>;

export const OPERATION_ACCESS: Readonly<Record<string, OperationAccess>> = {
  // sign-in and self
  logout: "signed_in",
  getMe: "signed_in",
  changePassword: "signed_in",
  getDeviceSelf: "device",
  // organisation
  listSites: "signed_in",
  createSite: "site.create@district",
  ...each(SITE_LAYOUT_READ, "site.read"),
  ...each(SITE_LAYOUT_WRITE, "site.write"),
  listCalendarYears: "signed_in",
  listCalendarDays: "signed_in",
  addWorkingDays: "signed_in",
  workingDaysBetween: "signed_in",
  getCalendarStatus: "calendar.write@district",
  importCalendarYear: "calendar.write@district",
  setCalendarDay: "calendar.write@district",
  // staff, devices, audit
  listStaff: "staff.read",
  ...each(["createStaff", "updateStaff", "setStaffGrants", "resetStaffPassword", "unlockStaff"], "staff.write"),
  listDevices: "device.read",
  registerDevice: "device.write",
  revokeDevice: "device.write",
  getDevicePairing: "device.write",
  confirmDevicePairing: "device.write",
  searchAudit: "audit.read",
  listJobs: "system.read@district",
  verifyAudit: "audit.read@district",
  // queue
  ...each(
    ["listQueues", "listDispatch", "getQueueSettings", "getSiteQueueSnapshot", "getSiteQueueBoard", "getQueueStats", "exportQueueStats"],
    "queue.read",
  ),
  ...each(["createQueue", "updateQueue", "setWindowQueues", "putQueueSettings", "closeQueueDay", "setQueueItems"], "queue.manage"),
  ...each(["issueTicket", "getTicketPrint", "cancelTicket", "checkInAppointment"], "queue.issue"),
  ...each(["getTicket", "getWindowConsole", "streamSiteEvents", "streamWindowEvents", "getQueueItems"], "queue.read"),
  ...each(["streamDistrictEvents", "getDistrictQueueSummary"], "queue.read@district"),
  ...each(WINDOW_DESK, "queue.serve"),
  // catalog (district-wide; every member of staff reads it)
  ...each(CATALOG_READ, "site.read"),
  ...each(CATALOG_WRITE, "catalog.write@district"),
  // appointments and their messages
  ...each(["listAppointmentServices", "getAppointmentCalendar", "listAppointments", "exportAppointments"], "appointment.read"),
  listAppointmentOverrides: "appointment.read",
  bookAppointmentForApplicant: "appointment.book",
  ...each(
    [
      "createAppointmentService",
      "updateAppointmentService",
      "setAppointmentCapacityDay",
      "clearAppointmentCapacityDay",
      "cancelAppointmentBySite",
      "moveAppointmentBySite",
      "listAppointmentRestrictions",
      "liftAppointmentRestriction",
      "listNotifications",
      "retryNotification",
    ],
    "appointment.manage",
  ),
  // cases: the record decides the site and department (services check per record)
  ...each(["listCases", "getCase"], "case.read"),
  openCase: "case.intake",
  // accepted or refused by the front office, or upstream by the department for a forwarded case
  ...each(["acceptCase", "refuseCase"], "case.read"),
  ...each(CASE_FRONT_OPS, "case.intake"),
  ...each(CASE_BACK_OPS, "case.process"),
  extendCase: "case.manage",
};

/**
 * Held at some site, for some department, or district-wide: every grant has one of these scopes,
 * so a user holds it somewhere when any grant's role carries it (recordFilterOf's answer, without
 * building its lists on every request).
 */
function holdsSomewhere(p: Principal, perm: Permission): boolean {
  if (p.kind === "user") return p.grants.some((g) => roleHas(g.role, perm));
  const f = recordFilterOf(p, perm);
  return f.all || f.siteIds.length > 0;
}

/** The gate's check for users (devices are checked against device-operations.ts). */
export function assertOperationAccess(p: Principal, operationId: string | undefined, params: unknown): void {
  if (p.kind !== "user" || !operationId) return;
  const need = OPERATION_ACCESS[operationId];
  if (need === undefined || need === "signed_in") return;
  if (need === "device") throw forbidden();
  // A malformed site id names no site: validation answers it with 400.
  if (need.endsWith("@district")) {
    if (!can(p, need.slice(0, -"@district".length) as Permission, null)) throw forbidden();
    return;
  }
  const perm = need as Permission;
  const siteId = (params as { siteId?: unknown } | undefined)?.siteId;
  const named = typeof siteId === "string" && isUuid(siteId);
  const ok = named ? can(p, perm, siteId.toLowerCase()) : holdsSomewhere(p, perm);
  if (!ok) throw forbidden();
}
