import type { Grant, Me, Role } from "../../api/types";

/**
 * What each role may do — a mirror of the server's ROLE_PERMISSIONS (server/src/platform/auth/access.ts),
 * used only to shape the navigation and hide buttons. The server decides; a 403 is still shown if they differ.
 */
export type Permission =
  | "site.read"
  | "site.write"
  | "site.create"
  | "staff.read"
  | "staff.write"
  | "device.read"
  | "device.write"
  | "audit.read"
  | "calendar.write"
  | "system.read"
  | "queue.read"
  | "queue.issue"
  | "queue.serve"
  | "queue.manage"
  | "catalog.write"
  | "appointment.read"
  | "appointment.book"
  | "appointment.manage"
  | "appointment.override";

const ALL: Permission[] = [
  "site.read",
  "site.write",
  "site.create",
  "staff.read",
  "staff.write",
  "device.read",
  "device.write",
  "audit.read",
  "calendar.write",
  "system.read",
  "queue.read",
  "queue.issue",
  "queue.serve",
  "queue.manage",
  "catalog.write",
  "appointment.read",
  "appointment.book",
  "appointment.manage",
  "appointment.override",
];
const QUEUE_ALL: Permission[] = ["queue.read", "queue.issue", "queue.serve", "queue.manage"];
const APPT_STAFF: Permission[] = ["appointment.read", "appointment.book"];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  district_admin: ALL,
  district_supervisor: ["site.read", "staff.read", "device.read", "audit.read", "queue.read", "appointment.read"],
  site_manager: [
    "site.read",
    "site.write",
    "staff.read",
    "staff.write",
    "device.read",
    "device.write",
    "audit.read",
    ...QUEUE_ALL,
    ...APPT_STAFF,
    "appointment.manage",
    "appointment.override",
  ],
  park_operator: ["site.read", "site.write", "staff.read", "device.read", ...QUEUE_ALL, ...APPT_STAFF, "appointment.manage"],
  window_staff: ["site.read", "queue.read", "queue.issue", "queue.serve", ...APPT_STAFF],
  back_office: ["site.read", "queue.read"],
  guide: ["site.read", "queue.read", "queue.issue", ...APPT_STAFF],
  evaluator: ["site.read", "queue.read"],
};

/** Whether the user holds `perm` at `siteId` (null: district-wide). */
export function can(grants: readonly Grant[], perm: Permission, siteId: string | null): boolean {
  return grants.some((g) => ROLE_PERMISSIONS[g.role].includes(perm) && (g.siteId === null || (siteId !== null && g.siteId === siteId)));
}

/** Whether the user holds `perm` at some site or district-wide. */
export function canAnywhere(grants: readonly Grant[], perm: Permission): boolean {
  return grants.some((g) => ROLE_PERMISSIONS[g.role].includes(perm));
}

export function isDistrict(me: Me): boolean {
  return me.grants.some((g) => g.siteId === null);
}

/** The user's roles at one site, district roles included. */
export function rolesAt(grants: readonly Grant[], siteId: string | null): Role[] {
  return grants.filter((g) => g.siteId === null || g.siteId === siteId).map((g) => g.role);
}
