import type { z } from "zod";
import type { Executor } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { assertCan, requireUser, scopeOf } from "../../platform/auth/access.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import type { CatalogRow } from "./catalog.repository.js";
import * as repo from "./catalog.repository.js";
import type { DraftInput, Guide, Item, ItemInput, PublicItem, PublishInput } from "./catalog.schema.js";
import { likePattern, searchTextOf } from "./catalog.search.js";

type Version = CatalogRow<"item_versions">;
type Department = { id: string; name: string };

/** The catalog is district-wide: only a district administrator (site.create) changes it. */
const canWrite = (ctx: Ctx) => assertCan(requireUser(ctx.principal), "site.create", null);
/** Any staff member may read the whole catalog, drafts included. */
function canReadStaff(ctx: Ctx) {
  const p = requireUser(ctx.principal);
  const scope = scopeOf(p, "site.read");
  if (scope !== "all" && scope.length === 0) throw forbidden();
}

const guideOf = (v: Version): Guide => JSON.parse(v.guide);

/** The version the public sees at `now`: the highest-numbered published one already in effect. */
export function versionInForce(versions: Version[], now: string): Version | undefined {
  return versions
    .filter((v) => v.status === "published" && v.effective_from !== null && v.effective_from <= now)
    .reduce<Version | undefined>((best, v) => (!best || v.version > best.version ? v : best), undefined);
}

/** Rules a schema cannot state: they span fields of the guide. */
export function checkGuide(g: Guide): void {
  if (g.statutoryLimitDays !== null && g.committedLimitDays !== null && g.committedLimitDays > g.statutoryLimitDays) {
    throw badRequest(
      "committed_exceeds_statutory",
      "承诺办结时限不能长于法定时限",
      "The committed time limit cannot be longer than the statutory one",
    );
  }
  const vague = g.materials.find((m) => !m.required && !m.condition);
  if (vague) {
    throw badRequest(
      "material_condition_missing",
      `非必需材料“${vague.name}”须写明在什么情况下提交`,
      `The conditional material "${vague.name}" must say when it is needed`,
    );
  }
  if (g.fee.charged && !g.fee.amount) {
    throw badRequest("fee_amount_missing", "收费事项须写明收费标准", "A charged item must state the fee");
  }
}

const summary = (v: Version) => ({
  version: v.version,
  status: v.status,
  effectiveFrom: v.effective_from,
  publishedAt: v.published_at,
  changeNote: v.change_note,
});

async function departmentsById(db: Executor): Promise<Map<string, Department>> {
  return new Map((await repo.listDepartments(db)).map((d) => [d.id, { id: d.id, name: d.name }]));
}

function presentItem(item: CatalogRow<"items">, dept: Department, versions: Version[], now: string): Item {
  const latest = versions.reduce((a, b) => (b.version > a.version ? b : a));
  return {
    id: item.id,
    code: item.code,
    department: dept,
    latest: { ...summary(latest), guide: guideOf(latest) },
    inForceVersion: versionInForce(versions, now)?.version ?? null,
  };
}

async function loadItem(db: Executor, itemId: string, now: string): Promise<Item> {
  const item = await repo.findItem(db, itemId);
  if (!item) throw notFound("Item", "事项");
  const dept = (await departmentsById(db)).get(item.department_id) as Department;
  return presentItem(item, dept, await repo.versionsOf(db, [item.id]), now);
}

export async function listItems(ctx: Ctx, departmentId?: string): Promise<Item[]> {
  canReadStaff(ctx);
  const now = ctx.clock.now().toISOString();
  const items = await repo.listItems(ctx.db, departmentId);
  const depts = await departmentsById(ctx.db);
  const versions = await repo.versionsOf(
    ctx.db,
    items.map((i) => i.id),
  );
  return items.map((i) =>
    presentItem(
      i,
      depts.get(i.department_id) as Department,
      versions.filter((v) => v.item_id === i.id),
      now,
    ),
  );
}

export async function createItem(ctx: Ctx, input: z.infer<typeof ItemInput>): Promise<Item> {
  canWrite(ctx);
  checkGuide(input.guide);
  const now = ctx.clock.now().toISOString();
  const item = {
    id: newId(),
    code: input.code,
    department_id: input.departmentId,
    search: searchTextOf(input.guide),
    created_at: now,
    updated_at: now,
  };
  const version: Version = {
    id: newId(),
    item_id: item.id,
    version: 1,
    status: "draft",
    effective_from: null,
    published_at: null,
    guide: JSON.stringify(input.guide),
    change_note: null,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (tx) => {
    if (!(await repo.findDepartment(tx, input.departmentId))) {
      throw new AppError(400, "department_not_found", "所选部门不存在", "The department does not exist");
    }
    if (await repo.findItemByCode(tx, input.code)) {
      throw conflict("item_code_taken", `事项编码 ${input.code} 已被使用`, `Item code ${input.code} is already in use`);
    }
    await repo.insertItem(tx, item);
    await repo.insertVersion(tx, version);
    await audit(tx, ctx, { action: "item.create", entityType: "item", entityId: item.id, siteId: null, after: { item, version } });
  });
  return loadItem(ctx.db, item.id, now);
}

/** Edits the current draft, or starts a new draft from the latest published version. */
export async function updateDraft(ctx: Ctx, itemId: string, input: z.infer<typeof DraftInput>): Promise<Item> {
  canWrite(ctx);
  checkGuide(input.guide);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const item = await repo.findItem(tx, itemId);
    if (!item) throw notFound("Item", "事项");
    const versions = await repo.versionsOf(tx, [itemId]);
    const latest = versions.at(-1) as Version;
    const guide = JSON.stringify(input.guide);
    if (latest.status === "draft") {
      if (!(await repo.updateDraft(tx, latest.id, { guide, updated_at: now }))) throw draftGone();
      const after = { ...latest, guide, updated_at: now };
      await audit(tx, ctx, { action: "item.draft.update", entityType: "item", entityId: itemId, siteId: null, before: latest, after });
    } else {
      const draft: Version = {
        id: newId(),
        item_id: itemId,
        version: latest.version + 1,
        status: "draft",
        effective_from: null,
        published_at: null,
        guide,
        change_note: null,
        created_at: now,
        updated_at: now,
      };
      await repo.insertVersion(tx, draft);
      await audit(tx, ctx, { action: "item.draft.create", entityType: "item", entityId: itemId, siteId: null, after: draft });
    }
    await repo.updateItem(tx, itemId, { updated_at: now });
  });
  return loadItem(ctx.db, itemId, now);
}

const draftGone = () =>
  conflict("draft_changed", "草稿已被他人发布或修改，请刷新后重试", "The draft was published or changed meanwhile; reload and try again");

/** Publishes the draft: it comes into force at `effectiveFrom` (default now) with a change note. */
export async function publish(ctx: Ctx, itemId: string, input: z.infer<typeof PublishInput>): Promise<Item> {
  canWrite(ctx);
  const now = ctx.clock.now().toISOString();
  const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom).toISOString() : now;
  await ctx.db.transaction().execute(async (tx) => {
    const item = await repo.findItem(tx, itemId);
    if (!item) throw notFound("Item", "事项");
    const versions = await repo.versionsOf(tx, [itemId]);
    const draft = versions.find((v) => v.status === "draft");
    if (!draft) throw conflict("no_draft", "该事项没有待发布的草稿", "The item has no draft to publish");
    const previous = versions.filter((v) => v.status === "published").at(-1);
    if (previous?.effective_from && effectiveFrom < previous.effective_from) {
      throw badRequest(
        "effective_before_previous",
        `生效时间不能早于上一版本的生效时间（${previous.effective_from}）`,
        `The effective date cannot precede that of the previous version (${previous.effective_from})`,
      );
    }
    const set = {
      status: "published" as const,
      effective_from: effectiveFrom,
      published_at: now,
      change_note: input.changeNote,
      updated_at: now,
    };
    if (!(await repo.updateDraft(tx, draft.id, set))) throw draftGone();
    // Search follows the latest published guide, so a renamed item is found by its new name.
    await repo.updateItem(tx, itemId, { search: searchTextOf(guideOf(draft)), updated_at: now });
    await audit(tx, ctx, {
      action: "item.publish",
      entityType: "item",
      entityId: itemId,
      siteId: null,
      before: summary(draft),
      after: { ...summary(draft), ...summary({ ...draft, ...set }) },
    });
  });
  return loadItem(ctx.db, itemId, now);
}

// ---- public ---------------------------------------------------------------------------------

async function publicVersions(db: Executor, code: string): Promise<{ item: CatalogRow<"items">; dept: Department; published: Version[] }> {
  const item = await repo.findItemByCode(db, code);
  if (!item) throw notFound("Item", "事项");
  const published = (await repo.versionsOf(db, [item.id])).filter((v) => v.status === "published");
  if (published.length === 0) throw notFound("Item", "事项");
  const dept = (await departmentsById(db)).get(item.department_id) as Department;
  return { item, dept, published };
}

const presentPublic = (item: CatalogRow<"items">, dept: Department, v: Version, inForce: boolean): PublicItem => ({
  code: item.code,
  department: dept,
  version: v.version,
  effectiveFrom: v.effective_from as string,
  inForce,
  changeNote: v.change_note,
  guide: guideOf(v),
});

export async function publicItem(ctx: Ctx, code: string): Promise<PublicItem> {
  const { item, dept, published } = await publicVersions(ctx.db, code);
  const v = versionInForce(published, ctx.clock.now().toISOString());
  if (!v) throw notFound("Item", "事项");
  return presentPublic(item, dept, v, true);
}

/** Any published version, earlier ones included; one announced for a later date is readable too. */
export async function publicItemVersion(ctx: Ctx, code: string, version: number): Promise<PublicItem> {
  const { item, dept, published } = await publicVersions(ctx.db, code);
  const v = published.find((x) => x.version === version);
  if (!v) throw notFound("Item version", "事项版本");
  const inForce = versionInForce(published, ctx.clock.now().toISOString())?.version === v.version;
  return presentPublic(item, dept, v, inForce);
}

export async function publicChanges(ctx: Ctx, code: string) {
  const { published } = await publicVersions(ctx.db, code);
  return published
    .map((v) => ({ version: v.version, effectiveFrom: v.effective_from as string, changeNote: v.change_note }))
    .sort((a, b) => b.version - a.version);
}

export async function searchPublic(ctx: Ctx, q: string | undefined, departmentId: string | undefined) {
  const now = ctx.clock.now().toISOString();
  const items = await repo.searchItemsInForce(ctx.db, { now, pattern: likePattern(q ?? ""), departmentId, limit: 200 });
  const depts = await departmentsById(ctx.db);
  const versions = await repo.versionsOf(
    ctx.db,
    items.map((i) => i.id),
  );
  return items.flatMap((i) => {
    const v = versionInForce(
      versions.filter((x) => x.item_id === i.id),
      now,
    );
    if (!v) return [];
    const g = guideOf(v);
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
      },
    ];
  });
}

export async function publicDepartments(ctx: Ctx): Promise<Department[]> {
  return (await repo.listDepartments(ctx.db)).map((d) => ({ id: d.id, name: d.name }));
}
