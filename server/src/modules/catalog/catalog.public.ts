import type { z } from "zod";
import type { Executor } from "../../db/schema.js";
import type { Ctx } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import type { CatalogRow } from "./catalog.repository.js";
import * as repo from "./catalog.repository.js";
import type { Guide, PublicItem, SearchQuery } from "./catalog.schema.js";
import { searchText, searchTextOf } from "./catalog.search.js";
import { departmentsById, groupBy, presentTheme, themesByItem } from "./catalog.service.js";
import * as coverageRepo from "./coverage.repository.js";
import { guideOf, versionInForce } from "./guide.rules.js";

/** The catalog as the public reads it: published versions only, the one in force by default. */

type Version = CatalogRow<"item_versions">;
type Department = { id: string; name: string };

export async function publicVersions(
  db: Executor,
  code: string,
): Promise<{ item: CatalogRow<"items">; dept: Department; published: Version[] }> {
  const item = await repo.findItemByCode(db, code);
  if (!item) throw notFound("Item", "事项");
  const published = await repo.publishedVersionsOf(db, [item.id]);
  if (published.length === 0) throw notFound("Item", "事项");
  const dept = (await repo.findDepartment(db, item.department_id)) as Department;
  return { item, dept: { id: dept.id, name: dept.name }, published };
}

/** Where an item is handled, as the public sees it: site names and contacts, never staff. */
async function sitesOfItem(db: Executor, itemId: string) {
  const [assignments, sites] = await Promise.all([coverageRepo.assignmentsOfItems(db, [itemId]), coverageRepo.listSites(db)]);
  const byId = new Map(sites.map((s) => [s.id, s]));
  return assignments
    .flatMap((a) => {
      const s = byId.get(a.site_id);
      if (s?.active !== 1) return [];
      return [
        {
          code: s.code,
          name: s.name,
          kind: s.kind as PublicItem["sites"][number]["kind"],
          mode: a.mode,
          address: s.address,
          phone: s.phone,
        },
      ];
    })
    .sort((a, b) => a.code.localeCompare(b.code));
}

async function presentPublic(db: Executor, item: CatalogRow<"items">, dept: Department, v: Version, inForce: boolean): Promise<PublicItem> {
  const [themes, sites] = await Promise.all([themesByItem(db, [item.id]), sitesOfItem(db, item.id)]);
  return {
    code: item.code,
    department: dept,
    version: v.version,
    effectiveFrom: v.effective_from as string,
    inForce,
    changeNote: v.change_note,
    guide: guideOf(v),
    themes: themes.get(item.id) ?? [],
    sites,
  };
}

export async function publicItem(ctx: Ctx, code: string): Promise<PublicItem> {
  const { item, dept, published } = await publicVersions(ctx.db, code);
  const v = versionInForce(published, ctx.clock.now().toISOString());
  if (!v) throw notFound("Item", "事项");
  return presentPublic(ctx.db, item, dept, v, true);
}

/** Any published version, earlier ones included; one announced for a later date is readable too. */
export async function publicItemVersion(ctx: Ctx, code: string, version: number): Promise<PublicItem> {
  const { item, dept, published } = await publicVersions(ctx.db, code);
  const v = published.find((x) => x.version === version);
  if (!v) throw notFound("Item version", "事项版本");
  const inForce = versionInForce(published, ctx.clock.now().toISOString())?.version === v.version;
  return presentPublic(ctx.db, item, dept, v, inForce);
}

export async function publicChanges(ctx: Ctx, code: string) {
  const { published } = await publicVersions(ctx.db, code);
  return published
    .map((v) => ({ version: v.version, effectiveFrom: v.effective_from as string, changeNote: v.change_note }))
    .sort((a, b) => b.version - a.version);
}

type Summary = Pick<Guide, "name" | "type" | "target" | "resultName" | "committedLimitDays" | "limitUnit"> & {
  /** What search matches for this version (searchColumns of its guide). */
  search: string;
};

/**
 * Summaries of published versions by version id. A published version never changes, so entries
 * never go stale, on this instance or any other; the cache is only bounded.
 */
const summaries = new Map<string, Summary>();

async function summariesOf(db: Executor, versionIds: string[]): Promise<Map<string, Summary>> {
  const missing = versionIds.filter((id) => !summaries.has(id));
  if (summaries.size + missing.length > 20_000) summaries.clear();
  for (const row of await repo.guidesOfVersions(db, missing)) {
    // Only elements every stored version has: a plain parse, no schema pass.
    const g = JSON.parse(row.guide) as Summary;
    summaries.set(row.id, {
      name: g.name,
      type: g.type,
      target: g.target,
      resultName: g.resultName,
      committedLimitDays: g.committedLimitDays,
      limitUnit: g.limitUnit,
      search: searchTextOf(g),
    });
  }
  return new Map(versionIds.map((id) => [id, summaries.get(id) as Summary]));
}

/** One page of the items in force that match; `total` counts every match. */
export async function searchPublic(ctx: Ctx, query: z.infer<typeof SearchQuery>) {
  const now = ctx.clock.now().toISOString();
  let siteId: string | undefined;
  if (query.site) {
    const site = await coverageRepo.findSiteByCode(ctx.db, query.site);
    if (site?.active !== 1) return { items: [], total: 0 };
    siteId = site.id;
  }
  const filter = {
    now,
    text: searchText(query.q ?? ""),
    dialect: ctx.dialect,
    departmentId: query.department,
    themeCode: query.theme,
    audience: query.audience,
    siteId,
  };
  const offset = (query.page - 1) * query.pageSize;
  // One scan for the total and the page (a count and a page query would scan twice). Items that
  // ever had a version published for a later date are matched against the version in force now
  // (see docs/decisions.md "Search follows the version in force").
  const ids = await scheduledItems(ctx.db);
  const [settled, scheduled] = await Promise.all([
    repo.matchingItems(ctx.db, { ...filter, except: ids }),
    ids.length > 0 ? repo.matchingItems(ctx.db, { ...filter, text: null, audience: undefined, only: ids }) : [],
  ]);
  let matches = settled;
  if (scheduled.length > 0) {
    const found = await scheduledMatches(ctx.db, scheduled, now, filter.text, query.audience);
    if (found.length > 0) matches = [...settled, ...found].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }
  const total = matches.length;
  const items = await repo.itemsByIds(
    ctx.db,
    matches.slice(offset, offset + query.pageSize).map((m) => m.id),
  );
  const pageIds = items.map((i) => i.id);
  const [depts, versions, themes] = await Promise.all([
    departmentsById(ctx.db),
    repo.publishedVersionMeta(ctx.db, pageIds),
    themesByItem(ctx.db, pageIds),
  ]);
  const byItem = groupBy(versions, (v) => v.item_id);
  const inForce = new Map(
    items.flatMap((i) => {
      const v = versionInForce(byItem.get(i.id) ?? [], now);
      return v ? [[i.id, v.id] as const] : [];
    }),
  );
  const guides = await summariesOf(ctx.db, [...inForce.values()]);
  const out = items.flatMap((i) => {
    const g = guides.get(inForce.get(i.id) ?? "");
    if (!g) return [];
    return [
      {
        code: i.code,
        name: g.name,
        department: depts.get(i.department_id) as Department,
        type: g.type,
        target: g.target,
        resultName: g.resultName,
        committedLimitDays: g.committedLimitDays,
        limitUnit: g.limitUnit,
        themes: (themes.get(i.id) ?? []).map((t) => t.code),
      },
    ];
  });
  return { items: out, total };
}

/**
 * Items that ever had a version published for a later date, cached by the number of published
 * versions: only a publish changes the set (versions are never withdrawn), and a publish on any
 * instance changes the number, so no instance keeps a stale set. One index count per search.
 */
const scheduledCache = new WeakMap<Executor, { count: number; ids: string[] }>();
async function scheduledItems(db: Executor): Promise<string[]> {
  const count = await repo.publishedCount(db);
  const cached = scheduledCache.get(db);
  if (cached?.count === count) return cached.ids;
  const ids = await repo.scheduledItemIds(db);
  scheduledCache.set(db, { count, ids });
  return ids;
}

/** Of items that had a version published for a later date, those whose version in force matches. */
async function scheduledMatches(
  db: Executor,
  candidates: { id: string; code: string }[],
  now: string,
  text: string | null,
  audience: "individual" | "enterprise" | undefined,
): Promise<{ id: string; code: string }[]> {
  const byItem = groupBy(
    await repo.publishedVersionMeta(
      db,
      candidates.map((c) => c.id),
    ),
    (v) => v.item_id,
  );
  const inForce = new Map(candidates.map((c) => [c.id, versionInForce(byItem.get(c.id) ?? [], now)?.id]));
  const guides = await summariesOf(
    db,
    [...inForce.values()].filter((v): v is string => v !== undefined),
  );
  return candidates.filter((c) => {
    const g = guides.get(inForce.get(c.id) ?? "");
    if (!g) return false;
    if (text && !g.search.includes(text)) return false;
    if (audience === "individual" && !g.target.includes("个人")) return false;
    if (audience === "enterprise" && !g.target.includes("法人")) return false;
    return true;
  });
}

export async function publicDepartments(ctx: Ctx): Promise<Department[]> {
  return (await repo.listDepartments(ctx.db)).map((d) => ({ id: d.id, name: d.name }));
}

export async function publicThemes(ctx: Ctx) {
  const now = ctx.clock.now().toISOString();
  const [themes, counts] = await Promise.all([repo.listThemes(ctx.db), repo.themeCounts(ctx.db, now)]);
  const n = new Map(counts.map((c) => [c.theme_code, c.n]));
  return themes.map((t) => ({ ...presentTheme(t), itemCount: n.get(t.code) ?? 0 }));
}
