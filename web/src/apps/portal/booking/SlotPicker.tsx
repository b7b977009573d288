import { useQuery } from "@tanstack/react-query";
import { Button, Empty, Skeleton } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../api/client";
import { ErrorAlert } from "../../../components/ErrorAlert";
import type { SlotView } from "./api";

const WEEKDAYS_ZH = ["日", "一", "二", "三", "四", "五", "六"];
const WEEKDAYS_EN = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Days as chips, then the slots of the chosen day with their real free places. Full slots offer the waiting list. */
export function SlotPicker(props: {
  siteCode: string;
  serviceId: string;
  busy?: boolean;
  onPick: (date: string, slot: SlotView) => void;
  onWait?: (date: string, slot: SlotView) => void;
}) {
  const { t, i18n } = useTranslation();
  const slots = useQuery({
    queryKey: ["slots", props.siteCode, props.serviceId],
    queryFn: () =>
      call(
        api.GET("/api/public/sites/{code}/appointment-services/{serviceId}/slots", {
          params: { path: { code: props.siteCode, serviceId: props.serviceId }, query: { days: 14 } },
        }),
      ),
    staleTime: 0,
  });
  const days = (slots.data?.days ?? []).filter((d) => d.slots.some((s) => s.bookable || s.waitlist));
  const [date, setDate] = useState<string | null>(null);
  useEffect(() => {
    if (!date && days[0]) setDate(days[0].date);
  }, [date, days]);
  if (slots.isPending) return <Skeleton active />;
  if (slots.error) return <ErrorAlert error={slots.error} />;
  if (days.length === 0) return <Empty description={t("b.noSlots")} />;
  const day = days.find((d) => d.date === date) ?? days[0];
  const wd = i18n.language.startsWith("en") ? WEEKDAYS_EN : WEEKDAYS_ZH;
  // Only what a person can act on: slots already begun, past the booking cutoff or not yet open
  // are left out, so the first free place is at the top of a phone's screen, not forty rows down.
  if (!day) return <Empty description={t("b.noSlots")} />;
  const offered = day.slots.filter((s) => s.bookable || (s.waitlist && props.onWait));
  const hidden = day.slots.length - offered.length;
  return (
    <div>
      <div className="b-days" role="tablist" aria-label={t("b.stepSlot")}>
        {days.map((d) => {
          const w = wd[new Date(`${d.date}T00:00:00Z`).getUTCDay()];
          const free = d.slots.reduce((n, s) => n + (s.bookable ? s.free : 0), 0);
          return (
            <button
              key={d.date}
              type="button"
              role="tab"
              aria-selected={d.date === day.date}
              className={`b-day${d.date === day.date ? " on" : ""}`}
              onClick={() => setDate(d.date)}
            >
              <span className="b-day-w">{w}</span>
              <span className="b-day-d">{d.date.slice(5).replace("-", "/")}</span>
              <span className="b-day-f">{free > 0 ? t("b.free", { n: free }) : t("b.full")}</span>
            </button>
          );
        })}
      </div>
      {hidden > 0 ? <p className="b-muted">{t("b.slotsHidden", { n: hidden })}</p> : null}
      <div className="b-slots">
        {offered.map((s) => {
          const label = `${s.start}-${s.end}`;
          if (s.bookable)
            return (
              <Button key={s.start} className="b-slot" disabled={props.busy} onClick={() => props.onPick(day.date, s)}>
                <span className="b-slot-t">{label}</span>
                <span className="b-slot-f">{t("b.free", { n: s.free })}</span>
              </Button>
            );
          if (s.waitlist && props.onWait)
            return (
              <Button key={s.start} className="b-slot full" disabled={props.busy} onClick={() => props.onWait?.(day.date, s)}>
                <span className="b-slot-t">{label}</span>
                <span className="b-slot-f">
                  {t("b.full")} · {t("b.waitlist")}
                </span>
              </Button>
            );
          return null;
        })}
      </div>
    </div>
  );
}
