import { DownloadOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, DatePicker, Form, Input, Modal, Space, Table, Tag } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../api/access";
import { api, call, errorText } from "../../../../api/client";
import type { Site } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useMe } from "../../session";
import type { Appointment, ApptService } from "./api";
import { BookForModal } from "./BookForModal";

const NOTICE_MS = 8 * 3_600_000;

/** Bookings of a date range (masked), the .xlsx export, and the site's cancel/move under the 8-hour rule. */
export function ListTab({ site, services, manage }: { site: Site; services: ApptService[]; manage: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const canBook = can(me, "appointment.book", site.id);
  const canCheckIn = can(me, "queue.issue", site.id);
  const [booking, setBooking] = useState(false);
  const today = dayjs().format("YYYY-MM-DD");
  async function checkIn(a: Appointment) {
    try {
      const r = await call(
        api.POST("/api/sites/{siteId}/appointments/check-in", { params: { path: { siteId: site.id } }, body: { code: a.code } }),
      );
      message.success(t("ma.checkedIn", { number: r.ticket.number }));
      await qc.invalidateQueries({ queryKey: ["appt-list", site.id] });
    } catch (err) {
      message.error(errorText(err, i18n.language));
    }
  }
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(), dayjs().add(13, "day")]);
  const [change, setChange] = useState<{ a: Appointment; move: boolean } | null>(null);
  const from = range[0].format("YYYY-MM-DD");
  const to = range[1].format("YYYY-MM-DD");
  const list = useQuery({
    queryKey: ["appt-list", site.id, from, to],
    queryFn: () => call(api.GET("/api/sites/{siteId}/appointments", { params: { path: { siteId: site.id }, query: { from, to } } })),
  });
  const href = `/api/sites/${encodeURIComponent(site.id)}/appointments.xlsx?from=${from}&to=${to}`;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <Button icon={<DownloadOutlined />} href={href} download={`appointments-${from}-${to}.xlsx`}>
          {t("ma.export")}
        </Button>
        {canBook && services.length > 0 ? (
          <Button type="primary" onClick={() => setBooking(true)}>
            {t("ma.bookFor")}
          </Button>
        ) : null}
      </Space>
      {booking ? <BookForModal site={site} services={services} onClose={() => setBooking(false)} /> : null}
      <ErrorAlert error={list.error} />
      <Table<Appointment>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        scroll={{ x: 1100 }}
        columns={[
          { title: t("ma.date"), dataIndex: "date", width: 110 },
          { title: t("ma.start"), dataIndex: "start", width: 70 },
          { title: t("ma.service"), dataIndex: "serviceName", width: 160 },
          { title: t("ma.applicant"), dataIndex: "applicantName", width: 90 },
          { title: t("ma.phone"), dataIndex: "applicantPhone", width: 130 },
          { title: t("ma.idNumber"), dataIndex: "applicantIdNumber", width: 190 },
          {
            title: t("ma.state"),
            dataIndex: "state",
            width: 110,
            render: (s: string) => (
              <Tag color={s === "booked" ? "blue" : s === "checked_in" ? "green" : s === "no_show" ? "red" : "default"}>
                {t(`ma.states.${s}`, { defaultValue: s })}
              </Tag>
            ),
          },
          { title: t("ma.channel"), dataIndex: "channel", width: 80, render: (c: string) => t(`ma.channels.${c}`, { defaultValue: c }) },
          { title: t("ma.code"), dataIndex: "code", width: 120 },
          ...(manage || canCheckIn
            ? [
                {
                  title: t("m.common.actions"),
                  key: "actions",
                  width: 240,
                  render: (_: unknown, a: Appointment) =>
                    a.state === "booked" ? (
                      <Space size={0}>
                        {canCheckIn && a.date === today ? (
                          <Button type="link" size="small" onClick={() => void checkIn(a)}>
                            {t("ma.checkIn")}
                          </Button>
                        ) : null}
                        {manage && Date.parse(a.startsAt) > Date.now() ? (
                          <>
                            <Button type="link" size="small" onClick={() => setChange({ a, move: false })}>
                              {t("ma.siteCancel")}
                            </Button>
                            <Button type="link" size="small" onClick={() => setChange({ a, move: true })}>
                              {t("ma.siteMove")}
                            </Button>
                          </>
                        ) : null}
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {change ? <SiteChangeModal a={change.a} move={change.move} onClose={() => setChange(null)} siteId={site.id} /> : null}
    </>
  );
}

function SiteChangeModal(props: { a: Appointment; move: boolean; siteId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const late = Date.parse(props.a.startsAt) - Date.now() < NOTICE_MS;
  async function submit(v: { explanation: string; overrideReason?: string; date?: Dayjs; start?: string }) {
    setBusy(true);
    setError(null);
    try {
      const body = { explanation: v.explanation, overrideReason: v.overrideReason || null };
      const path = { appointmentId: props.a.id };
      if (props.move) {
        await call(
          api.POST("/api/appointments/{appointmentId}/move-by-site", {
            params: { path },
            body: { ...body, date: (v.date ?? dayjs()).format("YYYY-MM-DD"), start: v.start ?? "" },
          }),
        );
      } else await call(api.POST("/api/appointments/{appointmentId}/cancel-by-site", { params: { path }, body }));
      message.success(t("ma.done"));
      await qc.invalidateQueries({ queryKey: ["appt-list", props.siteId] });
      await qc.invalidateQueries({ queryKey: ["appt-calendar", props.siteId] });
      props.onClose();
    } catch (err) {
      setError(err);
      message.error(errorText(err, i18n.language));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={`${props.move ? t("ma.siteMove") : t("ma.siteCancel")} · ${props.a.date} ${props.a.start} ${props.a.applicantName}`}
      onCancel={props.onClose}
      footer={null}
    >
      {late ? <Alert type="warning" showIcon title={t("ma.overrideHelp")} style={{ marginBottom: 12 }} /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="explanation"
          label={t("ma.explanation")}
          extra={t("ma.explanationHelp")}
          rules={[{ required: true, min: 4, max: 500 }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        {late ? (
          <Form.Item name="overrideReason" label={t("ma.overrideReason")} rules={[{ required: true, min: 4, max: 500 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        ) : null}
        {props.move ? (
          <Space>
            <Form.Item name="date" label={t("ma.newDate")} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="start" label={t("ma.newStart")} rules={[{ required: true, pattern: /^\d{2}:\d{2}$/ }]}>
              <Input placeholder="14:00" style={{ width: 100 }} />
            </Form.Item>
          </Space>
        ) : null}
        <Button type="primary" danger={!props.move} htmlType="submit" loading={busy}>
          {props.move ? t("ma.siteMove") : t("ma.siteCancel")}
        </Button>
      </Form>
    </Modal>
  );
}
