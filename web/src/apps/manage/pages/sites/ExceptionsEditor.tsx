import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, DatePicker, Form, Input, Popconfirm, Radio, Table, TimePicker } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import type { HourException, Site } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";
import { SITES_KEY } from "../../shell/SiteContext";
import { dayImpact } from "./exceptionImpact";

interface Values {
  date: Dayjs;
  closed: boolean;
  range?: [Dayjs, Dayjs];
  note?: string;
}

/** Dated exceptions to the weekly hours: a closed day, or other hours on one date. */
export function ExceptionsEditor({
  site,
  readOnly,
  canReadAppointments = true,
}: {
  site: Site;
  readOnly: boolean;
  canReadAppointments?: boolean;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const closed = Form.useWatch("closed", form) ?? true;
  const refresh = [["site", site.id], SITES_KEY];
  const add = useFormSubmit(
    form,
    (v: Values) =>
      call(
        api.PUT("/api/sites/{siteId}/hour-exceptions", {
          params: { path: { siteId: site.id } },
          body: {
            date: v.date.format("YYYY-MM-DD"),
            closed: v.closed,
            opens: v.closed ? null : (v.range?.[0].format("HH:mm") ?? null),
            closes: v.closed ? null : (v.range?.[1].format("HH:mm") ?? null),
            note: v.note?.trim() || null,
          },
        }),
      ),
    {
      invalidate: refresh,
      onSuccess: () => {
        message.success(t("m.common.saved"));
        form.resetFields();
      },
    },
  );
  /**
   * Nothing is saved on Enter alone: the manager first reads what the change does to that day's
   * tickets and bookings, and confirms (a closed day cannot be undone for people already turned away).
   */
  async function confirmThenSave(v: Values) {
    const date = v.date.format("YYYY-MM-DD");
    const impact = await dayImpact(site.id, date, canReadAppointments);
    const lines = [
      v.closed ? t("m.exc.confirm.closed", { date }) : t("m.exc.confirm.hours", { date }),
      impact.today && v.closed ? t("m.exc.confirm.tickets", { count: impact.openTickets }) : null,
      impact.bookings > 0 ? t("m.exc.confirm.bookings", { count: impact.bookings }) : t("m.exc.confirm.noBookings"),
    ].filter((x): x is string => x !== null);
    modal.confirm({
      title: v.closed ? t("m.exc.confirm.closedTitle", { date }) : t("m.exc.confirm.hoursTitle", { date }),
      content: (
        <ul className="m-exc-impact">
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ),
      okText: v.closed ? t("m.exc.confirm.okClosed") : t("m.exc.confirm.ok"),
      okButtonProps: { danger: v.closed },
      // A second Enter must not close the hall: the focus starts on 取消.
      autoFocusButton: "cancel",
      cancelText: t("action.cancel"),
      onOk: () => add.submit(v),
    });
  }
  const remove = useMutation({
    mutationFn: (date: string) =>
      call(api.DELETE("/api/sites/{siteId}/hour-exceptions/{date}", { params: { path: { siteId: site.id, date } } })),
    onSuccess: () => Promise.all(refresh.map((queryKey) => qc.invalidateQueries({ queryKey }))),
  });
  const rows = [...site.exceptions].sort((a, b) => a.date.localeCompare(b.date));
  return (
    <>
      {readOnly ? null : (
        <Form<Values>
          form={form}
          layout="inline"
          initialValues={{ closed: true }}
          onFinish={confirmThenSave}
          style={{ marginBottom: 16, rowGap: 8 }}
        >
          <Form.Item name="date" label={t("m.exc.date")} rules={[{ required: true, message: t("m.common.required") }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="closed">
            <Radio.Group
              optionType="button"
              options={[
                { value: true, label: t("m.exc.closed") },
                { value: false, label: t("m.exc.open") },
              ]}
            />
          </Form.Item>
          {closed ? null : (
            <Form.Item name="range" rules={[{ required: true, message: t("m.common.required") }]}>
              <TimePicker.RangePicker format="HH:mm" minuteStep={5} placeholder={[t("m.exc.opens"), t("m.exc.closes")]} />
            </Form.Item>
          )}
          <Form.Item name="note" label={t("m.exc.note")}>
            <Input maxLength={200} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={add.busy}>
              {t("m.exc.add")}
            </Button>
          </Form.Item>
        </Form>
      )}
      <ErrorAlert error={add.error ?? remove.error} style={{ marginBottom: 16 }} />
      <Table<HourException>
        rowKey="date"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t("m.exc.none") }}
        columns={[
          { title: t("m.exc.date"), dataIndex: "date", width: 140 },
          {
            title: t("m.site.hours"),
            render: (_: unknown, e) => (e.closed ? t("m.exc.closed") : `${e.opens ?? ""}-${e.closes ?? ""}`),
          },
          { title: t("m.exc.note"), dataIndex: "note" },
          ...(readOnly
            ? []
            : [
                {
                  title: t("m.common.actions"),
                  width: 100,
                  render: (_: unknown, e: HourException) => (
                    <Popconfirm title={t("m.common.confirmDelete")} onConfirm={() => remove.mutateAsync(e.date)}>
                      <Button type="link" danger>
                        {t("action.delete")}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]),
        ]}
      />
    </>
  );
}
