import type { Me, Role } from "./types";

/**
 * What the signed-in user may do, as the server tells it (`GET /api/auth/me` → `permissions`):
 * district-wide, and in addition at each site and for each department. The web keeps no role
 * table of its own; it only reads this to shape navigation and buttons. The server still decides.
 */
export type Permission = Me["permissions"]["district"][number];

/** Whether the user holds `perm` at `siteId` (null: district-wide). */
export function can(me: Me, perm: Permission, siteId: string | null): boolean {
  if (me.permissions.district.includes(perm)) return true;
  return siteId !== null && (me.permissions.sites[siteId]?.includes(perm) ?? false);
}

/** Whether the user holds `perm` for one department (or district-wide). */
export function canForDepartment(me: Me, perm: Permission, departmentId: string): boolean {
  return me.permissions.district.includes(perm) || (me.permissions.departments[departmentId]?.includes(perm) ?? false);
}

/** Whether the user holds `perm` anywhere: district-wide, at some site or for some department. */
export function canAnywhere(me: Me, perm: Permission): boolean {
  const { district, sites, departments } = me.permissions;
  return district.includes(perm) || [...Object.values(sites), ...Object.values(departments)].some((list) => list.includes(perm));
}

/** Sites where the user holds `perm` through a site grant (district grants reach every site). */
export function sitesWhere(me: Me, perm: Permission): string[] {
  return Object.entries(me.permissions.sites)
    .filter(([, list]) => list.includes(perm))
    .map(([id]) => id);
}

/** Whether the user acts for the whole district (any district-wide permission). */
export function isDistrict(me: Me): boolean {
  return me.permissions.district.length > 0;
}

/** The user's roles at one site, district roles included (for showing who one is, not for deciding). */
export function rolesAt(me: Me, siteId: string | null): Role[] {
  return me.grants
    .filter((g) => (g.siteId === null && g.departmentId === null) || (siteId !== null && g.siteId === siteId))
    .map((g) => g.role);
}
