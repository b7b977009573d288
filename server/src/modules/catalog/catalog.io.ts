import ExcelJS from "exceljs";
import type { Executor } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import type { Ctx } from "../../platform/context.js";
import { newId } from "../../platform/ids.js";
import { type Column, ITEM_COLUMNS, type ItemRow, MATERIAL_COLUMNS } from "./catalog.columns.js";
import { type ImportPlan, type ParsedRow, readImport } from "./catalog.import.js";
import * as repo from "./catalog.repository.js";
import type { Guide } from "./catalog.schema.js";
import { canReadStaff, canWrite, departmentsById, groupBy, insertNewItem, keepSamples, saveDraft } from "./catalog.service.js";
import { guideOf } from "./guide.rules.js";

/**
 * The catalog as a workbook: sheet 1 one row per item (its latest guide, draft or published),
 * sheet 2 one row per material. Lists are one entry per line inside a cell; yes/no are 是/否.
 * Importing the same workbook back changes nothing; a changed row becomes (or updates) the
 * item's draft, to be published with a change note like any edit.
 */

export async function exportCatalog(ctx: Ctx): Promise<Buffer> {
  canReadStaff(ctx);
  const items = await repo.listItems(ctx.db);
  const ids = items.map((i) => i.id);
  const [versions, depts, themes] = await Promise.all([repo.versionsOf(ctx.db, ids), departmentsById(ctx.db), repo.allItemThemes(ctx.db)]);
  const byItem = groupBy(versions, (v) => v.item_id);
  const themesByItem = groupBy(themes, (t) => t.item_id);
  const rows: ItemRow[] = items.map((i) => {
    const latest = (byItem.get(i.id) ?? []).reduce((a, b) => (b.version > a.version ? b : a));
    return {
      code: i.code,
      department: depts.get(i.department_id)?.name ?? "",
      guide: guideOf(latest),
      themes: (themesByItem.get(i.id) ?? []).map((t) => t.theme_code).sort(),
      version: latest.version,
      status: latest.status,
    };
  });
  const wb = new ExcelJS.Workbook();
  wb.created = ctx.clock.now();
  const sheet = <T>(name: string, columns: Column<T>[], data: T[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      style: { alignment: { wrapText: true, vertical: "top" } },
    }));
    ws.getRow(1).font = { bold: true };
    for (const d of data) ws.addRow(Object.fromEntries(columns.map((c) => [c.key, c.get(d) ?? ""])));
  };
  sheet("事项 Items", ITEM_COLUMNS, rows);
  sheet(
    "材料 Materials",
    MATERIAL_COLUMNS,
    rows.flatMap((r) => r.guide.materials.map((m, index) => ({ code: r.code, index: index + 1, m }))),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Imports the workbook: every row checked first (catalog.import.ts); any bad row → 422 naming each one, nothing changed. */
export async function importCatalog(ctx: Ctx, body: Buffer) {
  canWrite(ctx);
  const plan = await readImport(ctx.db, body);
  const now = ctx.clock.now().toISOString();
  return ctx.db.transaction().execute(async (tx) => {
    const depts = new Map((await repo.listDepartments(tx)).map((d) => [d.name, d.id]));
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const departmentsCreated: string[] = [];
    // Every existing item named is locked (in id order) before any draft is read, like every other
    // change of a draft (repo.lockItem).
    await repo.lockItems(
      tx,
      (await repo.listItems(tx)).filter((i) => plan.items.has(i.code)).map((i) => i.id),
    );
    for (const it of plan.items.values()) {
      let deptId = depts.get(it.department);
      if (!deptId) {
        deptId = await createDepartment(tx, ctx, it.department, now);
        depts.set(it.department, deptId);
        departmentsCreated.push(it.department);
      }
      const { itemId, outcome } = await importItem(tx, ctx, it, plan, deptId, now);
      counts[outcome]++;
      if (it.themes) await setThemesIfChanged(tx, ctx, itemId, it.themes);
    }
    const result = { ...counts, departmentsCreated };
    await audit(tx, ctx, { action: "catalog.import", entityType: "catalog", entityId: null, siteId: null, after: result });
    return result;
  });
}

async function createDepartment(tx: Executor, ctx: Ctx, name: string, now: string): Promise<string> {
  const id = newId();
  await repo.insertDepartment(tx, { id, name, created_at: now });
  await audit(tx, ctx, { action: "department.create", entityType: "department", entityId: id, siteId: null, after: { name } });
  return id;
}

/** One row: a new item, or the existing item's draft (only the guide elements the workbook has columns for) and department. */
async function importItem(
  tx: Executor,
  ctx: Ctx,
  it: ParsedRow,
  plan: ImportPlan,
  deptId: string,
  now: string,
): Promise<{ itemId: string; outcome: "created" | "updated" | "unchanged" }> {
  const guide = plan.guides.get(it.code) as Guide;
  const existing = await repo.findItemByCode(tx, it.code);
  if (!existing) return { itemId: await insertNewItem(tx, ctx, { code: it.code, departmentId: deptId, guide }, now), outcome: "created" };
  const merge = (latest: Guide): Guide => {
    const out: Record<string, unknown> = { ...latest };
    for (const k of plan.present) out[k] = guide[k as keyof Guide];
    return keepSamples(out as Guide, latest);
  };
  let changed = await saveDraft(tx, ctx, existing.id, merge, now, { skipUnchanged: true });
  if (existing.department_id !== deptId) {
    await repo.updateItem(tx, existing.id, { department_id: deptId, updated_at: now });
    await audit(tx, ctx, {
      action: "item.department.set",
      entityType: "item",
      entityId: existing.id,
      siteId: null,
      before: { departmentId: existing.department_id },
      after: { departmentId: deptId },
    });
    changed = true;
  }
  return { itemId: existing.id, outcome: changed ? "updated" : "unchanged" };
}

async function setThemesIfChanged(tx: Executor, ctx: Ctx, itemId: string, themes: string[]) {
  const before = (await repo.themesOfItems(tx, [itemId])).map((t) => t.theme_code).sort();
  const after = [...themes].sort();
  if (before.join() === after.join()) return;
  await repo.replaceItemThemes(tx, itemId, after);
  await audit(tx, ctx, { action: "item.themes.set", entityType: "item", entityId: itemId, siteId: null, before, after });
}
