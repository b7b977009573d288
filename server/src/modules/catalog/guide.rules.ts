import { badRequest } from "../../platform/errors.js";
import type { CatalogRow } from "./catalog.repository.js";
import { Guide } from "./catalog.schema.js";
import { searchTextOf } from "./catalog.search.js";

/** What a guide must satisfy beyond its schema, and which stored version the public sees. */

type Version = CatalogRow<"item_versions">;

/** A stored guide, with elements added since it was written filled with their defaults. */
export const guideOf = (v: Pick<Version, "guide">): Guide => Guide.parse(JSON.parse(v.guide));

/** Columns of `items` that follow the guide: what search and browsing by audience match. */
export const searchColumns = (g: Guide) => ({
  search: searchTextOf(g),
  for_individual: g.target.includes("个人") ? 1 : 0,
  for_enterprise: g.target.includes("法人") ? 1 : 0,
});

/** The version the public sees at `now`: the highest-numbered published one already in effect. */
export function versionInForce<V extends Pick<Version, "status" | "effective_from" | "version">>(
  versions: V[],
  now: string,
): V | undefined {
  return versions
    .filter((v) => v.status === "published" && v.effective_from !== null && v.effective_from <= now)
    .reduce<V | undefined>((best, v) => (!best || v.version > best.version ? v : best), undefined);
}

export interface GuideProblem {
  /** The guide field at fault, e.g. `committedLimitDays` or `materials`. */
  field: string;
  code: string;
  zh: string;
  en: string;
}

/** Rules a schema cannot state: they span fields of the guide. */
export function guideProblems(g: Guide): GuideProblem[] {
  const out: GuideProblem[] = [];
  if (g.statutoryLimitDays !== null && g.committedLimitDays !== null && g.committedLimitDays > g.statutoryLimitDays) {
    out.push({
      field: "committedLimitDays",
      code: "committed_exceeds_statutory",
      zh: "承诺办结时限不能长于法定时限",
      en: "The committed time limit cannot be longer than the statutory one",
    });
  }
  const vague = g.materials.find((m) => !m.required && !m.condition);
  if (vague) {
    out.push({
      field: "materials",
      code: "material_condition_missing",
      zh: `非必需材料“${vague.name}”须写明在什么情况下提交`,
      en: `The conditional material "${vague.name}" must say when it is needed`,
    });
  }
  if (g.fee.charged && !g.fee.amount) {
    out.push({ field: "fee", code: "fee_amount_missing", zh: "收费事项须写明收费标准", en: "A charged item must state the fee" });
  }
  const names = new Set(g.materials.map((m) => m.name));
  if (names.size !== g.materials.length) {
    out.push({
      field: "materials",
      code: "material_name_repeated",
      zh: "同一材料不能列出两次（材料名称须各不相同）",
      en: "A material is listed twice (material names must differ)",
    });
  }
  out.push(...minorGapProblems(g, names));
  return out;
}

/** 容缺受理: materials that may follow must be listed, mandatory and in the material list, with a deadline; none when it is not allowed. */
function minorGapProblems(g: Guide, names: Set<string>): GuideProblem[] {
  const out: GuideProblem[] = [];
  const gaps = g.minorGaps;
  if (!gaps.allowed) {
    if (gaps.materials.length > 0) {
      out.push({
        field: "minorGaps",
        code: "minor_gaps_not_allowed",
        zh: "未允许容缺受理时不能列出容缺材料",
        en: "Materials that may follow are listed although acceptance with minor gaps is not allowed",
      });
    }
    return out;
  }
  const unknown = gaps.materials.find((m) => !names.has(m));
  if (gaps.materials.length === 0 || unknown !== undefined) {
    out.push({
      field: "minorGaps",
      code: "minor_gaps_material_unknown",
      zh: unknown ? `容缺材料“${unknown}”不在申请材料清单中` : "允许容缺受理时须列明可后补的材料",
      en: unknown ? `The material "${unknown}" allowed to follow is not in the material list` : "Name the materials that may follow",
    });
  }
  if (gaps.deadlineDays === null || gaps.deadlineDays < 1) {
    out.push({
      field: "minorGaps",
      code: "minor_gaps_deadline_missing",
      zh: "允许容缺受理时须写明补交期限（工作日）",
      en: "Acceptance with minor gaps needs a deadline (working days) to supply them",
    });
  }
  const mandatory = gaps.materials.filter((m) => g.materials.find((x) => x.name === m)?.required === false);
  if (mandatory.length > 0) {
    out.push({
      field: "minorGaps",
      code: "minor_gaps_conditional",
      zh: `容缺材料须是必需材料：“${mandatory[0]}”本身是非必需材料`,
      en: `Only mandatory materials may follow later: "${mandatory[0]}" is conditional`,
    });
  }
  return out;
}

export function checkGuide(g: Guide): void {
  const first = guideProblems(g)[0];
  if (first) throw badRequest(first.code, first.zh, first.en);
}
