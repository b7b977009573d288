/** The words of a legal clock: why its due date is what it is, in Chinese and English (split from legal-clock.ts). */
import { type Bilingual, type ClockView, PAUSE_REASON_EN } from "./legal-clock.js";

export const HOLIDAY_EN: Record<string, string> = {
  元旦: "New Year's Day",
  春节: "Spring Festival",
  清明: "Qingming",
  清明节: "Qingming",
  劳动节: "Labour Day",
  端午: "Dragon Boat Festival",
  端午节: "Dragon Boat Festival",
  中秋: "Mid-Autumn Festival",
  中秋节: "Mid-Autumn Festival",
  国庆节: "National Day",
};

/** A date in the start's year is written MM-DD, any other YYYY-MM-DD. */
export const shortDate = (year: string) => (d: string) => (d.startsWith(`${year}-`) ? d.slice(5) : d);

function holidayPart(h: ClockView["holidays"][number], short: (d: string) => string): Bilingual {
  const to = shortDate(h.from.slice(0, 4))(h.to);
  const one = h.from === h.to;
  const range = one ? short(h.from) : `${short(h.from)}至${to}`;
  const rangeEn = one ? short(h.from) : `${short(h.from)} to ${to}`;
  const name = h.name ? ` (${HOLIDAY_EN[h.name] ?? h.name})` : "";
  return {
    zh: `${range}为法定节假日${h.name ? `（${h.name}）` : ""}`,
    en: `${rangeEn} ${one ? "is a public holiday" : "are public holidays"}${name}`,
  };
}

function calendarPart(v: ClockView, short: (d: string) => string): Bilingual | null {
  const zh: string[] = [];
  const en: string[] = [];
  for (const h of v.holidays) {
    const part = holidayPart(h, short);
    zh.push(part.zh);
    en.push(part.en);
  }
  if (v.makeUpDays.length > 0) {
    const days = v.makeUpDays.map((m) => short(m.date));
    zh.push(`${days.join("、")}为调休工作日`);
    en.push(`${days.join(", ")} ${days.length === 1 ? "is a make-up working day" : "are make-up working days"}`);
  }
  return zh.length > 0 ? { zh: zh.join("，"), en: en.join(", ") } : null;
}

function pausePart(p: ClockView["pauses"][number], short: (d: string) => string): Bilingual {
  const why = PAUSE_REASON_EN[p.reason];
  if (p.open)
    return {
      zh: `因${p.reason}自${short(p.from)}起暂停，已暂停${p.days}个工作日，尚未恢复`,
      en: `paused for ${why} since ${short(p.from)} (${p.days} working days so far, not yet resumed)`,
    };
  const range = p.from === p.to ? short(p.from) : `${short(p.from)}至${short(p.to as string)}`;
  const rangeEn = p.from === p.to ? short(p.from) : `${short(p.from)} to ${short(p.to as string)}`;
  return { zh: `因${p.reason}暂停${p.days}个工作日（${range}）`, en: `paused ${p.days} working days for ${why} (${rangeEn})` };
}

function duePart(v: ClockView): Bilingual {
  const open = v.pauses.some((p) => p.open) && !v.stoppedLate && v.state !== "stopped";
  const zh = `${open ? "若自次日恢复计时，" : ""}${v.provisional ? "暂定" : ""}应于${v.dueDate}前办结`;
  const en = `${open ? "if the clock resumes the next day, " : ""}${v.provisional ? "provisionally " : ""}due by ${v.dueDate}`;
  return { zh, en };
}

/** «自2026-09-28起20个工作日；10-01至10-07为法定节假日（国庆节），10-10为调休工作日；…；应于2026-11-04前办结» */
export function explainClock(v: ClockView): Bilingual {
  const short = shortDate(v.start.slice(0, 4));
  const parts: Bilingual[] = [
    v.budget === 0
      ? { zh: `即办件，${v.start}起算`, en: `same-day matter (即办) from ${v.start}` }
      : { zh: `自${v.start}起${v.budget}个工作日`, en: `${v.budget} working days from ${v.start}` },
  ];
  const cal = calendarPart(v, short);
  if (cal) parts.push(cal);
  for (const p of v.pauses) parts.push(pausePart(p, short));
  for (const e of v.extensions)
    parts.push({ zh: `经批准延长${e.days}个工作日（${e.reason}）`, en: `extended by ${e.days} working days with approval (${e.reason})` });
  for (const y of v.uncoveredYears)
    parts.push({
      zh: `${y}年节假日安排尚未录入工作日历，该年暂按周一至周五计算`,
      en: `${y} is not yet in the working-day calendar and is counted Monday to Friday for now`,
    });
  parts.push(duePart(v));
  if (v.state === "stopped" && v.asOf)
    parts.push(
      v.stoppedLate
        ? { zh: `已于${v.asOf}办结，超期${v.overdueDays}个工作日`, en: `finished on ${v.asOf}, ${v.overdueDays} working days late` }
        : { zh: `已于${v.asOf}按期办结`, en: `finished on time on ${v.asOf}` },
    );
  const en = parts.map((p) => p.en).join("; ");
  return { zh: parts.map((p) => p.zh).join("；"), en: `${en.charAt(0).toUpperCase()}${en.slice(1)}.` };
}
