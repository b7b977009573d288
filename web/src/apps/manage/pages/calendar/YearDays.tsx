import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, DatePicker, Form, Input, Popconfirm, Select, Table, Tag } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import type { CalendarDay } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";

interface MarkValues {
  date: Dayjs;
  kind: CalendarDay["kind"];
  name?: string;
}

const daysKey = (year: number) => ["calendar", "days", year] as const;

/** One year's holidays and make-up workdays; a district administrator marks or clears single days. */
export function YearDays({ year, mayWrite }: { year: number; mayWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<MarkValues>();
  const days = useQuery({ queryKey: daysKey(year), queryFn: () => call(api.GET("/api/calendar/days", { params: { query: { year } } })) });
  const setDay = useMutation({
    mutationFn: (v: { date: string; kind: CalendarDay["kind"] | null; name?: string | null }) =>
      call(api.PUT("/api/calendar/days/{date}", { params: { path: { date: v.date } }, body: { kind: v.kind, name: v.name ?? null } })),
    onSuccess: async (_r, v) => {
      message.success(t("m.common.saved"));
      await qc.invalidateQueries({ queryKey: ["calendar"] });
      if (v.kind !== null) form.resetFields();
    },
  });
  return (
    <>
      {mayWrite ? (
        <Form<MarkValues>
          form={form}
          layout="inline"
          initialValues={{ kind: "holiday" }}
          style={{ marginBottom: 12, rowGap: 8 }}
          onFinish={(v) => setDay.mutate({ date: v.date.format("YYYY-MM-DD"), kind: v.kind, name: v.name?.trim() || null })}
        >
          <Form.Item name="date" label={t("m.cal.markDay")} rules={[{ required: true, message: t("m.common.required") }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="kind">
            <Select
              aria-label={`${t("m.cal.holiday")} / ${t("m.cal.workday")}`}
              style={{ width: 140 }}
              options={[
                { value: "holiday", label: t("m.cal.holiday") },
                { value: "workday", label: t("m.cal.workday") },
              ]}
            />
          </Form.Item>
          <Form.Item name="name">
            <Input aria-label={t("m.cal.name")} placeholder={t("m.cal.name")} maxLength={40} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={setDay.isPending}>
              {t("m.cal.mark")}
            </Button>
          </Form.Item>
        </Form>
      ) : null}
      <ErrorAlert error={days.error ?? setDay.error} style={{ marginBottom: 12 }} />
      <Table<CalendarDay>
        rowKey="date"
        size="small"
        loading={days.isPending}
        dataSource={days.data ?? []}
        pagination={{ pageSize: 40, hideOnSinglePage: true }}
        columns={[
          { title: t("m.cal.date"), dataIndex: "date", width: 130 },
          {
            title: t("m.cal.kind"),
            dataIndex: "kind",
            width: 140,
            render: (k: CalendarDay["kind"]) =>
              k === "holiday" ? <Tag color="red">{t("m.cal.holiday")}</Tag> : <Tag color="blue">{t("m.cal.workday")}</Tag>,
          },
          { title: t("m.cal.name"), dataIndex: "name" },
          ...(mayWrite
            ? [
                {
                  title: t("m.common.actions"),
                  width: 90,
                  render: (_: unknown, d: CalendarDay) => (
                    <Popconfirm
                      title={t("m.common.confirmDelete")}
                      onConfirm={() => setDay.mutateAsync({ date: d.date, kind: null }).catch(() => undefined)}
                    >
                      <Button type="link" danger size="small">
                        {t("m.cal.clear")}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
