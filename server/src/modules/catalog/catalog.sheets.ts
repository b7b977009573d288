import ExcelJS from "exceljs";
import { AppError } from "../../platform/errors.js";

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** One sheet as text cells; `row` is the spreadsheet's own row number (header = 1). */
export interface Sheet {
  name: string;
  rows: { row: number; cells: string[] }[];
}

/** Text of a cell whatever Excel stored: numbers, dates, rich text, formulas, hyperlinks. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "是" : "否";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return (typeof v === "object" ? objectCellText(v) : null) ?? String(v).trim();
}

/** Rich text, a hyperlink's text, a formula's result, an error (empty); null for any other object. */
function objectCellText(v: object): string | null {
  if ("richText" in v)
    return (v as ExcelJS.CellRichTextValue).richText
      .map((r) => r.text)
      .join("")
      .trim();
  if ("text" in v && typeof v.text === "string") return v.text.trim();
  if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
  if ("error" in v) return "";
  return null;
}

const unreadable = () =>
  new AppError(
    422,
    "file_unreadable",
    "无法读取上传的文件，请上传 .xlsx 或 UTF-8/GBK 编码的 .csv 文件",
    "The file cannot be read: upload .xlsx, or .csv in UTF-8 or GBK",
  );

export async function readWorkbook(buf: Buffer): Promise<Sheet[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch {
    throw unreadable();
  }
  return wb.worksheets.map((ws) => {
    const rows: Sheet["rows"] = [];
    ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
      const values = r.values as ExcelJS.CellValue[];
      // Array.from, not map: `values` is sparse where cells are blank, and map keeps the holes.
      const cells = Array.from(values.slice(1), cellText);
      if (cells.some((c) => c !== "")) rows.push({ row: rowNumber, cells });
    });
    return { name: ws.name, rows };
  });
}

/** Text of a CSV upload: UTF-8 (with or without BOM), else GB18030 as Excel on a Chinese Windows saves it. */
export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf).replace(/^\uFEFF/, "");
  } catch {
    try {
      return new TextDecoder("gb18030", { fatal: true }).decode(buf);
    } catch {
      throw unreadable();
    }
  }
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): Sheet {
  const s: CsvState = { rows: [], cells: [], cell: "", quoted: false, line: 1, startLine: 1 };
  for (let i = 0; i < text.length; ) {
    const ch = text[i] as string;
    const next = text[i + 1];
    i += s.quoted ? quotedChar(s, ch, next) : plainChar(s, ch, next);
  }
  if (s.cell !== "" || s.cells.length > 0) endCsvRow(s);
  return { name: "csv", rows: s.rows };
}

interface CsvState {
  rows: Sheet["rows"];
  cells: string[];
  cell: string;
  quoted: boolean;
  /** The line being read, and the line the current row started on (a quoted cell may span lines). */
  line: number;
  startLine: number;
}

/** One character inside quotes: `""` is a quote, `"` ends the quoted part, anything else (a line break too) is text. Returns the characters used. */
function quotedChar(s: CsvState, ch: string, next: string | undefined): number {
  if (ch === '"' && next === '"') {
    s.cell += '"';
    return 2;
  }
  if (ch === '"') {
    s.quoted = false;
    return 1;
  }
  if (ch === "\n") s.line++;
  s.cell += ch;
  return 1;
}

/** One character outside quotes: a quote opens, a comma ends the cell, a line break (LF, CR or CRLF) the row. Returns the characters used. */
function plainChar(s: CsvState, ch: string, next: string | undefined): number {
  if (ch === '"') {
    s.quoted = true;
    return 1;
  }
  if (ch === ",") {
    s.cells.push(s.cell.trim());
    s.cell = "";
    return 1;
  }
  if (ch === "\n" || ch === "\r") {
    endCsvRow(s);
    s.line++;
    s.startLine = s.line;
    return ch === "\r" && next === "\n" ? 2 : 1;
  }
  s.cell += ch;
  return 1;
}

function endCsvRow(s: CsvState): void {
  s.cells.push(s.cell.trim());
  if (s.cells.some((c) => c !== "")) s.rows.push({ row: s.startLine, cells: s.cells });
  s.cells = [];
  s.cell = "";
}

/** The upload as sheets, by what it is rather than what it claims: a ZIP (xlsx) starts with "PK". */
export async function readTable(buf: Buffer): Promise<Sheet[]> {
  if (buf.length >= 2 && buf[0] === 0x50 && buf[1] === 0x4b) return readWorkbook(buf);
  return [parseCsv(decodeText(buf))];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const WORD = /[a-z0-9]/;

/**
 * Whether a header cell names a column by prefix: the alias followed by an annotation such as
 * "（必填）" or an English name ("事项编码 Code"), never by more of the same script, so "部门编码"
 * is not "部门" and "codes" is not "code".
 */
function prefixes(cell: string, alias: string): boolean {
  if (!cell.startsWith(alias) || cell === alias) return false;
  const last = alias.at(-1) ?? "";
  const next = cell[alias.length] ?? "";
  if (CJK.test(last)) return !CJK.test(next);
  if (WORD.test(last)) return !WORD.test(next);
  return true;
}

/**
 * Finds each wanted column in a header row by any of its names; -1 if absent. Exact names win;
 * a prefix (see `prefixes`) only for a column no cell names exactly, and never a cell already
 * taken. A column that two cells could be is `ambiguous` (the caller refuses the file).
 */
export function headerIndex(header: string[], names: Record<string, string[]>): { index: Record<string, number>; ambiguous: string[] } {
  const norm = (s: string) => s.replace(/\s+/g, "").toLowerCase();
  const cells = header.map(norm);
  const index: Record<string, number> = {};
  const ambiguous: string[] = [];
  const taken = new Set<number>();
  const pick = (key: string, matches: (c: string, a: string) => boolean): boolean => {
    const aliases = (names[key] ?? []).map(norm);
    const found = cells.flatMap((c, i) => (c !== "" && !taken.has(i) && aliases.some((a) => matches(c, a)) ? [i] : []));
    if (found.length > 1) ambiguous.push(key);
    if (found.length !== 1) return found.length > 1;
    index[key] = found[0] as number;
    taken.add(found[0] as number);
    return true;
  };
  const keys = Object.keys(names);
  for (const key of keys) index[key] = -1;
  const exact = new Set(keys.filter((key) => pick(key, (c, a) => c === a)));
  for (const key of keys) if (!exact.has(key)) pick(key, prefixes);
  return { index, ambiguous };
}
