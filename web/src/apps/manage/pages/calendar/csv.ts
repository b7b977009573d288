import type { CalendarDayInput } from "../../../../api/types";

export interface ParsedYear {
  year: number | null;
  days: CalendarDayInput[];
  errors: string[];
}

const KINDS: Record<string, CalendarDayInput["kind"]> = {
  holiday: "holiday",
  假: "holiday",
  休: "holiday",
  节假日: "holiday",
  workday: "workday",
  班: "workday",
  调休: "workday",
  调休上班: "workday",
};

/** Splits one CSV line, honouring double quotes ("a, b" stays one field; "" is a quote). */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === "," || c === "，") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/**
 * Reads a State Council holiday list as CSV — `date,kind,name`, one day per line, an optional
 * header line, `#` comments — into the body of PUT /api/calendar/years/:year. Every line is
 * checked, so all mistakes are reported at once; the server checks again.
 */
export function parseCalendarCsv(text: string): ParsedYear {
  const days: CalendarDayInput[] = [];
  const errors: string[] = [];
  const years = new Set<number>();
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const [date = "", kindRaw = "", name = ""] = splitLine(line);
    if (n === 1 && date.toLowerCase() === "date") return;
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
      Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
      new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
    ) {
      errors.push(`第 ${n} 行 / line ${n}: 日期无效 / invalid date “${date}”`);
      return;
    }
    const kind = KINDS[kindRaw.toLowerCase()];
    if (!kind) {
      errors.push(`第 ${n} 行 / line ${n}: 类型应为 holiday 或 workday / kind must be holiday or workday (“${kindRaw}”)`);
      return;
    }
    if (seen.has(date)) {
      errors.push(`第 ${n} 行 / line ${n}: ${date} 重复 / listed twice`);
      return;
    }
    if (name.length > 40) {
      errors.push(`第 ${n} 行 / line ${n}: 名称过长 / name longer than 40`);
      return;
    }
    seen.add(date);
    years.add(Number(date.slice(0, 4)));
    days.push({ date, kind, name: name || null });
  });
  if (years.size > 1) errors.push(`一个文件只能包含一年 / one year per file (${[...years].sort().join(", ")})`);
  if (days.length === 0 && errors.length === 0) errors.push("文件中没有日期 / the file lists no day");
  const year = years.size === 1 ? ([...years][0] ?? null) : null;
  return { year, days: days.sort((a, b) => a.date.localeCompare(b.date)), errors };
}
