export const ROLES = [
  "district_admin",
  "district_supervisor",
  "site_manager",
  "window_staff",
  "back_office",
  "guide",
  "park_operator",
  "evaluator",
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that act for the whole district; every other role is granted for one site (or one department). */
export const DISTRICT_ROLES: readonly Role[] = ["district_admin", "district_supervisor"];

/**
 * Roles that may also be granted for one department (部门) rather than one site: the department's
 * back office processes its cases arriving from any site, and a department manager manages them.
 */
export const DEPARTMENT_ROLES: readonly Role[] = ["site_manager", "back_office"];

export const GRANT_SCOPES = ["district", "site", "department"] as const;
export type GrantScopeKind = (typeof GRANT_SCOPES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  district_admin: { zh: "区级管理员", en: "District administrator" },
  district_supervisor: { zh: "区级督查员", en: "District supervisor" },
  site_manager: { zh: "场所负责人", en: "Site manager" },
  window_staff: { zh: "窗口人员", en: "Window staff" },
  back_office: { zh: "后台审批人员", en: "Back-office processor" },
  guide: { zh: "导办/咨询人员", en: "Guide / consultant" },
  park_operator: { zh: "园区服务站运营人员", en: "Park-station operator" },
  evaluator: { zh: "第三方测评人员", en: "Third-party evaluator" },
};

/** Where a grant applies: the district (both null), one site, or one department (never both). */
export interface GrantScope {
  siteId: string | null;
  departmentId: string | null;
}

export interface RoleGrant extends GrantScope {
  role: Role;
}

export const scopeKindOf = (g: GrantScope): GrantScopeKind =>
  g.siteId !== null ? "site" : g.departmentId !== null ? "department" : "district";
export const isDistrictGrant = (g: GrantScope) => g.siteId === null && g.departmentId === null;

export const DEVICE_KINDS = ["kiosk", "display", "evaluator", "counter_terminal", "printer"] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export type Principal =
  | {
      kind: "user";
      userId: string;
      username: string;
      displayName: string;
      grants: RoleGrant[];
      mustChangePassword: boolean;
      sessionId: string;
    }
  | { kind: "device"; deviceId: string; siteId: string; deviceKind: DeviceKind; windowId: string | null; name: string };
