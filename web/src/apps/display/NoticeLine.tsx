import type { TFunction } from "i18next";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import type { PublicSiteDetail } from "../../api/queue";

/** Today's date and ISO weekday in Beijing, whatever the device's clock zone. */
function beijingToday(now: Date): { date: string; weekday: number } {
  const date = now.toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return { date, weekday: day === 0 ? 7 : day };
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The scrolling notice line: today's office hours (or today's dated exception), changed days of
 * the next two weeks, and the hall's standing notices. The site's public page is read every 30 min.
 */
export function NoticeLine({ siteCode }: { siteCode: string }) {
  const { t, i18n } = useTranslation();
  const [site, setSite] = useState<PublicSiteDetail | null>(null);
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    let live = true;
    const load = () =>
      call(api.GET("/api/public/sites/{code}", { params: { path: { code: siteCode } } }))
        .then((s) => live && setSite(s))
        .catch(() => undefined);
    void load();
    const reload = setInterval(load, 30 * 60_000);
    const tick = setInterval(() => setNow(new Date()), 60_000);
    return () => {
      live = false;
      clearInterval(reload);
      clearInterval(tick);
    };
  }, [siteCode]);

  const items = site ? siteNotices(site, now, t, i18n.language) : [];
  items.push(t("d.tipMissed"), t("d.tipPriority"));
  const text = items.join("　　◆　　");
  return (
    <div className="dsp-ticker" role="marquee" aria-label={text}>
      <div className="dsp-ticker-track" style={{ animationDuration: `${Math.max(20, text.length * 0.3)}s` }} aria-hidden="true">
        <span>{text}</span>
        <span>{text}</span>
      </div>
    </div>
  );
}

const range = (opens: string | null, closes: string | null) => `${opens ?? ""}–${closes ?? ""}`;
const note = (n: string | null) => (n ? `（${n}）` : "");

/** Today's hours (a dated exception first, else the server's today, else the weekly hours), then changed days of the next two weeks. */
function siteNotices(site: PublicSiteDetail, now: Date, t: TFunction, lang: string): string[] {
  const items: string[] = [];
  const today = beijingToday(now);
  const day = (d: string) =>
    new Date(`${d}T00:00:00Z`).toLocaleDateString(lang.startsWith("en") ? "en" : "zh-CN", {
      month: "short",
      day: "numeric",
      timeZone: "UTC",
    });
  items.push(todayNotice(site, today, t));
  const until = addDays(today.date, 14);
  for (const e of site.exceptions.filter((x) => x.date > today.date && x.date <= until).slice(0, 4)) {
    items.push(
      e.closed
        ? `${t("d.exceptionClosed", { date: day(e.date) })}${note(e.note)}`
        : `${t("d.exceptionOpen", { date: day(e.date), hours: range(e.opens, e.closes) })}${note(e.note)}`,
    );
  }
  return items;
}

function todayNotice(site: PublicSiteDetail, today: ReturnType<typeof beijingToday>, t: TFunction): string {
  const exc = site.exceptions.find((e) => e.date === today.date);
  if (exc) {
    return exc.closed
      ? `${t("d.todayClosed")}${note(exc.note)}`
      : `${t("d.todayChanged", { hours: range(exc.opens, exc.closes) })}${note(exc.note)}`;
  }
  // The server has applied public holidays and make-up workdays to today's hours.
  const periods =
    site.today.date === today.date
      ? site.today.periods.map((p) => range(p.opens, p.closes))
      : site.weeklyHours
          .filter((h) => h.weekday === today.weekday)
          .sort((a, b) => a.opens.localeCompare(b.opens))
          .map((h) => range(h.opens, h.closes));
  return periods.length > 0 ? t("d.todayHours", { hours: periods.join(t("hours.sep")) }) : t("d.todayClosed");
}
