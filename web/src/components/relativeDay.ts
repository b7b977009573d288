/** "2026-12-04" + "09:00" → «明天 9:00» / "tomorrow 9:00": relative day words, Beijing dates. */
const DAY_MS = 86_400_000;

const beijingDate = (now: Date) => now.toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

export function relativeDayTime(date: string, time: string, lang: string, now = new Date()): string {
  const en = lang.startsWith("en");
  const clock = time.replace(/^0(\d)/, "$1");
  const diff = daysBetween(beijingDate(now), date);
  const words = en ? ["today", "tomorrow", "the day after tomorrow"] : ["今天", "明天", "后天"];
  if (diff >= 0 && diff < words.length) return `${words[diff]} ${clock}`;
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.toLocaleDateString(en ? "en-GB" : "zh-CN", {
    month: en ? "short" : "long",
    day: "numeric",
    weekday: "short",
    timeZone: "UTC",
  });
  return `${day} ${clock}`;
}
