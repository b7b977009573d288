import { AppError, forbidden } from "../errors.js";
import { type DeviceKind, DISTRICT_ROLES, type Principal, type Role } from "./principal.js";

/**
 * The one place where access is decided. A permission is granted by a role; a site-scoped
 * role covers its own site only, a district role covers every site.
 */
export const PERMISSIONS = [
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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const QUEUE_ALL: Permission[] = ["queue.read", "queue.issue", "queue.serve", "queue.manage"];
/** Appointments: staff read and book (by phone, on site); managers set capacity; only a site manager overrides the 8-hour rule. */
const APPT_STAFF: Permission[] = ["appointment.read", "appointment.book"];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  district_admin: PERMISSIONS,
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

/** What a registered device may do, at its own site only. A counter terminal acts only for its window. */
const DEVICE_PERMISSIONS: Record<DeviceKind, readonly Permission[]> = {
  kiosk: ["queue.issue", "queue.read"],
  display: ["queue.read"],
  counter_terminal: ["queue.read", "queue.serve"],
  evaluator: [],
  printer: [],
};

export function roleHas(role: Role, perm: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(perm);
}

/** The role through which the principal holds `perm` at `siteId` (null = district-wide), or undefined. */
export function grantingRole(p: Principal, perm: Permission, siteId: string | null): Role | undefined {
  if (p.kind !== "user") return undefined;
  for (const g of p.grants) {
    if (!roleHas(g.role, perm)) continue;
    if (g.siteId === null || (siteId !== null && g.siteId === siteId)) return g.role;
  }
  return undefined;
}

export function can(p: Principal, perm: Permission, siteId: string | null): boolean {
  if (p.kind === "device") return siteId !== null && siteId === p.siteId && DEVICE_PERMISSIONS[p.deviceKind].includes(perm);
  return grantingRole(p, perm, siteId) !== undefined;
}

export function assertCan(p: Principal | null, perm: Permission, siteId: string | null): asserts p is Principal {
  if (!p) throw unauthenticated();
  if (!can(p, perm, siteId)) throw forbidden();
}

/** Sites on which the principal holds `perm`: "all" for district-wide grants. */
export function scopeOf(p: Principal, perm: Permission): "all" | string[] {
  if (p.kind === "device") return [];
  const sites = new Set<string>();
  for (const g of p.grants) {
    if (!roleHas(g.role, perm)) continue;
    if (g.siteId === null) return "all";
    sites.add(g.siteId);
  }
  return [...sites];
}

/** Who may grant a role: district roles only by a district administrator; site roles by whoever may manage staff there. */
export function assertCanGrant(p: Principal, role: Role, siteId: string | null): void {
  const isDistrict = DISTRICT_ROLES.includes(role);
  if (isDistrict !== (siteId === null)) {
    throw new AppError(
      400,
      "role_scope_invalid",
      isDistrict ? "区级角色不能限定到单个场所" : "场所角色必须指定场所",
      isDistrict ? "A district role cannot be limited to one site" : "A site role needs a site",
    );
  }
  assertCan(p, "staff.write", siteId);
}

export function requireUser(p: Principal | null): Extract<Principal, { kind: "user" }> {
  if (!p) throw unauthenticated();
  if (p.kind !== "user") throw forbidden();
  return p;
}

export function requireDevice(p: Principal | null): Extract<Principal, { kind: "device" }> {
  if (!p) throw unauthenticated();
  if (p.kind !== "device") throw forbidden();
  return p;
}

export const unauthenticated = () => new AppError(401, "unauthenticated", "请先登录", "Sign in first");
