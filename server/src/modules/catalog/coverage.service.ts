import type { Executor } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { assertCan } from "../../platform/auth/access.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, conflict, notFound } from "../../platform/errors.js";
import * as repo from "./catalog.repository.js";
import { canReadStaff, canWrite, departmentsById, groupBy } from "./catalog.service.js";
import * as coverageRepo from "./coverage.repository.js";
import { type Assignment, type CoverageProblem, coverageOf, type Place, type SiteInfo, sameDepartment } from "./coverage.rules.js";
import { guideOf, versionInForce } from "./guide.rules.js";

type Mode = "handle" | "assist";
type SiteKind = "professional_hall" | "street_center" | "park_station" | "community_station";

/** Sites as the coverage rule sees them: kind, and for professional halls what they are a hall of. */
export async function siteInfos(db: Executor): Promise<Map<string, SiteInfo>> {
  const [sites, halls] = await Promise.all([coverageRepo.listSites(db), coverageRepo.listHalls(db)]);
  const hallOf = new Map(halls.map((h) => [h.site_id, h.department_id ?? "comprehensive"]));
  return new Map(sites.map((s) => [s.id, { ...s, hall: hallOf.get(s.id) ?? null }]));
}

const streetCentersOf = (sites: Map<string, SiteInfo>) =>
  [...sites.values()].filter((s) => s.kind === "street_center" && s.active === 1).map((s) => s.id);

/** The name in the latest version (draft or not); the name is in every stored guide, so no schema pass. */
const latestName = (versions: { guide: string; version: number }[]) =>
  versions.length ? (JSON.parse(versions.reduce((a, b) => (b.version > a.version ? b : a)).guide) as { name: string }).name : "";

// ---- assignments ----------------------------------------------------------------------------

export async function getAssignments(ctx: Ctx, itemId: string) {
  canReadStaff(ctx);
  return presentAssignments(ctx.db, itemId);
}

async function presentAssignments(db: Executor, itemId: string) {
  const item = await repo.findItem(db, itemId);
  if (!item) throw notFound("Item", "事项");
  const [assignments, sites, versions, depts] = await Promise.all([
    coverageRepo.assignmentsOfItems(db, [itemId]),
    siteInfos(db),
    repo.versionsOf(db, [itemId]),
    departmentsById(db),
  ]);
  const list: Assignment[] = assignments.map((a) => ({ siteId: a.site_id, mode: a.mode }));
  const cov = coverageOf(item.department_id, list, sites, streetCentersOf(sites));
  return {
    itemId: item.id,
    code: item.code,
    name: latestName(versions),
    department: depts.get(item.department_id) ?? { id: item.department_id, name: "" },
    sites: assignments
      .map((a) => {
        const s = sites.get(a.site_id) as SiteInfo;
        return { siteId: s.id, code: s.code, name: s.name, kind: s.kind as SiteKind, mode: a.mode };
      })
      .sort((a, b) => a.code.localeCompare(b.code)),
    places: cov.places,
    problems: cov.problems,
  };
}

/** The sites of the new assignments, each once and each existing. */
function assignedSites(input: { siteId: string }[], sites: Map<string, { name: string }>): Set<string> {
  const seen = new Set<string>();
  for (const a of input) {
    if (!sites.has(a.siteId)) throw new AppError(422, "site_not_found", "所选场所不存在", "The site does not exist");
    if (seen.has(a.siteId)) {
      throw new AppError(422, "site_repeated", "同一场所只能出现一次", "A site may appear only once");
    }
    seen.add(a.siteId);
  }
  return seen;
}

/** A site dropped from the item must have no queue still serving it. */
async function assertNoQueueServesDropped(
  tx: Executor,
  itemId: string,
  before: { site_id: string }[],
  kept: Set<string>,
  sites: Map<string, { name: string }>,
): Promise<void> {
  for (const b of before) {
    if (kept.has(b.site_id)) continue;
    const queues = await coverageRepo.queuesServingItem(tx, b.site_id, itemId);
    if (queues.length > 0) {
      const site = sites.get(b.site_id)?.name ?? "";
      throw conflict(
        "item_in_queue_use",
        `“${site}”的排队队列仍在办理该事项，请先在队列设置中移除`,
        `Queues at "${site}" still serve this item; remove it from them first`,
      );
    }
  }
}

/**
 * Replaces where an item is handled. Assignments against the rule are stored (the office may
 * record things as they are) and shown as problems; what cannot be stored is a site that does not
 * exist, and dropping a site whose queues still serve the item.
 */
export async function setAssignments(ctx: Ctx, itemId: string, input: { siteId: string; mode: Mode }[]) {
  canWrite(ctx);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    // Locked before the queues are checked, like setQueueItems: neither can act on what the other
    // is about to change (a queue serving an item no longer assigned to its site).
    const item = await repo.lockItem(tx, itemId);
    if (!item) throw notFound("Item", "事项");
    const sites = await siteInfos(tx);
    const seen = assignedSites(input, sites);
    const before = await coverageRepo.assignmentsOfItems(tx, [itemId]);
    await assertNoQueueServesDropped(tx, itemId, before, seen, sites);
    const rows = input.map((a) => ({ item_id: itemId, site_id: a.siteId, mode: a.mode, created_at: now }));
    await coverageRepo.replaceAssignments(tx, itemId, rows);
    await audit(tx, ctx, {
      action: "item.assignments.set",
      entityType: "item",
      entityId: itemId,
      siteId: null,
      before: before.map((b) => ({ siteId: b.site_id, mode: b.mode })),
      after: input,
    });
  });
  return presentAssignments(ctx.db, itemId);
}

// ---- halls ----------------------------------------------------------------------------------

export async function listHalls(ctx: Ctx) {
  canReadStaff(ctx);
  const [sites, depts] = await Promise.all([siteInfos(ctx.db), departmentsById(ctx.db)]);
  return [...sites.values()]
    .filter((s) => s.kind === "professional_hall")
    .map((s) => ({
      siteId: s.id,
      code: s.code,
      name: s.name,
      role: s.hall === "comprehensive" ? ("comprehensive" as const) : s.hall ? ("department" as const) : ("unlinked" as const),
      department: s.hall && s.hall !== "comprehensive" ? (depts.get(s.hall) ?? null) : null,
    }));
}

/** Links a professional hall to its department, or marks it the district comprehensive hall. */
export async function setHall(ctx: Ctx, siteId: string, input: { role: "comprehensive" } | { role: "department"; departmentId: string }) {
  canWrite(ctx);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const site = await coverageRepo.findSite(tx, siteId);
    if (!site) throw notFound("Site", "场所");
    if (site.kind !== "professional_hall") {
      throw new AppError(
        422,
        "not_a_hall",
        "只有专业大厅可以关联部门或设为综合大厅",
        "Only a professional hall can be linked to a department",
      );
    }
    const departmentId = input.role === "department" ? input.departmentId : null;
    if (departmentId && !(await repo.findDepartment(tx, departmentId))) {
      throw new AppError(422, "department_not_found", "所选部门不存在", "The department does not exist");
    }
    const row = { site_id: siteId, department_id: departmentId, updated_at: now };
    await coverageRepo.upsertHall(tx, row);
    await audit(tx, ctx, { action: "catalog.hall.set", entityType: "site", entityId: siteId, siteId, after: row });
  });
  return (await listHalls(ctx)).find((h) => h.siteId === siteId);
}

// ---- coverage report ------------------------------------------------------------------------

export interface CoverageRow {
  code: string;
  name: string;
  department: string;
  approved: boolean;
  inCatalog: boolean;
  places: Place[];
  sites: { code: string; name: string; kind: SiteKind; mode: Mode }[];
  problems: CoverageProblem[];
}

const HANDLED_NOWHERE = new Set(["handled_nowhere", "not_in_catalog"]);
const AGAINST_RULE = new Set(["multiple_places", "other_department_hall", "park_station_handles", "hall_unlinked"]);

/** The coverage report (C3): every catalog item and every approved item, with its problems. */
export async function coverageReport(ctx: Ctx) {
  canReadStaff(ctx);
  const db = ctx.db;
  const items = await repo.listItems(db);
  const [versions, sites, assignments, city, depts] = await Promise.all([
    repo.versionsOf(
      db,
      items.map((i) => i.id),
    ),
    siteInfos(db),
    coverageRepo.allAssignments(db),
    coverageRepo.listCityItems(db),
    departmentsById(db),
  ]);
  const streets = streetCentersOf(sites);
  const versionsByItem = groupBy(versions, (v) => v.item_id);
  const assignmentsByItem = groupBy(assignments, (a) => a.item_id);
  const cityByCode = new Map(city.map((c) => [c.code, c]));
  const hasList = city.length > 0;
  const rows: CoverageRow[] = [];
  for (const item of items) {
    const mine = assignmentsByItem.get(item.id) ?? [];
    const cov = coverageOf(
      item.department_id,
      mine.map((a) => ({ siteId: a.site_id, mode: a.mode })),
      sites,
      streets,
    );
    const dept = depts.get(item.department_id)?.name ?? "";
    const approved = cityByCode.get(item.code);
    const problems = [...cov.problems];
    if (hasList && !approved) {
      problems.push({
        code: "not_approved",
        severity: "violation",
        zh: "事项不在市级审核通过的事项目录中",
        en: "The item is not on the city's approved list",
      });
    }
    if (approved && !sameDepartment(approved.department, dept)) {
      problems.push({
        code: "department_mismatch",
        severity: "warning",
        zh: `市级目录中的实施部门为“${approved.department}”，本系统为“${dept}”`,
        en: `The city list names the department "${approved.department}", the catalog "${dept}"`,
      });
    }
    rows.push({
      code: item.code,
      name: latestName(versionsByItem.get(item.id) ?? []),
      department: dept,
      approved: Boolean(approved),
      inCatalog: true,
      places: cov.places,
      sites: mine
        .map((a) => {
          const s = sites.get(a.site_id) as SiteInfo;
          return { code: s.code, name: s.name, kind: s.kind as SiteKind, mode: a.mode };
        })
        .sort((a, b) => a.code.localeCompare(b.code)),
      problems,
    });
  }
  const inCatalog = new Set(items.map((i) => i.code));
  for (const c of city) {
    if (inCatalog.has(c.code)) continue;
    rows.push({
      code: c.code,
      name: c.name,
      department: c.department,
      approved: true,
      inCatalog: false,
      places: [],
      sites: [],
      problems: [
        {
          code: "not_in_catalog",
          severity: "violation",
          zh: "市级目录中的事项尚未纳入本区事项清单，无处办理",
          en: "An approved item is not in the catalog, so it is handled nowhere",
        },
      ],
    });
  }
  const has = (r: CoverageRow, set: Set<string>) => r.problems.some((p) => set.has(p.code));
  return {
    generatedAt: ctx.clock.now().toISOString(),
    cityList: hasList ? { count: city.length, importedAt: city[0]?.imported_at ?? null } : null,
    summary: {
      approved: city.length,
      inCatalog: items.length,
      ok: rows.filter((r) => r.problems.length === 0).length,
      handledNowhere: rows.filter((r) => has(r, HANDLED_NOWHERE)).length,
      againstRule: rows.filter((r) => has(r, AGAINST_RULE)).length,
      notApproved: rows.filter((r) => has(r, new Set(["not_approved"]))).length,
      warnings: rows.filter((r) => r.problems.some((p) => p.severity === "warning")).length,
    },
    items: rows.sort((a, b) => Number(a.problems.length === 0) - Number(b.problems.length === 0) || a.code.localeCompare(b.code)),
  };
}

// ---- queues serve items assigned to their site ---------------------------------------------

export async function getQueueItems(ctx: Ctx, siteId: string, queueId: string) {
  assertCan(ctx.principal, "queue.read", siteId);
  return presentQueueItems(ctx.db, siteId, queueId);
}

async function presentQueueItems(db: Executor, siteId: string, queueId: string) {
  const queue = await coverageRepo.findQueue(db, siteId, queueId);
  if (!queue) throw notFound("Queue", "该业务队列");
  const links = await coverageRepo.itemsOfQueue(db, queueId);
  const ids = links.map((l) => l.item_id);
  const [items, versions] = await Promise.all([repo.itemsByIds(db, ids), repo.versionsOf(db, ids)]);
  const byItem = groupBy(versions, (v) => v.item_id);
  return {
    queueId,
    items: items.map((i) => ({ itemId: i.id, code: i.code, name: latestName(byItem.get(i.id) ?? []) })),
  };
}

/** Sets the items a queue serves: each must be assigned to the queue's site (handled or assisted there). */
export async function setQueueItems(ctx: Ctx, siteId: string, queueId: string, itemIds: string[]) {
  assertCan(ctx.principal, "queue.manage", siteId);
  await ctx.db.transaction().execute(async (tx) => {
    const queue = await coverageRepo.findQueue(tx, siteId, queueId);
    if (!queue) throw notFound("Queue", "该业务队列");
    const ids = [...new Set(itemIds)];
    // The items locked before their assignments are read (see setAssignments).
    await repo.lockItems(tx, ids);
    const atSite = new Set((await coverageRepo.assignmentsAtSite(tx, siteId)).map((a) => a.item_id));
    const outside = ids.filter((id) => !atSite.has(id));
    if (outside.length > 0) {
      const known = new Map((await repo.itemsByIds(tx, outside)).map((i) => [i.id, i.code]));
      const codes = outside.map((id) => known.get(id) ?? id);
      throw new AppError(
        422,
        "item_not_at_site",
        `以下事项未分配到本场所办理，队列不能办理：${codes.join("、")}`,
        `These items are not assigned to this site, so its queues cannot serve them: ${codes.join(", ")}`,
        { items: codes },
      );
    }
    const before = (await coverageRepo.itemsOfQueue(tx, queueId)).map((l) => l.item_id);
    await coverageRepo.replaceQueueItems(tx, siteId, queueId, ids);
    await audit(tx, ctx, { action: "queue.items.set", entityType: "queue", entityId: queueId, siteId, before, after: ids });
  });
  return presentQueueItems(ctx.db, siteId, queueId);
}

// ---- disclosure (C4) ------------------------------------------------------------------------

/** The items handled or assisted at a site, with their fees and committed times, as in force now. */
export async function siteDisclosure(ctx: Ctx, code: string) {
  const site = await coverageRepo.findSiteByCode(ctx.db, code);
  if (site?.active !== 1) throw notFound("Site", "场所");
  const now = ctx.clock.now().toISOString();
  const assignments = await coverageRepo.assignmentsAtSite(ctx.db, site.id);
  const modeOf = new Map(assignments.map((a) => [a.item_id, a.mode]));
  const ids = [...modeOf.keys()];
  const [items, versions, depts] = await Promise.all([
    repo.itemsByIds(ctx.db, ids),
    repo.publishedVersionsOf(ctx.db, ids),
    departmentsById(ctx.db),
  ]);
  const byItem = groupBy(versions, (v) => v.item_id);
  return {
    site: { code: site.code, name: site.name, kind: site.kind as SiteKind, address: site.address, phone: site.phone },
    items: items.flatMap((i) => {
      const v = versionInForce(byItem.get(i.id) ?? [], now);
      if (!v) return [];
      const g = guideOf(v);
      return [
        {
          code: i.code,
          name: g.name,
          department: depts.get(i.department_id) ?? { id: i.department_id, name: "" },
          mode: modeOf.get(i.id) as Mode,
          version: v.version,
          fee: g.fee,
          statutoryLimitDays: g.statutoryLimitDays,
          committedLimitDays: g.committedLimitDays,
          limitUnit: g.limitUnit,
        },
      ];
    }),
  };
}
