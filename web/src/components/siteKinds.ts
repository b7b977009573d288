import { SITE_KINDS, type SiteKind } from "../api/types";

/** One colour per kind of site, the same on every screen. */
export const KIND_COLORS: Record<SiteKind, string> = {
  professional_hall: "blue",
  street_center: "green",
  park_station: "purple",
  community_station: "orange",
};

/** Professional halls first, then street centers, park and community stations; by name within a kind. */
export function sortSites<T extends { kind: SiteKind; name: string }>(sites: readonly T[]): T[] {
  return [...sites].sort((a, b) => SITE_KINDS.indexOf(a.kind) - SITE_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name, "zh-CN"));
}
