import type { TFunction } from "i18next";

interface Period {
  weekday: number;
  opens: string;
  closes: string;
}

/**
 * Weekly office hours in words: days with the same periods are grouped, runs of days
 * shown as a range — "周一至周五 09:00-12:00、13:30-17:00；周六 09:00-12:00".
 */
export function describeWeeklyHours(hours: readonly Period[], t: TFunction): string[] {
  const byDay = new Map<number, string>();
  for (let d = 1; d <= 7; d++) {
    const periods = hours
      .filter((h) => h.weekday === d)
      .sort((a, b) => a.opens.localeCompare(b.opens))
      .map((h) => `${h.opens}-${h.closes}`);
    if (periods.length > 0) byDay.set(d, periods.join(t("hours.sep")));
  }
  if (byDay.size === 0) return [t("hours.closedAllWeek")];
  const lines: string[] = [];
  const groups = new Map<string, number[]>();
  for (const [day, text] of byDay) groups.set(text, [...(groups.get(text) ?? []), day]);
  for (const [text, days] of groups) lines.push(`${dayRuns(days, t)} ${text}`);
  return lines;
}

function dayRuns(days: number[], t: TFunction): string {
  const runs: [number, number][] = [];
  for (const d of days) {
    const last = runs[runs.length - 1];
    if (last && last[1] === d - 1) last[1] = d;
    else runs.push([d, d]);
  }
  const name = (d: number) => t(`weekday.${d}`);
  return runs
    .map(([a, b]) =>
      a === b ? name(a) : b === a + 1 ? `${name(a)}${t("hours.sep")}${name(b)}` : t("hours.range", { from: name(a), to: name(b) }),
    )
    .join(t("hours.sep"));
}
