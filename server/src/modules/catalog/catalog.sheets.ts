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
  if (typeof v === "object") {
    if ("richText" in v)
      return v.richText
        .map((r) => r.text)
        .join("")
        .trim();
    if ("text" in v && typeof v.text === "string") return v.text.trim();
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    if ("error" in v) return "";
  }
  return String(v).trim();
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
      const cells = values.slice(1).map(cellText);
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
  const rows: Sheet["rows"] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let startLine = 1;
  const endRow = () => {
    cells.push(cell.trim());
    if (cells.some((c) => c !== "")) rows.push({ row: startLine, cells });
    cells = [];
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        cell += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      cells.push(cell.trim());
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
      startLine = line;
    } else cell += ch;
  }
  if (cell !== "" || cells.length > 0) endRow();
  return { name: "csv", rows };
}

/** The upload as sheets, by what it is rather than what it claims: a ZIP (xlsx) starts with "PK". */
export async function readTable(buf: Buffer): Promise<Sheet[]> {
  if (buf.length >= 2 && buf[0] === 0x50 && buf[1] === 0x4b) return readWorkbook(buf);
  return [parseCsv(decodeText(buf))];
}

/** Finds each wanted column in a header row by any of its names; -1 if absent. */
export function headerIndex(header: string[], names: Record<string, string[]>): Record<string, number> {
  const norm = (s: string) => s.replace(/\s+/g, "").toLowerCase();
  const cells = header.map(norm);
  const out: Record<string, number> = {};
  for (const [key, aliases] of Object.entries(names)) {
    out[key] = cells.findIndex((c) => aliases.some((a) => c === norm(a) || c.startsWith(norm(a))));
  }
  return out;
}
