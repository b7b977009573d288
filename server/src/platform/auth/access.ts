import { AppError, forbidden } from "../errors.js";
import {
  DEPARTMENT_ROLES,
  type DeviceKind,
  DISTRICT_ROLES,
  type GrantScope,
  isDistrictGrant,
  type Principal,
  type Role,
  scopeKindOf,
} from "./principal.js";

/**
 * The one place where access is decided. A permission is granted by a role; a site-scoped
 * grant covers its own site only, a department grant the records its department decides, a
 * district grant everything. Services call `assertCan` (a site) or `assertCanRecord` (a record
 * with its site, department and handler).
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
  "case.read",
  "case.intake",
  "case.process",
  "case.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const QUEUE_ALL: Permission[] = ["queue.read", "queue.issue", "queue.serve", "queue.manage"];
/** Appointments: staff read and book (by phone, on site); managers set capacity; only a site manager overrides the 8-hour rule. */
const APPT_STAFF: Permission[] = ["appointment.read", "appointment.book"];

/** Cases: the front office receives, accepts and delivers; the back office processes and decides; a manager also approves extensions. */
const CASE_FRONT: Permission[] = ["case.read", "case.intake"];
const CASE_ALL: Permission[] = ["case.read", "case.intake", "case.process", "case.manage"];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  district_admin: PERMISSIONS,
  district_supervisor: ["site.read", "staff.read", "device.read", "audit.read", "queue.read", "appointment.read", "case.read"],
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
    ...CASE_ALL,
  ],
  park_operator: ["site.read", "site.write", "staff.read", "device.read", ...QUEUE_ALL, ...APPT_STAFF, "appointment.manage", ...CASE_FRONT],
  window_staff: ["site.read", "queue.read", "queue.issue", "queue.serve", ...APPT_STAFF, ...CASE_FRONT],
  back_office: ["site.read", "queue.read", "case.read", "case.process"],
  guide: ["site.read", "queue.read", "queue.issue", ...APPT_STAFF, ...CASE_FRONT],
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

/** Every permission a role carries (for the signed-in user's own view of what they may do). */
export const permissionsOf = (role: Role): readonly Permission[] => ROLE_PERMISSIONS[role];

/**
 * What a record is attached to, for a per-record decision: the site it belongs to (a case's
 * receiving site), the department that decides it, and the user handling it. Omitted or null
 * parts grant nothing; a record with none of them is reachable through district grants only.
 */
export interface RecordScope {
  siteId?: string | null;
  departmentId?: string | null;
  handlerId?: string | null;
}

/** Whether one grant reaches a record: a district grant reaches all, a site grant its site, a department grant its department. */
function grantReaches(g: GrantScope, r: RecordScope): boolean {
  if (isDistrictGrant(g)) return true;
  if (g.siteId !== null) return r.siteId != null && g.siteId === r.siteId;
  return r.departmentId != null && g.departmentId === r.departmentId;
}

function deviceCan(p: Extract<Principal, { kind: "device" }>, perm: Permission, siteId: string | null | undefined): boolean {
  return siteId != null && siteId === p.siteId && DEVICE_PERMISSIONS[p.deviceKind].includes(perm);
}

/** The role through which the user holds `perm` on the record (its site, department or handler), or undefined. */
export function grantingRoleFor(p: Principal, perm: Permission, r: RecordScope): Role | undefined {
  if (p.kind !== "user") return undefined;
  const held = p.grants.filter((g) => roleHas(g.role, perm));
  const direct = held.find((g) => grantReaches(g, r));
  if (direct) return direct.role;
  // The handler of a record reaches it through any role that carries the permission.
  if (r.handlerId != null && r.handlerId === p.userId) return held[0]?.role;
  return undefined;
}

/** The role through which the principal holds `perm` at `siteId` (null = district-wide), or undefined. */
export function grantingRole(p: Principal, perm: Permission, siteId: string | null): Role | undefined {
  return grantingRoleFor(p, perm, { siteId });
}

/** Per-record access: through the record's site, its department, or the user handling it. */
export function canRecord(p: Principal, perm: Permission, r: RecordScope): boolean {
  if (p.kind === "device") return deviceCan(p, perm, r.siteId);
  return grantingRoleFor(p, perm, r) !== undefined;
}

/** Site-level access (null: district-wide). Department grants do not reach a site as such. */
export function can(p: Principal, perm: Permission, siteId: string | null): boolean {
  return canRecord(p, perm, { siteId });
}

export function assertCan(p: Principal | null, perm: Permission, siteId: string | null): asserts p is Principal {
  if (!p) throw unauthenticated();
  if (!can(p, perm, siteId)) throw forbidden();
}

/** The per-record check services call before reading or changing a record (e.g. a case). */
export function assertCanRecord(p: Principal | null, perm: Permission, r: RecordScope): asserts p is Principal {
  if (!p) throw unauthenticated();
  if (!canRecord(p, perm, r)) throw forbidden();
}

/** Whether the principal holds `perm` for a whole grant scope: the district, one site or one department (or wider). */
export function canAt(p: Principal, perm: Permission, scope: GrantScope): boolean {
  if (scope.siteId !== null) return can(p, perm, scope.siteId);
  if (scope.departmentId !== null) return canRecord(p, perm, { departmentId: scope.departmentId });
  return can(p, perm, null);
}

/** Sites on which the principal holds `perm`: "all" for district-wide grants. Department grants add no site. */
export function scopeOf(p: Principal, perm: Permission): "all" | string[] {
  const f = recordFilterOf(p, perm);
  return f.all ? "all" : f.siteIds;
}

/**
 * Which records a list query may return for `perm`: everything, or records of these sites, of
 * these departments, or handled by this user. A repository turns it into
 * `site_id IN (…) OR department_id IN (…) OR handler_id = …`.
 */
export type RecordFilter = { all: true } | { all: false; siteIds: string[]; departmentIds: string[]; handlerId: string | null };

export function recordFilterOf(p: Principal, perm: Permission): RecordFilter {
  if (p.kind === "device") {
    return { all: false, siteIds: DEVICE_PERMISSIONS[p.deviceKind].includes(perm) ? [p.siteId] : [], departmentIds: [], handlerId: null };
  }
  const held = p.grants.filter((g) => roleHas(g.role, perm));
  if (held.some(isDistrictGrant)) return { all: true };
  return {
    all: false,
    siteIds: [...new Set(held.flatMap((g) => (g.siteId !== null ? [g.siteId] : [])))],
    departmentIds: [...new Set(held.flatMap((g) => (g.departmentId !== null ? [g.departmentId] : [])))],
    handlerId: held.length > 0 ? p.userId : null,
  };
}

/** What the signed-in user may do, per scope: district-wide, and in addition at each site and department. */
export interface EffectivePermissions {
  district: Permission[];
  sites: Record<string, Permission[]>;
  departments: Record<string, Permission[]>;
}

export function effectivePermissions(p: Principal): EffectivePermissions {
  const out: EffectivePermissions = { district: [], sites: {}, departments: {} };
  if (p.kind !== "user") return out;
  const add = (list: Permission[], role: Role) => {
    for (const perm of ROLE_PERMISSIONS[role]) if (!list.includes(perm)) list.push(perm);
  };
  const listOf = (map: Record<string, Permission[]>, key: string) => {
    map[key] ??= [];
    return map[key];
  };
  for (const g of p.grants) {
    if (g.siteId !== null) add(listOf(out.sites, g.siteId), g.role);
    else if (g.departmentId !== null) add(listOf(out.departments, g.departmentId), g.role);
    else add(out.district, g.role);
  }
  const order = (list: Permission[]) => list.sort((a, b) => PERMISSIONS.indexOf(a) - PERMISSIONS.indexOf(b));
  order(out.district);
  for (const list of [...Object.values(out.sites), ...Object.values(out.departments)]) order(list);
  return out;
}

const scopeInvalid = (zh: string, en: string) => new AppError(400, "role_scope_invalid", zh, en);

/** A grant scope names one site or one department (or neither: the district), never both. */
export function assertGrantScope(scope: GrantScope): void {
  if (scope.siteId !== null && scope.departmentId !== null) {
    throw scopeInvalid("授权范围只能是一个场所或一个部门", "A grant is for one site or one department, not both");
  }
}

/** Who may grant a role: district roles only by a district administrator; site and department roles by whoever may manage staff there. */
export function assertCanGrant(p: Principal, role: Role, scope: GrantScope): void {
  assertGrantScope(scope);
  const kind = scopeKindOf(scope);
  if (DISTRICT_ROLES.includes(role) && kind !== "district") {
    throw scopeInvalid("区级角色不能限定到单个场所或部门", "A district role cannot be limited to one site or department");
  }
  if (!DISTRICT_ROLES.includes(role) && kind === "district")
    throw scopeInvalid("场所角色必须指定场所（或部门）", "A site role needs a site (or a department)");
  if (kind === "department" && !DEPARTMENT_ROLES.includes(role)) {
    throw scopeInvalid("该角色只能授予到场所，不能授予到部门", "This role is granted at a site, not for a department");
  }
  if (!canAt(p, "staff.write", scope)) throw forbidden();
}

/**
 * Whether the principal may manage a user holding `grants`: every one of them must lie within
 * scopes where the principal may write staff; a user with no grant at all (or with a district
 * grant) only by a district administrator, so nobody can take over an account by first granting
 * it a role of their own.
 */
export function canManageUser(p: Principal, grants: readonly GrantScope[]): boolean {
  if (grants.length === 0) return can(p, "staff.write", null);
  return grants.every((g) => canAt(p, "staff.write", g));
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
