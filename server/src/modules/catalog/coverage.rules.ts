/**
 * The coverage rule (应进必进, C3), as a pure function of where items are assigned.
 *
 * Places that count as "handled" (P10, S10): the district comprehensive hall, the item's own
 * department's professional hall, or sunk to the street tier (street centers, and community
 * stations, which follow the street-center norm, S33). An approved item must be handled in
 * exactly one of those three places. Park stations only assist (Y6, Y7): they explain and help
 * with applications, they never handle; an assignment there in `handle` mode is against the rule
 * and does not count. A hall not linked to any department, or linked to another department, is
 * against the rule too (P10 names the department's own hall).
 */

export type Place = "comprehensive" | "professional" | "street";
export type Severity = "violation" | "warning";

export interface SiteInfo {
  id: string;
  code: string;
  name: string;
  kind: string;
  active: number;
  /** For professional-hall sites: "comprehensive", a department id, or null when not linked. */
  hall: "comprehensive" | string | null;
}

export interface Assignment {
  siteId: string;
  mode: "handle" | "assist";
}

export interface CoverageProblem {
  code: string;
  severity: Severity;
  zh: string;
  en: string;
}

const PLACE_ZH: Record<Place, string> = { comprehensive: "区综合行政服务大厅", professional: "本部门专业大厅", street: "街镇（下沉）" };

/** The place an assignment puts an item in, or null if it does not count as handling. */
export function placeOf(
  site: SiteInfo,
  mode: Assignment["mode"],
  departmentId: string,
): { place: Place | null; problem?: CoverageProblem } {
  if (mode === "assist") return { place: null };
  switch (site.kind) {
    case "street_center":
    case "community_station":
      return { place: "street" };
    case "park_station":
      return {
        place: null,
        problem: {
          code: "park_station_handles",
          severity: "violation",
          zh: `园区服务站“${site.name}”只能提供辅助服务（帮办代办），不能作为办理场所`,
          en: `The park station "${site.name}" may only assist; it cannot handle items`,
        },
      };
    case "professional_hall":
      if (site.hall === "comprehensive") return { place: "comprehensive" };
      if (site.hall === null) {
        return {
          place: "professional",
          problem: {
            code: "hall_unlinked",
            severity: "violation",
            zh: `专业大厅“${site.name}”尚未关联主管部门`,
            en: `The professional hall "${site.name}" is not linked to a department`,
          },
        };
      }
      if (site.hall !== departmentId) {
        return {
          place: null,
          problem: {
            code: "other_department_hall",
            severity: "violation",
            zh: `事项进驻了其他部门的专业大厅“${site.name}”`,
            en: `The item is placed in another department's professional hall "${site.name}"`,
          },
        };
      }
      return { place: "professional" };
    default:
      return { place: null };
  }
}

export interface ItemCoverage {
  places: Place[];
  problems: CoverageProblem[];
}

/** Places and problems of one catalog item. `streetCenters` are the ids of active street centers. */
export function coverageOf(
  departmentId: string,
  assignments: Assignment[],
  sites: Map<string, SiteInfo>,
  streetCenters: string[],
): ItemCoverage {
  const places = new Set<Place>();
  const problems: CoverageProblem[] = [];
  for (const a of assignments) {
    const site = sites.get(a.siteId);
    if (site?.active !== 1) continue;
    const r = placeOf(site, a.mode, departmentId);
    if (r.place) places.add(r.place);
    if (r.problem && !problems.some((p) => p.code === r.problem?.code && p.zh === r.problem.zh)) problems.push(r.problem);
  }
  const list = [...places].sort();
  if (list.length === 0) {
    problems.unshift({
      code: "handled_nowhere",
      severity: "violation",
      zh: "事项未进驻任何办理场所（应进必进）",
      en: "The item is handled nowhere (every approved item must be handled in one place)",
    });
  }
  if (list.length > 1) {
    problems.push({
      code: "multiple_places",
      severity: "violation",
      zh: `事项同时进驻了${list.map((p) => PLACE_ZH[p]).join("、")}，只能选其一`,
      en: `The item is placed in more than one of the exclusive places (${list.join(", ")})`,
    });
  }
  if (list.includes("street")) {
    const handledAt = new Set(assignments.filter((a) => a.mode === "handle").map((a) => a.siteId));
    const missing = streetCenters.filter((id) => !handledAt.has(id));
    if (missing.length > 0) {
      problems.push({
        code: "street_partial",
        severity: "warning",
        zh: `下沉事项尚有 ${missing.length} 个街镇中心未办理：${missing.map((id) => sites.get(id)?.name ?? id).join("、")}`,
        en: `A sunk item is not yet handled at ${missing.length} street center(s)`,
      });
    }
  }
  return { places: list, problems };
}

/** Department names as the city list and the catalog write them: 海淀区市场监督管理局 = 区市场监督管理局. */
export function sameDepartment(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .replace(/\s+/g, "")
      .replace(/^北京市/, "")
      .replace(/^[\u4e00-\u9fa5]{1,5}?区/, "")
      .replace(/^区/, "");
  return norm(a) === norm(b);
}
