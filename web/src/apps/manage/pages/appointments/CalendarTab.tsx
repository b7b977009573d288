import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, DatePicker, Empty, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call, errorText } from "../../../../api/client";
import type { Site } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import type { ApptService, CalendarDay } from "./api";

type Cell = CalendarDay["slots"][number];

/** A week (or more) of slots × days: booked, held and free places, with a day's capacity change. */
export function CalendarTab({ site, services, manage }: { site: Site; services: ApptService[]; manage: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [serviceId, setServiceId] = useState<string | undefined>(services[0]?.id);
  const [from, setFrom] = useState<Dayjs>(() => dayjs());
  const [editing, setEditing] = useState<CalendarDay | null>(null);
  const sid = serviceId ?? services[0]?.id;
  const fromStr = from.format("YYYY-MM-DD");
  const key = ["appt-calendar", site.id, sid, fromStr];
  const cal = useQuery({
    queryKey: key,
    enabled: !!sid,
    queryFn: () =>
      call(
        api.GET("/api/sites/{siteId}/appointment-services/{serviceId}/calendar", {
          params: { path: { siteId: site.id, serviceId: sid ?? "" }, query: { from: fromStr, days: 7 } },
        }),
      ),
  });
  if (services.length === 0) return <Empty description={t("ma.none")} />;
  const days = cal.data ?? [];
  const starts = [...new Set(days.flatMap((d) => d.slots.map((s) => s.start)))].sort();
  const rows = starts.map((start) => ({
    start,
    cells: Object.fromEntries(days.map((d) => [d.date, d.slots.find((s) => s.start === start)])),
  }));

  async function save(v: { capacity: number; note?: string }) {
    if (!editing || !sid) return;
    try {
      await call(
        api.PUT("/api/sites/{siteId}/appointment-services/{serviceId}/days/{date}", {
          params: { path: { siteId: site.id, serviceId: sid, date: editing.date } },
          body: { capacity: v.capacity, note: v.note || null },
        }),
      );
      message.success(t("ma.saved"));
      setEditing(null);
      await qc.invalidateQueries({ queryKey: ["appt-calendar", site.id] });
    } catch (err) {
      message.error(errorText(err, i18n.language));
    }
  }
  async function clear() {
    if (!editing || !sid) return;
    try {
      await call(
        api.DELETE("/api/sites/{siteId}/appointment-services/{serviceId}/days/{date}", {
          params: { path: { siteId: site.id, serviceId: sid, date: editing.date } },
        }),
      );
      setEditing(null);
      await qc.invalidateQueries({ queryKey: ["appt-calendar", site.id] });
    } catch (err) {
      message.error(errorText(err, i18n.language));
    }
  }

  const cell = (c: Cell | undefined) => {
    if (!c) return <span className="ma-none">—</span>;
    const color = c.past ? "default" : c.free === 0 ? "red" : c.free <= Math.ceil(c.capacity / 4) ? "orange" : "green";
    return (
      <div className="ma-cell">
        <Tag color={color}>{c.past ? t("ma.past") : `${t("ma.free")} ${c.free}/${c.capacity}`}</Tag>
        <div className="ma-cell-sub">
          {t("ma.booked")} {c.booked}
          {c.held ? ` · ${t("ma.held")} ${c.held}` : ""}
          {c.waitlist ? ` · ${t("ma.waitlist")} ${c.waitlist}` : ""}
        </div>
      </div>
    );
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t("ma.service")}
          style={{ width: 260 }}
          value={sid}
          onChange={setServiceId}
          options={services.map((s) => ({ value: s.id, label: s.name }))}
        />
        <DatePicker aria-label={t("ma.week")} value={from} allowClear={false} onChange={(d) => d && setFrom(d)} />
      </Space>
      <ErrorAlert error={cal.error} />
      <Table
        size="small"
        rowKey="start"
        loading={cal.isPending}
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t("ma.slot"), dataIndex: "start", width: 70 },
          ...days.map((d) => ({
            key: d.date,
            title: (
              <div>
                <div>
                  {d.date.slice(5)} {dayjs(d.date).format("ddd")}
                </div>
                {d.slots.length === 0 ? (
                  <Tag>{t("ma.closedDay")}</Tag>
                ) : manage ? (
                  <Button size="small" type="link" onClick={() => setEditing(d)} style={{ padding: 0 }}>
                    {t("ma.dayCapacity")} {d.capacity}
                    {d.override ? ` (${t("ma.adjusted")})` : ""}
                  </Button>
                ) : (
                  <span>
                    {t("ma.dayCapacity")} {d.capacity}
                  </span>
                )}
              </div>
            ),
            render: (_: unknown, r: (typeof rows)[number]) => cell(r.cells[d.date]),
          })),
        ]}
      />
      <Modal
        open={!!editing}
        title={`${t("ma.adjust")} ${editing?.date ?? ""}`}
        onCancel={() => setEditing(null)}
        footer={null}
        destroyOnHidden
      >
        <p>{t("ma.adjustLead")}</p>
        <Form layout="vertical" initialValues={{ capacity: editing?.capacity, note: editing?.note ?? "" }} onFinish={(v) => void save(v)}>
          <Form.Item name="capacity" label={t("ma.dayCapacity")} rules={[{ required: true }]}>
            <InputNumber min={0} max={500} />
          </Form.Item>
          <Form.Item name="note" label={t("ma.note")}>
            <Input maxLength={200} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t("ma.save")}
            </Button>
            {editing?.override ? <Button onClick={() => void clear()}>{t("ma.clear")}</Button> : null}
          </Space>
        </Form>
      </Modal>
    </>
  );
}
