import type { z } from "zod";
import type { Executor } from "../../db/schema.js";
import { AppError } from "../../platform/errors.js";
import { type Column, ITEM_COLUMNS, type ItemRow, MATERIAL_COLUMNS } from "./catalog.columns.js";
import * as repo from "./catalog.repository.js";
import { Guide, ItemCode } from "./catalog.schema.js";
import { readWorkbook, type Sheet } from "./catalog.sheets.js";
import { badRows, type RowError } from "./city-list.service.js";
import { guideProblems } from "./guide.rules.js";

/**
 * Reading a catalog workbook for import (the writing half is `importCatalog` in catalog.io.ts):
 * every row of both sheets is checked before anything changes; any bad row → 422 naming each one.
 */

export interface ParsedRow {
  row: number;
  code: string;
  department: string;
  themes: string[] | null;
  guide: Record<string, unknown>;
  /** Guide element → the header of the column it came from, to name it in errors. */
  cols: Map<string, string>;
}

export interface ImportPlan {
  items: Map<string, ParsedRow>;
  guides: Map<string, Guide>;
  /** Guide elements the workbook has columns for; an existing item keeps the others as they are. */
  present: Set<string>;
}

type Report = (column: string, zh: string, en: string) => void;
const reporter =
  (errors: RowError[], sheet: Sheet, row: number): Report =>
  (column, reason, reasonEn) =>
    errors.push({ sheet: sheet.name, row, column, reason, reasonEn });

export async function readImport(db: Executor, body: Buffer): Promise<ImportPlan> {
  const [itemSheet, materialSheet] = await readWorkbook(body);
  if (!itemSheet || itemSheet.rows.length < 2) throw new AppError(422, "import_empty", "工作簿中没有事项", "The workbook lists no items");
  if (!materialSheet) {
    throw new AppError(
      422,
      "import_no_materials",
      "工作簿缺少第二张“材料”表（可先导出一份作为模板）",
      "The workbook has no second sheet of materials (export one as a template)",
    );
  }
  const errors: RowError[] = [];
  const itemCols = columnsOf(itemSheet, ITEM_COLUMNS, errors);
  const materialCols = columnsOf(materialSheet, MATERIAL_COLUMNS, errors);
  if (errors.length) throw badRows(errors);
  const present = new Set([...itemCols.values()].flatMap((c) => (c.path ? [c.path.split(".")[0] as string] : [])));
  present.add("materials");

  const themeCodes = new Map((await repo.listThemes(db)).flatMap((t) => [[t.code, t.code] as const, [t.name, t.code] as const]));
  const items = new Map<string, ParsedRow>();
  for (const r of itemSheet.rows.slice(1)) addItem(items, parseItemRow(r, itemCols, themeCodes, errors, itemSheet), errors, itemSheet);
  const materialRows = new Map<string, number[]>();
  for (const r of materialSheet.rows.slice(1)) addMaterial(items, materialRows, r, materialCols, errors, materialSheet);

  const guides = new Map<string, Guide>();
  for (const it of items.values()) {
    const guide = checkGuide(it, materialRows.get(it.code) ?? [], { itemSheet, materialSheet }, errors);
    if (guide) guides.set(it.code, guide);
  }
  if (errors.length) throw badRows(errors.sort((a, b) => (a.sheet ?? "").localeCompare(b.sheet ?? "") || a.row - b.row));
  return { items, guides, present };
}

/** Maps a header row to the columns it holds; unknown headers are errors (a typo would lose data). */
function columnsOf<T>(sheet: Sheet, columns: Column<T>[], errors: RowError[]): Map<number, Column<T>> {
  const header = sheet.rows[0];
  const out = new Map<number, Column<T>>();
  if (!header) return out;
  const report = reporter(errors, sheet, header.row);
  const norm = (s: string) => s.replace(/\s+/g, "").toLowerCase();
  const matches = (c: Column<T>, h: string) => {
    const [zh, ...en] = c.header.split(" ");
    return [c.header, zh, en.join(" "), c.key].some((name) => name && norm(name) === norm(h));
  };
  header.cells.forEach((h, i) => {
    if (!h) return;
    const col = columns.find((c) => matches(c, h));
    if (col) out.set(i, col);
    else report(h, `无法识别的列“${h}”`, `Unknown column "${h}"`);
  });
  for (const required of ["code", "name"]) {
    if ([...out.values()].some((c) => c.key === required)) continue;
    const c = columns.find((x) => x.key === required) as Column<T>;
    report(c.header, `缺少“${c.header}”列`, `The column "${c.header}" is missing`);
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

/** One row of the item sheet; `failed` names the columns whose cell could not be read. */
function parseItemRow(
  r: Sheet["rows"][number],
  cols: Map<number, Column<ItemRow>>,
  themeCodes: Map<string, string>,
  errors: RowError[],
  sheet: Sheet,
): { it: ParsedRow; failed: Set<string> } {
  const it: ParsedRow = { row: r.row, code: "", department: "", themes: null, guide: { fee: {}, minorGaps: {} }, cols: new Map() };
  const report = reporter(errors, sheet, r.row);
  const failed = new Set<string>();
  for (const [i, col] of cols) {
    const p = col.parse?.(r.cells[i] ?? "");
    if (!p) continue;
    if (p.ok) setItemCell(it, col, p.value, themeCodes, report);
    else {
      report(col.header, p.zh, p.en);
      failed.add(col.key);
    }
  }
  return { it, failed };
}

function setItemCell(it: ParsedRow, col: Column<ItemRow>, value: unknown, themeCodes: Map<string, string>, report: Report) {
  if (col.path) {
    setPath(it.guide, col.path, value);
    it.cols.set(col.path.split(".")[0] as string, col.header);
  } else if (col.key === "code") it.code = value as string;
  else if (col.key === "department") it.department = value as string;
  else if (col.key === "themes") {
    const names = value as string[];
    const unknown = names.find((n) => !themeCodes.has(n));
    if (unknown) report(col.header, `主题“${unknown}”不存在`, `No theme "${unknown}"`);
    else it.themes = [...new Set(names.map((n) => themeCodes.get(n) as string))];
  }
}

function addItem(items: Map<string, ParsedRow>, parsed: { it: ParsedRow; failed: Set<string> }, errors: RowError[], sheet: Sheet) {
  const { it, failed } = parsed;
  const report = reporter(errors, sheet, it.row);
  const earlier = items.get(it.code)?.row;
  if (!ItemCode.safeParse(it.code).success)
    report("事项编码 Code", "事项编码为空或格式有误（字母、数字和连字符）", "The code is empty or malformed (letters, digits, hyphens)");
  else if (earlier !== undefined) report("事项编码 Code", `事项编码与第 ${earlier} 行重复`, `The code repeats row ${earlier}`);
  else items.set(it.code, it);
  if (!it.department && !failed.has("department")) report("实施部门 Department", "实施部门为空", "The department is empty");
  it.guide.materials = [];
}

/** One row of the material sheet, added to its item's guide (in the order its index gives). */
function addMaterial<T>(
  items: Map<string, ParsedRow>,
  materialRows: Map<string, number[]>,
  r: Sheet["rows"][number],
  cols: Map<number, Column<T>>,
  errors: RowError[],
  sheet: Sheet,
) {
  const m: Record<string, unknown> = {};
  let code = "";
  let index: number | null = null;
  const report = reporter(errors, sheet, r.row);
  for (const [i, col] of cols) {
    const p = col.parse?.(r.cells[i] ?? "");
    if (!p) continue;
    if (!p.ok) report(col.header, p.zh, p.en);
    else if (col.path) m[col.path] = p.value;
    else if (col.key === "code") code = p.value as string;
    else if (col.key === "index") index = p.value as number | null;
  }
  const owner = items.get(code);
  if (!owner) {
    report("事项编码 Code", `事项表中没有编码为“${code}”的事项`, `No item with code "${code}" on the item sheet`);
    return;
  }
  const list = owner.guide.materials as Record<string, unknown>[];
  list.push({ ...m, _order: index ?? list.length + 1 });
  materialRows.set(code, [...(materialRows.get(code) ?? []), r.row]);
}

/** The guide of one row, checked like one entered by hand; undefined (and errors) when it is not valid. */
function checkGuide(
  it: ParsedRow,
  materialRows: number[],
  sheets: { itemSheet: Sheet; materialSheet: Sheet },
  errors: RowError[],
): Guide | undefined {
  const mats = (it.guide.materials as Record<string, unknown>[]).map((m, i) => ({ m, row: materialRows[i] ?? it.row }));
  mats.sort((a, b) => (a.m._order as number) - (b.m._order as number));
  it.guide.materials = mats.map(({ m }) => {
    const { _order, ...rest } = m;
    return rest;
  });
  const parsed = Guide.safeParse(it.guide);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push(issueError(issue, it, mats, sheets));
    return undefined;
  }
  for (const p of guideProblems(parsed.data)) {
    errors.push({ sheet: sheets.itemSheet.name, row: it.row, column: headerOf(p.field), reason: p.zh, reasonEn: p.en });
  }
  return parsed.data;
}

const headerOf = (top: string) => ITEM_COLUMNS.find((c) => c.path?.split(".")[0] === top)?.header ?? top;

/** A schema issue of a guide, named by the sheet, row and column it came from. */
function issueError(
  issue: z.core.$ZodIssue,
  it: ParsedRow,
  mats: { row: number }[],
  sheets: { itemSheet: Sheet; materialSheet: Sheet },
): RowError {
  const [top, idx, field] = issue.path as (string | number)[];
  if (top === "materials" && typeof idx === "number") {
    const column = MATERIAL_COLUMNS.find((c) => c.path === field)?.header ?? String(field ?? "");
    return { sheet: sheets.materialSheet.name, row: mats[idx]?.row ?? it.row, column, reason: zodZh(issue), reasonEn: issue.message };
  }
  const column = it.cols.get(String(top)) ?? headerOf(String(top));
  return { sheet: sheets.itemSheet.name, row: it.row, column, reason: zodZh(issue), reasonEn: issue.message };
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
