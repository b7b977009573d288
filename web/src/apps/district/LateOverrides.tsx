import { useQuery } from "@tanstack/react-query";
import { Card, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";

type Override = Awaited<ReturnType<typeof load>>[number];
const load = () => call(api.GET("/api/appointment-overrides"));

/**
 * A2 (S23(3)): a site must tell an applicant at least 8 hours before it cannot keep an
 * appointment. Every later change a site manager forced through, with the written reason, for the
 * district office to follow up.
 */
export function LateOverrides() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ["appointment-overrides"], queryFn: load });
  const at = (s: string) => dayjs(s).format("YYYY-MM-DD HH:mm");
  return (
    <Card title={t("d.overrides.title")} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t("d.overrides.lead")}</Typography.Paragraph>
      <ErrorAlert error={q.error} style={{ marginBottom: 12 }} />
      <Table<Override>
        rowKey="id"
        size="middle"
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t("d.overrides.none") }}
        columns={[
          { title: t("d.overrides.site"), dataIndex: "siteName" },
          {
            title: t("d.overrides.action"),
            dataIndex: "action",
            render: (a: string) => (
              <Tag color={a.includes("cancel") ? "red" : "orange"}>{t(`d.overrides.actions.${a}`, { defaultValue: a })}</Tag>
            ),
          },
          { title: t("d.overrides.startsAt"), dataIndex: "startsAt", render: at },
          {
            title: t("d.overrides.notice"),
            dataIndex: "minutesBefore",
            align: "right",
            render: (m: number) => t("d.overrides.hours", { h: (m / 60).toFixed(1) }),
          },
          { title: t("d.overrides.explanation"), dataIndex: "explanation" },
          { title: t("d.overrides.reason"), dataIndex: "overrideReason" },
          { title: t("d.overrides.by"), render: (_: unknown, r) => `${r.userName} · ${at(r.at)}` },
        ]}
      />
    </Card>
  );
}
