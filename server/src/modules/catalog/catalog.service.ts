import type { z } from "zod";
import type { Executor } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { assertCan, recordFilterOf, requireUser } from "../../platform/auth/access.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../platform/errors.js";
import { existingFiles } from "../../platform/files/files.service.js";
import { newId } from "../../platform/ids.js";
import type { CatalogRow } from "./catalog.repository.js";
import * as repo from "./catalog.repository.js";
import type { DraftInput, Guide, Item, ItemInput, PublishInput } from "./catalog.schema.js";
import { checkGuide, guideOf, searchColumns, versionInForce } from "./guide.rules.js";
import { SAMPLE_FILES } from "./sample.files.js";

type Version = CatalogRow<"item_versions">;
type Department = { id: string; name: string };

/** The catalog is district-wide: only a district administrator (catalog.write) changes it. */
export const canWrite = (ctx: Ctx) => assertCan(requireUser(ctx.principal), "catalog.write", null);
/** Any staff member may read the whole catalog, drafts included: a department's back office too (it decides those items). */
export function canReadStaff(ctx: Ctx) {
  const f = recordFilterOf(requireUser(ctx.principal), "site.read");
  if (!f.all && f.siteIds.length === 0 && f.departmentIds.length === 0) throw forbidden();
}

const summary = (v: Version) => ({
  version: v.version,
  status: v.status,
  effectiveFrom: v.effective_from,
  publishedAt: v.published_at,
  changeNote: v.change_note,
});

export async function departmentsById(db: Executor): Promise<Map<string, Department>> {
  return new Map((await repo.listDepartments(db)).map((d) => [d.id, { id: d.id, name: d.name }]));
}

export type ThemeOut = { code: string; name: string; nameEn: string; audience: "individual" | "enterprise" };
export const presentTheme = (t: CatalogRow<"themes">): ThemeOut => ({
  code: t.code,
  name: t.name,
  nameEn: t.name_en,
  audience: t.audience,
});

/** Themes of each item, in the themes' own order. */
export async function themesByItem(db: Executor, itemIds: string[]): Promise<Map<string, ThemeOut[]>> {
  const [themes, links] = await Promise.all([repo.listThemes(db), repo.themesOfItems(db, itemIds)]);
  const out = new Map<string, ThemeOut[]>();
  for (const t of themes) {
    for (const l of links) {
      if (l.theme_code !== t.code) continue;
      const list = out.get(l.item_id) ?? [];
      list.push(presentTheme(t));
      out.set(l.item_id, list);
    }
  }
  return out;
}

function presentItem(item: CatalogRow<"items">, dept: Department, versions: Version[], now: string, themes: ThemeOut[]): Item {
  const latest = versions.reduce((a, b) => (b.version > a.version ? b : a));
  return {
    id: item.id,
    code: item.code,
    department: dept,
    latest: { ...summary(latest), guide: guideOf(latest) },
    inForceVersion: versionInForce(versions, now)?.version ?? null,
    themes,
  };
}

export async function loadItem(db: Executor, itemId: string, now: string): Promise<Item> {
  const item = await repo.findItem(db, itemId);
  if (!item) throw notFound("Item", "事项");
  const dept = (await departmentsById(db)).get(item.department_id) as Department;
  const themes = await themesByItem(db, [item.id]);
  return presentItem(item, dept, await repo.versionsOf(db, [item.id]), now, themes.get(item.id) ?? []);
}

export async function listItems(ctx: Ctx, departmentId?: string): Promise<Item[]> {
  canReadStaff(ctx);
  const now = ctx.clock.now().toISOString();
  const items = await repo.listItems(ctx.db, departmentId);
  const depts = await departmentsById(ctx.db);
  const ids = items.map((i) => i.id);
  const [versions, themes] = await Promise.all([repo.versionsOf(ctx.db, ids), themesByItem(ctx.db, ids)]);
  const byItem = groupBy(versions, (v) => v.item_id);
  return items.map((i) => presentItem(i, depts.get(i.department_id) as Department, byItem.get(i.id) ?? [], now, themes.get(i.id) ?? []));
}

export function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Sample files named by the guide must exist (they are uploaded first, then referenced). */
async function checkSampleFiles(db: Executor, g: Guide): Promise<void> {
  const ids = g.materials.flatMap((m) => (m.sample ? [m.sample.fileId] : []));
  const known = new Set(await existingFiles(db, ids, SAMPLE_FILES));
  const missing = g.materials.find((m) => m.sample && !known.has(m.sample.fileId));
  if (missing) {
    throw badRequest(
      "sample_file_not_found",
      `材料“${missing.name}”的样表文件不存在，请重新上传`,
      `The sample file of "${missing.name}" does not exist; upload it again`,
    );
  }
}

/**
 * A material sent without a sample keeps the one its namesake had in the latest version: forms
 * that do not know about samples cannot drop them by accident (removeMaterialSample does that).
 */
export function keepSamples(g: Guide, previous: Guide | undefined): Guide {
  if (!previous) return g;
  const before = new Map(previous.materials.map((m) => [m.name, m.sample]));
  return { ...g, materials: g.materials.map((m) => (m.sample ? m : { ...m, sample: before.get(m.name) ?? null })) };
}

export async function createItem(ctx: Ctx, input: z.infer<typeof ItemInput>): Promise<Item> {
  canWrite(ctx);
  checkGuide(input.guide);
  const now = ctx.clock.now().toISOString();
  const id = await ctx.db.transaction().execute(async (tx) => {
    await checkSampleFiles(tx, input.guide);
    return insertNewItem(tx, ctx, { code: input.code, departmentId: input.departmentId, guide: input.guide }, now);
  });
  return loadItem(ctx.db, id, now);
}

/** Inserts an item as draft version 1, with its audit record. */
export async function insertNewItem(
  tx: Executor,
  ctx: Ctx,
  input: { code: string; departmentId: string; guide: Guide },
  now: string,
): Promise<string> {
  const item = {
    id: newId(),
    code: input.code,
    department_id: input.departmentId,
    ...searchColumns(input.guide),
    public_from: null,
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
  if (!(await repo.findDepartment(tx, input.departmentId))) {
    throw new AppError(400, "department_not_found", "所选部门不存在", "The department does not exist");
  }
  if (await repo.findItemByCode(tx, input.code)) {
    throw conflict("item_code_taken", `事项编码 ${input.code} 已被使用`, `Item code ${input.code} is already in use`);
  }
  await repo.insertItem(tx, item);
  await repo.insertVersion(tx, version);
  await audit(tx, ctx, { action: "item.create", entityType: "item", entityId: item.id, siteId: null, after: { item, version } });
  return item.id;
}

/** Edits the current draft, or starts a new draft from the latest published version. */
export async function updateDraft(ctx: Ctx, itemId: string, input: z.infer<typeof DraftInput>): Promise<Item> {
  canWrite(ctx);
  checkGuide(input.guide);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    // Locked first, so two edits (or an edit and a publish) never work from the same stale draft.
    const item = await repo.lockItem(tx, itemId);
    if (!item) throw notFound("Item", "事项");
    await saveDraft(tx, ctx, itemId, (latest) => keepSamples(input.guide, latest), now);
  });
  return loadItem(ctx.db, itemId, now);
}

/**
 * Writes the draft of an item: changes the current draft, or starts version n+1 from the latest
 * published one. `make` gets the latest guide and returns the new one. Returns false if the new
 * guide equals the latest (nothing written). The caller has locked the item (repo.lockItem).
 */
export async function saveDraft(
  tx: Executor,
  ctx: Ctx,
  itemId: string,
  make: (latest: Guide) => Guide,
  now: string,
  opts: { skipUnchanged?: boolean } = {},
): Promise<boolean> {
  const versions = await repo.versionsOf(tx, [itemId]);
  const latest = versions.at(-1) as Version;
  const next = make(guideOf(latest));
  checkGuide(next);
  await checkSampleFiles(tx, next);
  const guide = JSON.stringify(next);
  if (opts.skipUnchanged && guide === JSON.stringify(guideOf(latest))) return false;
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
  return true;
}

const draftGone = () =>
  conflict("draft_changed", "草稿已被他人发布或修改，请刷新后重试", "The draft was published or changed meanwhile; reload and try again");

/** How far in the past an effective date may lie: the publisher's clock may be a little behind. */
export const EFFECTIVE_SKEW_MS = 60_000;

/**
 * Publishes the draft: it comes into force at `effectiveFrom` (default now, never in the past) with
 * a change note.
 */
export async function publish(ctx: Ctx, itemId: string, input: z.infer<typeof PublishInput>): Promise<Item> {
  canWrite(ctx);
  const clockNow = ctx.clock.now();
  const now = clockNow.toISOString();
  const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom).toISOString() : now;
  if (effectiveFrom < new Date(clockNow.getTime() - EFFECTIVE_SKEW_MS).toISOString()) {
    // A date in the past would rewrite what the public was told was in force (and what tickets kept).
    throw new AppError(
      422,
      "effective_in_past",
      "生效时间不能早于当前时间：已经过去的时段不能改写",
      "The effective date cannot be in the past: what was in force then cannot be rewritten",
    );
  }
  await ctx.db.transaction().execute(async (tx) => {
    // Locked first: the draft published, its search columns and its audit are the same guide.
    const item = await repo.lockItem(tx, itemId);
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
    // Search follows the version in force: a version in force at once gives its name to search
    // now; one announced for a later date leaves the columns alone, and public search matches such
    // items against the version in force at query time (catalog.public.ts).
    const inForceNow = effectiveFrom <= now;
    await repo.updateItem(tx, itemId, {
      ...(inForceNow ? searchColumns(guideOf(draft)) : {}),
      public_from: item.public_from ?? effectiveFrom,
      updated_at: now,
    });
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

// ---- themes (staff) ----------------------------------------------------------------------

export async function staffThemes(ctx: Ctx) {
  canReadStaff(ctx);
  return (await repo.listThemes(ctx.db)).map(presentTheme);
}

/** Themes are not part of the guide's legal text: they change at once, without a new version. */
export async function setItemThemes(ctx: Ctx, itemId: string, codes: string[]): Promise<Item> {
  canWrite(ctx);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const item = await repo.lockItem(tx, itemId);
    if (!item) throw notFound("Item", "事项");
    const known = new Set((await repo.listThemes(tx)).map((t) => t.code));
    const unknown = codes.find((c) => !known.has(c));
    if (unknown) throw new AppError(422, "theme_not_found", `主题“${unknown}”不存在`, `No theme "${unknown}"`);
    const before = (await repo.themesOfItems(tx, [itemId])).map((t) => t.theme_code).sort();
    const after = [...new Set(codes)].sort();
    await repo.replaceItemThemes(tx, itemId, after);
    await audit(tx, ctx, { action: "item.themes.set", entityType: "item", entityId: itemId, siteId: null, before, after });
  });
  return loadItem(ctx.db, itemId, now);
}
