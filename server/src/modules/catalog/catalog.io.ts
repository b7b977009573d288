import ExcelJS from "exceljs";
import type { z } from "zod";
import { audit } from "../../platform/audit/audit.js";
import type { Ctx } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import * as repo from "./catalog.repository.js";
import { Guide, HANDLING_FORMS, ITEM_TYPES, ItemCode, LIMIT_UNITS, MATERIAL_FORMS, type Material, TARGETS } from "./catalog.schema.js";
import {
  canReadStaff,
  canWrite,
  departmentsById,
  groupBy,
  guideOf,
  guideProblems,
  insertNewItem,
  keepSamples,
  saveDraft,
} from "./catalog.service.js";
import { readWorkbook, type Sheet } from "./catalog.sheets.js";
import { badRows, type RowError } from "./city-list.service.js";

/**
 * The catalog as a workbook: sheet 1 one row per item (its latest guide, draft or published),
 * sheet 2 one row per material. Lists are one entry per line inside a cell; yes/no are 是/否.
 * Importing the same workbook back changes nothing; a changed row becomes (or updates) the
 * item's draft, to be published with a change note like any edit.
 */

type Cell = string | number | null;
type Parsed = { ok: true; value: unknown } | { ok: false; zh: string; en: string };
const ok = (value: unknown): Parsed => ({ ok: true, value });
const bad = (zh: string, en: string): Parsed => ({ ok: false, zh, en });

const splitList = (s: string) =>
  s
    .split(/\r?\n|[、；;,，]/)
    .map((x) => x.trim())
    .filter(Boolean);
const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);
const YES = ["是", "yes", "y", "true", "1"];
const NO = ["否", "no", "n", "false", "0"];

const text = (s: string): Parsed => ok(s || null);
const list = (s: string): Parsed => ok(lines(s));
const yesNo = (s: string): Parsed => {
  const v = s.toLowerCase();
  if (YES.includes(v)) return ok(true);
  if (NO.includes(v)) return ok(false);
  return bad("应填“是”或“否”", 'Write "是" (yes) or "否" (no)');
};
const yesNoBlank = (s: string): Parsed => (s ? yesNo(s) : ok(null));
const int = (s: string): Parsed => {
  if (!s) return ok(null);
  return /^\d+$/.test(s) ? ok(Number(s)) : bad("应为非负整数（不限可留空）", "Write a whole number (blank: none)");
};
const oneOf =
  (values: readonly string[]) =>
  (s: string): Parsed =>
    values.includes(s) ? ok(s) : bad(`应为以下之一：${values.join("、")}`, `Must be one of: ${values.join(", ")}`);
const manyOf =
  (values: readonly string[]) =>
  (s: string): Parsed => {
    const items = splitList(s);
    const wrong = items.find((x) => !values.includes(x));
    return wrong ? bad(`“${wrong}”不是以下之一：${values.join("、")}`, `"${wrong}" is not one of: ${values.join(", ")}`) : ok(items);
  };

interface Column<T> {
  key: string;
  header: string;
  width: number;
  get: (row: T) => Cell;
  /** Absent: export only. */
  parse?: (s: string) => Parsed;
  /** Where the parsed value goes in the guide (dotted), or another key of the row. */
  path?: string;
}

type ItemRow = { code: string; department: string; guide: Guide; themes: string[]; version: number; status: string };
const joinLines = (xs: string[]) => xs.join("\n");

const ITEM_COLUMNS: Column<ItemRow>[] = [
  { key: "code", header: "事项编码 Code", width: 24, get: (r) => r.code, parse: (s) => ok(s) },
  { key: "department", header: "实施部门 Department", width: 20, get: (r) => r.department, parse: (s) => ok(s) },
  { key: "name", header: "事项名称 Name", width: 28, get: (r) => r.guide.name, parse: text, path: "name" },
  { key: "type", header: "事项类型 Type", width: 12, get: (r) => r.guide.type, parse: oneOf(ITEM_TYPES), path: "type" },
  { key: "target", header: "服务对象 Target", width: 12, get: (r) => r.guide.target.join("、"), parse: manyOf(TARGETS), path: "target" },
  {
    key: "implementingBody",
    header: "实施主体 Implementing body",
    width: 24,
    get: (r) => r.guide.implementingBody,
    parse: text,
    path: "implementingBody",
  },
  {
    key: "legalBasis",
    header: "设定依据 Legal basis",
    width: 30,
    get: (r) => joinLines(r.guide.legalBasis),
    parse: list,
    path: "legalBasis",
  },
  {
    key: "conditions",
    header: "受理条件 Conditions",
    width: 30,
    get: (r) => joinLines(r.guide.conditions),
    parse: list,
    path: "conditions",
  },
  {
    key: "statutoryLimitDays",
    header: "法定时限 Statutory limit",
    width: 10,
    get: (r) => r.guide.statutoryLimitDays,
    parse: int,
    path: "statutoryLimitDays",
  },
  {
    key: "committedLimitDays",
    header: "承诺时限 Committed limit",
    width: 10,
    get: (r) => r.guide.committedLimitDays,
    parse: int,
    path: "committedLimitDays",
  },
  {
    key: "limitUnit",
    header: "时限单位 Limit unit",
    width: 10,
    get: (r) => r.guide.limitUnit,
    parse: oneOf(LIMIT_UNITS),
    path: "limitUnit",
  },
  {
    key: "feeCharged",
    header: "是否收费 Charged",
    width: 8,
    get: (r) => (r.guide.fee.charged ? "是" : "否"),
    parse: yesNo,
    path: "fee.charged",
  },
  { key: "feeAmount", header: "收费标准 Fee", width: 16, get: (r) => r.guide.fee.amount, parse: text, path: "fee.amount" },
  { key: "feeBasis", header: "收费依据 Fee basis", width: 16, get: (r) => r.guide.fee.basis, parse: text, path: "fee.basis" },
  { key: "steps", header: "办理流程 Steps", width: 20, get: (r) => joinLines(r.guide.steps), parse: list, path: "steps" },
  {
    key: "handlingForms",
    header: "办理形式 Handling forms",
    width: 14,
    get: (r) => r.guide.handlingForms.join("、"),
    parse: manyOf(HANDLING_FORMS),
    path: "handlingForms",
  },
  {
    key: "reviewStandard",
    header: "审查标准 Review standard",
    width: 30,
    get: (r) => joinLines(r.guide.reviewStandard),
    parse: list,
    path: "reviewStandard",
  },
  { key: "resultName", header: "结果名称 Result", width: 16, get: (r) => r.guide.resultName, parse: text, path: "resultName" },
  { key: "resultSample", header: "结果样本 Result sample", width: 20, get: (r) => r.guide.resultSample, parse: text, path: "resultSample" },
  {
    key: "minorGapsAllowed",
    header: "容缺受理 Minor gaps",
    width: 8,
    get: (r) => (r.guide.minorGaps.allowed ? "是" : "否"),
    parse: yesNo,
    path: "minorGaps.allowed",
  },
  {
    key: "minorGapsMaterials",
    header: "容缺材料 Materials that may follow",
    width: 20,
    get: (r) => joinLines(r.guide.minorGaps.materials),
    parse: list,
    path: "minorGaps.materials",
  },
  {
    key: "minorGapsDeadlineDays",
    header: "补交期限 Days to supply",
    width: 10,
    get: (r) => r.guide.minorGaps.deadlineDays,
    parse: int,
    path: "minorGaps.deadlineDays",
  },
  {
    key: "onlinePayment",
    header: "网上支付 Online payment",
    width: 8,
    get: (r) => yn(r.guide.onlinePayment),
    parse: yesNoBlank,
    path: "onlinePayment",
  },
  {
    key: "postalDelivery",
    header: "物流快递 Delivery by post",
    width: 8,
    get: (r) => yn(r.guide.postalDelivery),
    parse: yesNoBlank,
    path: "postalDelivery",
  },
  {
    key: "appointment",
    header: "需预约 Appointment",
    width: 8,
    get: (r) => yn(r.guide.appointment),
    parse: yesNoBlank,
    path: "appointment",
  },
  { key: "tongban", header: "通办范围 Tongban", width: 12, get: (r) => r.guide.tongban, parse: text, path: "tongban" },
  {
    key: "consultationPhone",
    header: "咨询电话 Phone",
    width: 14,
    get: (r) => r.guide.consultationPhone,
    parse: text,
    path: "consultationPhone",
  },
  {
    key: "complaintChannel",
    header: "投诉渠道 Complaints",
    width: 20,
    get: (r) => r.guide.complaintChannel,
    parse: text,
    path: "complaintChannel",
  },
  { key: "place", header: "办理地点 Place", width: 24, get: (r) => r.guide.place, parse: text, path: "place" },
  { key: "hours", header: "办理时间 Hours", width: 20, get: (r) => r.guide.hours, parse: text, path: "hours" },
  { key: "themes", header: "主题 Themes", width: 16, get: (r) => r.themes.join("、"), parse: (s) => ok(splitList(s)) },
  { key: "version", header: "版本 Version", width: 8, get: (r) => r.version },
  { key: "status", header: "状态 Status", width: 10, get: (r) => (r.status === "draft" ? "草稿" : "已发布") },
];

type MaterialRow = { code: string; index: number; m: Material };
const MATERIAL_COLUMNS: Column<MaterialRow>[] = [
  { key: "code", header: "事项编码 Code", width: 24, get: (r) => r.code, parse: (s) => ok(s) },
  { key: "index", header: "序号 No.", width: 6, get: (r) => r.index, parse: int },
  { key: "name", header: "材料名称 Name", width: 30, get: (r) => r.m.name, parse: text, path: "name" },
  { key: "form", header: "材料形式 Form", width: 12, get: (r) => r.m.form, parse: oneOf(MATERIAL_FORMS), path: "form" },
  { key: "copies", header: "份数 Copies", width: 6, get: (r) => r.m.copies, parse: (s) => (s ? int(s) : ok(1)), path: "copies" },
  { key: "required", header: "是否必需 Mandatory", width: 8, get: (r) => (r.m.required ? "是" : "否"), parse: yesNo, path: "required" },
  { key: "condition", header: "提交条件 Condition", width: 24, get: (r) => r.m.condition, parse: text, path: "condition" },
  { key: "note", header: "备注 Note", width: 24, get: (r) => r.m.note, parse: text, path: "note" },
  { key: "sampleText", header: "填写说明 Sample text", width: 30, get: (r) => r.m.sampleText, parse: text, path: "sampleText" },
];

function yn(v: boolean | null): string {
  return v === null ? "" : v ? "是" : "否";
}

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

interface Parsed_Item {
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
  const items = new Map<string, Parsed_Item>();
  for (const r of itemSheet.rows.slice(1)) {
    const it: Parsed_Item = { row: r.row, code: "", department: "", themes: null, guide: { fee: {}, minorGaps: {} }, cols: new Map() };
    const err = (column: string, zh: string, en: string) =>
      errors.push({ sheet: itemSheet.name, row: r.row, column, reason: zh, reasonEn: en });
    for (const [i, col] of itemCols) {
      if (!col.parse) continue;
      const p = col.parse(r.cells[i] ?? "");
      if (!p.ok) {
        err(col.header, p.zh, p.en);
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
    if (!it.department) err("实施部门 Department", "实施部门为空", "The department is empty");
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
