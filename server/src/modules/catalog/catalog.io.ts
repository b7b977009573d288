import ExcelJS from "exceljs";
import type { z } from "zod";
import { audit } from "../../platform/audit/audit.js";
import type { Ctx } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { type Column, ITEM_COLUMNS, type ItemRow, MATERIAL_COLUMNS } from "./catalog.columns.js";
import * as repo from "./catalog.repository.js";
import { Guide, ItemCode } from "./catalog.schema.js";
import { canReadStaff, canWrite, departmentsById, groupBy, insertNewItem, keepSamples, saveDraft } from "./catalog.service.js";
import { readWorkbook, type Sheet } from "./catalog.sheets.js";
import { badRows, type RowError } from "./city-list.service.js";
import { guideOf, guideProblems } from "./guide.rules.js";

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

/** Maps a header row to the columns it holds; unknown headers are errors (a typo would lose data). */
function columnsOf<T>(sheet: Sheet, columns: Column<T>[], errors: RowError[]): Map<number, Column<T>> {
  const header = sheet.rows[0];
  const out = new Map<number, Column<T>>();
  if (!header) return out;
  const norm = (s: string) => s.replace(/\s+/g, "").toLowerCase();
  header.cells.forEach((h, i) => {
    if (!h) return;
    const col = columns.find((c) => {
      const [zh, ...en] = c.header.split(" ");
      return [c.header, zh, en.join(" "), c.key].some((name) => name && norm(name) === norm(h));
    });
    if (col) out.set(i, col);
    else errors.push({ sheet: sheet.name, row: header.row, column: h, reason: `无法识别的列“${h}”`, reasonEn: `Unknown column "${h}"` });
  });
  for (const required of ["code", "name"]) {
    if (![...out.values()].some((c) => c.key === required)) {
      const c = columns.find((x) => x.key === required) as Column<T>;
      errors.push({
        sheet: sheet.name,
        row: header.row,
        column: c.header,
        reason: `缺少“${c.header}”列`,
        reasonEn: `The column "${c.header}" is missing`,
      });
    }
  }
  return out;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split(".");
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    o[k] = (o[k] as Record<string, unknown>) ?? {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys.at(-1) as string] = value;
}

interface ParsedRow {
  row: number;
  code: string;
  department: string;
  themes: string[] | null;
  guide: Record<string, unknown>;
  cols: Map<string, string>;
}

/** Imports the workbook: every row checked first; any bad row → 422 naming each one, nothing changed. */
export async function importCatalog(ctx: Ctx, body: Buffer) {
  canWrite(ctx);
  const sheets = await readWorkbook(body);
  const [itemSheet, materialSheet] = sheets;
  const errors: RowError[] = [];
  if (!itemSheet || itemSheet.rows.length < 2) throw new AppError(422, "import_empty", "工作簿中没有事项", "The workbook lists no items");
  if (!materialSheet) {
    throw new AppError(
      422,
      "import_no_materials",
      "工作簿缺少第二张“材料”表（可先导出一份作为模板）",
      "The workbook has no second sheet of materials (export one as a template)",
    );
  }
  const itemCols = columnsOf(itemSheet, ITEM_COLUMNS, errors);
  const materialCols = columnsOf(materialSheet, MATERIAL_COLUMNS, errors);
  if (errors.length) throw badRows(errors);
  /** Guide elements the workbook has columns for; an existing item keeps the others as they are. */
  const present = new Set([...itemCols.values()].flatMap((c) => (c.path ? [c.path.split(".")[0] as string] : [])));
  present.add("materials");
  const headerOf = (top: string) => ITEM_COLUMNS.find((c) => c.path?.split(".")[0] === top)?.header ?? top;

  const themeCodes = new Map((await repo.listThemes(ctx.db)).flatMap((t) => [[t.code, t.code] as const, [t.name, t.code] as const]));
  const items = new Map<string, ParsedRow>();
  for (const r of itemSheet.rows.slice(1)) {
    const it: ParsedRow = { row: r.row, code: "", department: "", themes: null, guide: { fee: {}, minorGaps: {} }, cols: new Map() };
    const err = (column: string, zh: string, en: string) =>
      errors.push({ sheet: itemSheet.name, row: r.row, column, reason: zh, reasonEn: en });
    const failed = new Set<string>();
    for (const [i, col] of itemCols) {
      if (!col.parse) continue;
      const p = col.parse(r.cells[i] ?? "");
      if (!p.ok) {
        err(col.header, p.zh, p.en);
        failed.add(col.key);
        continue;
      }
      if (col.path) {
        setPath(it.guide, col.path, p.value);
        it.cols.set(col.path.split(".")[0] as string, col.header);
      } else if (col.key === "code") it.code = p.value as string;
      else if (col.key === "department") it.department = p.value as string;
      else if (col.key === "themes") {
        const names = p.value as string[];
        const unknown = names.find((n) => !themeCodes.has(n));
        if (unknown) err(col.header, `主题“${unknown}”不存在`, `No theme "${unknown}"`);
        else it.themes = [...new Set(names.map((n) => themeCodes.get(n) as string))];
      }
    }
    if (!ItemCode.safeParse(it.code).success)
      err("事项编码 Code", "事项编码为空或格式有误（字母、数字和连字符）", "The code is empty or malformed (letters, digits, hyphens)");
    else if (items.has(it.code))
      err("事项编码 Code", `事项编码与第 ${items.get(it.code)?.row} 行重复`, `The code repeats row ${items.get(it.code)?.row}`);
    else items.set(it.code, it);
    if (!it.department && !failed.has("department")) err("实施部门 Department", "实施部门为空", "The department is empty");
    it.guide.materials = [];
  }

  const materialRow = new Map<string, number[]>();
  for (const r of materialSheet.rows.slice(1)) {
    const m: Record<string, unknown> = {};
    let code = "";
    let index: number | null = null;
    const err = (column: string, zh: string, en: string) =>
      errors.push({ sheet: materialSheet.name, row: r.row, column, reason: zh, reasonEn: en });
    for (const [i, col] of materialCols) {
      if (!col.parse) continue;
      const p = col.parse(r.cells[i] ?? "");
      if (!p.ok) err(col.header, p.zh, p.en);
      else if (col.path) m[col.path] = p.value;
      else if (col.key === "code") code = p.value as string;
      else if (col.key === "index") index = p.value as number | null;
    }
    const owner = items.get(code);
    if (!owner) {
      err("事项编码 Code", `事项表中没有编码为“${code}”的事项`, `No item with code "${code}" on the item sheet`);
      continue;
    }
    const list = owner.guide.materials as Record<string, unknown>[];
    list.push({ ...m, _order: index ?? list.length + 1 });
    materialRow.set(code, [...(materialRow.get(code) ?? []), r.row]);
  }

  // The guide of each row, checked like one entered by hand.
  const guides = new Map<string, Guide>();
  for (const it of items.values()) {
    const mats = (it.guide.materials as Record<string, unknown>[]).map((m, i) => ({ m, row: materialRow.get(it.code)?.[i] ?? it.row }));
    mats.sort((a, b) => (a.m._order as number) - (b.m._order as number));
    it.guide.materials = mats.map(({ m }) => {
      const { _order, ...rest } = m;
      return rest;
    });
    const parsed = Guide.safeParse(it.guide);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [top, idx, field] = issue.path as (string | number)[];
        if (top === "materials" && typeof idx === "number") {
          const mc = MATERIAL_COLUMNS.find((c) => c.path === field);
          errors.push({
            sheet: materialSheet.name,
            row: mats[idx]?.row ?? it.row,
            column: mc?.header ?? String(field ?? ""),
            reason: zodZh(issue),
            reasonEn: issue.message,
          });
        } else {
          errors.push({
            sheet: itemSheet.name,
            row: it.row,
            column: it.cols.get(String(top)) ?? headerOf(String(top)),
            reason: zodZh(issue),
            reasonEn: issue.message,
          });
        }
      }
      continue;
    }
    for (const p of guideProblems(parsed.data)) {
      const column = ITEM_COLUMNS.find((c) => c.path?.split(".")[0] === p.field)?.header ?? p.field;
      errors.push({ sheet: itemSheet.name, row: it.row, column, reason: p.zh, reasonEn: p.en });
    }
    guides.set(it.code, parsed.data);
  }
  if (errors.length) throw badRows(errors.sort((a, b) => (a.sheet ?? "").localeCompare(b.sheet ?? "") || a.row - b.row));

  const now = ctx.clock.now().toISOString();
  return ctx.db.transaction().execute(async (tx) => {
    const depts = new Map((await repo.listDepartments(tx)).map((d) => [d.name, d.id]));
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    const departmentsCreated: string[] = [];
    // Every existing item named is locked (in id order) before any draft is read, like every other
    // change of a draft (repo.lockItem).
    await repo.lockItems(
      tx,
      (await repo.listItems(tx)).filter((i) => items.has(i.code)).map((i) => i.id),
    );
    for (const it of items.values()) {
      const guide = guides.get(it.code) as Guide;
      let deptId = depts.get(it.department);
      if (!deptId) {
        deptId = newId();
        await repo.insertDepartment(tx, { id: deptId, name: it.department, created_at: now });
        await audit(tx, ctx, {
          action: "department.create",
          entityType: "department",
          entityId: deptId,
          siteId: null,
          after: { name: it.department },
        });
        depts.set(it.department, deptId);
        departmentsCreated.push(it.department);
      }
      const existing = await repo.findItemByCode(tx, it.code);
      let itemId: string;
      if (!existing) {
        itemId = await insertNewItem(tx, ctx, { code: it.code, departmentId: deptId, guide }, now);
        created++;
      } else {
        itemId = existing.id;
        const merge = (latest: Guide): Guide => {
          const out: Record<string, unknown> = { ...latest };
          for (const k of present) out[k] = guide[k as keyof Guide];
          return keepSamples(out as Guide, latest);
        };
        let changed = await saveDraft(tx, ctx, itemId, merge, now, { skipUnchanged: true });
        if (existing.department_id !== deptId) {
          await repo.updateItem(tx, itemId, { department_id: deptId, updated_at: now });
          await audit(tx, ctx, {
            action: "item.department.set",
            entityType: "item",
            entityId: itemId,
            siteId: null,
            before: { departmentId: existing.department_id },
            after: { departmentId: deptId },
          });
          changed = true;
        }
        if (changed) updated++;
        else unchanged++;
      }
      if (it.themes) {
        const before = (await repo.themesOfItems(tx, [itemId])).map((t) => t.theme_code).sort();
        const after = [...it.themes].sort();
        if (before.join() !== after.join()) {
          await repo.replaceItemThemes(tx, itemId, after);
          await audit(tx, ctx, { action: "item.themes.set", entityType: "item", entityId: itemId, siteId: null, before, after });
        }
      }
    }
    await audit(tx, ctx, {
      action: "catalog.import",
      entityType: "catalog",
      entityId: null,
      siteId: null,
      after: { created, updated, unchanged, departmentsCreated },
    });
    return { created, updated, unchanged, departmentsCreated };
  });
}

function zodZh(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "too_small":
      return issue.origin === "array" ? "至少需要填写一项" : "不能为空";
    case "too_big":
      return `内容过长或过多（上限 ${String(issue.maximum)}）`;
    case "invalid_type":
      return "缺少内容或格式有误";
    case "invalid_value":
      return "取值不在允许范围内";
    default:
      return "内容有误";
  }
}
