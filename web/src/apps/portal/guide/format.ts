import type { TFunction } from "i18next";

/** 0 = on the spot (即办); null = no single committed limit. */
export function committedText(t: TFunction, days: number | null | undefined, unit: string | null | undefined, short = false): string {
  if (days === null || days === undefined) return t("limit.none");
  if (days === 0) return t(short ? "limit.onTheSpotShort" : "limit.onTheSpot");
  return t("limit.days", { count: days, unit: t(`limit.${unit ?? "工作日"}`, { count: days }) });
}

export function statutoryText(t: TFunction, days: number | null | undefined, unit: string | null | undefined): string {
  if (days === null || days === undefined) return t("limit.statutoryNone");
  return t("limit.days", { count: days, unit: t(`limit.${unit ?? "工作日"}`, { count: days }) });
}

/** An ISO instant as the Beijing calendar date. */
export function dateText(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}
