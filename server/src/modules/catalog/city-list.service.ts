import type { Executor } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import type { Ctx } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { ItemCode } from "./catalog.schema.js";
import { canReadStaff, canWrite } from "./catalog.service.js";
import { headerIndex, readTable, type Sheet } from "./catalog.sheets.js";
import * as coverageRepo from "./coverage.repository.js";

export interface RowError {
  sheet?: string;
  row: number;
  column: string;
  reason: string;
  reasonEn: string;
}

export const badRows = (errors: RowError[]) =>
  new AppError(
    422,
    "import_rows_invalid",
    `文件中有 ${errors.length} 处错误，未导入任何内容；请按行号修改后重新上传`,
    `The file has ${errors.length} error(s); nothing was imported. Fix the rows named and upload again`,
    errors.slice(0, 1000),
  );

const COLUMNS = {
  code: ["事项编码", "编码", "code"],
  name: ["事项名称", "名称", "name"],
  department: ["实施部门", "部门", "实施主体", "department"],
};
const HEADER_ZH: Record<keyof typeof COLUMNS, string> = { code: "事项编码", name: "事项名称", department: "实施部门" };

type Key = keyof typeof COLUMNS;
const KEYS = Object.keys(COLUMNS) as Key[];
type CityRow = { code: string; name: string; department: string; row: number };

/**
 * The rows of the city's approved list, every bad row named. The first row is a header if it
 * names the columns (in Chinese or English, any order); otherwise columns are code, name,
 * department.
 */
export function parseCityList(sheet: Sheet): { rows: CityRow[]; errors: RowError[] } {
  const [first, ...rest] = sheet.rows;
  if (!first) return { rows: [], errors: [] };
  const { index: idx, ambiguous } = headerIndex(first.cells, COLUMNS);
  const hasHeader = idx.code !== -1 || idx.name !== -1 || ambiguous.length > 0;
  if (hasHeader) {
    const errors = headerErrors(first.row, idx, ambiguous as Key[]);
    if (errors.length) return { rows: [], errors };
  }
  const at = hasHeader ? idx : { code: 0, name: 1, department: 2 };
  const rows: CityRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const r of hasHeader ? rest : sheet.rows) {
    const get = (k: Key) => r.cells[at[k] as number] ?? "";
    const row = { code: get("code"), name: get("name"), department: get("department"), row: r.row };
    errors.push(...cityRowErrors(row, seen));
    if (row.code) seen.set(row.code, r.row);
    rows.push(row);
  }
  return { rows, errors };
}

/** A header naming a column twice is refused first; then every column must be there. */
function headerErrors(row: number, at: Record<string, number>, ambiguous: Key[]): RowError[] {
  const twice = ambiguous.map((key) => ({
    row,
    column: HEADER_ZH[key],
    reason: `表头中有多列都可能是“${HEADER_ZH[key]}”列，请只保留一列或改用准确的列名`,
    reasonEn: `More than one column could be "${key}": keep one, or name it exactly`,
  }));
  if (twice.length) return twice;
  return KEYS.filter((key) => at[key] === -1).map((key) => ({
    row,
    column: HEADER_ZH[key],
    reason: `缺少“${HEADER_ZH[key]}”列`,
    reasonEn: `The column "${key}" is missing`,
  }));
}

function cityRowErrors({ code, name, department, row }: CityRow, seen: Map<string, number>): RowError[] {
  const errors: RowError[] = [];
  const err = (k: Key, reason: string, reasonEn: string) => errors.push({ row, column: HEADER_ZH[k], reason, reasonEn });
  if (!code) err("code", "事项编码为空", "The code is empty");
  else if (!ItemCode.safeParse(code).success)
    err("code", "事项编码只能用字母、数字和连字符（最多40个字符）", "Codes use letters, digits and hyphens (at most 40)");
  else if (seen.has(code)) err("code", `事项编码与第 ${seen.get(code)} 行重复`, `The code repeats row ${seen.get(code)}`);
  if (!name) err("name", "事项名称为空", "The name is empty");
  else if (name.length > 100) err("name", "事项名称超过100个字", "The name is longer than 100 characters");
  if (!department) err("department", "实施部门为空", "The department is empty");
  else if (department.length > 100) err("department", "实施部门超过100个字", "The department is longer than 100 characters");
  return errors;
}

export async function replaceCityList(tx: Executor, rows: CityRow[], at: string) {
  await coverageRepo.replaceCityItems(
    tx,
    rows.map((r) => ({ code: r.code, name: r.name, department: r.department, source_row: r.row, imported_at: at })),
  );
}

/** Replaces the city's approved list with the uploaded one; a file with any bad row changes nothing. */
export async function importCityList(ctx: Ctx, body: Buffer) {
  canWrite(ctx);
  const [sheet] = await readTable(body);
  const { rows, errors } = parseCityList(sheet ?? { name: "", rows: [] });
  if (errors.length > 0) throw badRows(errors);
  if (rows.length === 0) throw new AppError(422, "city_list_empty", "文件中没有事项", "The file lists no items");
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const before = (await coverageRepo.listCityItems(tx)).length;
    await replaceCityList(tx, rows, at);
    await audit(tx, ctx, {
      action: "catalog.city_list.import",
      entityType: "catalog",
      entityId: null,
      siteId: null,
      before: { count: before },
      after: { count: rows.length },
    });
  });
  return { count: rows.length, importedAt: at };
}

export async function getCityList(ctx: Ctx) {
  canReadStaff(ctx);
  const rows = await coverageRepo.listCityItems(ctx.db);
  return {
    importedAt: rows[0]?.imported_at ?? null,
    items: rows.map((r) => ({ code: r.code, name: r.name, department: r.department })),
  };
}
