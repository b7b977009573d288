import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Space, Table, TimePicker, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import type { Site, WeeklyHour } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { SITES_KEY } from "../../shell/SiteContext";

/** One opening period; `key` only keeps React rows stable while editing. */
interface Period {
  key: number;
  opens: string;
  closes: string;
}
type Week = Record<number, Period[]>;
const DAYS = [1, 2, 3, 4, 5, 6, 7];
let nextKey = 1;
const period = (opens: string, closes: string): Period => ({ key: nextKey++, opens, closes });

function toWeek(hours: WeeklyHour[]): Week {
  const w: Week = {};
  for (const d of DAYS) w[d] = hours.filter((h) => h.weekday === d).map((h) => period(h.opens, h.closes));
  return w;
}

const asTime = (s: string) => dayjs(`2000-01-01T${s}`);

/** The weekly office hours: one row per weekday, any number of periods (e.g. a lunch break splits the day). */
export function WeeklyHoursEditor({ site, readOnly }: { site: Site; readOnly: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [week, setWeek] = useState<Week>(() => toWeek(site.weeklyHours));
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PUT("/api/sites/{siteId}/hours", {
          params: { path: { siteId: site.id } },
          body: { weeklyHours: DAYS.flatMap((weekday) => (week[weekday] ?? []).map(({ opens, closes }) => ({ weekday, opens, closes }))) },
        }),
      ),
    onSuccess: (s) => {
      qc.setQueryData(["site", site.id], s);
      void qc.invalidateQueries({ queryKey: SITES_KEY });
      message.success(t("m.hours.saved"));
    },
  });
  const update = (day: number, periods: Period[]) => setWeek((w) => ({ ...w, [day]: periods }));

  return (
    <>
      <Table
        rowKey="day"
        pagination={false}
        size="middle"
        dataSource={DAYS.map((day) => ({ day }))}
        columns={[
          { title: t("m.hours.weekday"), dataIndex: "day", width: 100, render: (d: number) => t(`weekday.${d}`) },
          {
            title: t("m.hours.periods"),
            render: (_: unknown, { day }) => {
              const periods = week[day] ?? [];
              if (periods.length === 0 && readOnly) return <Typography.Text type="secondary">{t("m.hours.closed")}</Typography.Text>;
              return (
                <Space wrap>
                  {periods.length === 0 ? <Typography.Text type="secondary">{t("m.hours.closed")}</Typography.Text> : null}
                  {periods.map((p, i) => (
                    <Space.Compact key={p.key}>
                      <TimePicker.RangePicker
                        aria-label={`${t(`weekday.${day}`)} ${i + 1}`}
                        format="HH:mm"
                        minuteStep={5}
                        allowClear={false}
                        disabled={readOnly}
                        value={[asTime(p.opens), asTime(p.closes)]}
                        placeholder={[t("m.hours.opens"), t("m.hours.closes")]}
                        onChange={(v) => {
                          const [a, b] = (v ?? []) as (Dayjs | null)[];
                          if (!a || !b) return;
                          update(
                            day,
                            periods.map((x) => (x.key === p.key ? { ...x, opens: a.format("HH:mm"), closes: b.format("HH:mm") } : x)),
                          );
                        }}
                      />
                      {readOnly ? null : (
                        <Button
                          icon={<DeleteOutlined />}
                          aria-label={t("action.delete")}
                          onClick={() =>
                            update(
                              day,
                              periods.filter((x) => x.key !== p.key),
                            )
                          }
                        />
                      )}
                    </Space.Compact>
                  ))}
                  {readOnly ? null : (
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => update(day, [...periods, periods.length === 0 ? period("09:00", "12:00") : period("13:30", "17:00")])}
                    >
                      {t("m.hours.addPeriod")}
                    </Button>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      {readOnly ? null : (
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
            {t("action.save")}
          </Button>
          <Button
            onClick={() =>
              setWeek((w) => {
                const mon = w[1] ?? [];
                const copy = () => mon.map((p) => period(p.opens, p.closes));
                return { ...w, 2: copy(), 3: copy(), 4: copy(), 5: copy() };
              })
            }
          >
            {t("m.hours.copyMon")}
          </Button>
          <Button onClick={() => setWeek(toWeek(site.weeklyHours))}>{t("action.reset")}</Button>
        </Space>
      )}
      <ErrorAlert error={save.error} style={{ marginTop: 16 }} />
    </>
  );
}
