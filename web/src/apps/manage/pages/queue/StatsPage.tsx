import { DownloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, DatePicker, Table, Tabs, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../api/access";
import { fetchStats, type StatRow } from "../../../../api/queue";
import type { Site } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { ScrollRegion } from "../../../../components/ScrollRegion";
import { PageHead } from "../../common/PageHead";
import { NoPermission, RequireSite } from "../../common/RequireSite";
import { useMe } from "../../session";

export function StatsPage() {
  return <RequireSite>{(site) => <Stats key={site.id} site={site} />}</RequireSite>;
}

/** 排队统计: one day by queue, window and staff — waits and service (avg, P90), no-shows, idle time; .xlsx export. */
function Stats({ site }: { site: Site }) {
  const { t } = useTranslation();
  const me = useMe();
  const [day, setDay] = useState<Dayjs>(() => dayjs());
  const date = day.format("YYYY-MM-DD");
  const q = useQuery({ queryKey: ["queue-stats", site.id, date], queryFn: () => fetchStats(site.id, date) });
  if (!can(me, "queue.read", site.id)) return <NoPermission />;
  const min = (n: number | null | undefined) => (n === null || n === undefined ? "—" : `${n} ${t("mq.stats.min")}`);
  const columns = (extra: boolean): ColumnsType<StatRow> => [
    {
      title: t("mq.stats.name"),
      dataIndex: "label",
      fixed: "left",
      render: (l: string, r) => (r.key === "total" ? <strong>{t("mq.stats.total")}</strong> : l),
    },
    { title: t("mq.stats.issued"), dataIndex: "issued", align: "right" },
    { title: t("mq.stats.served"), dataIndex: "served", align: "right" },
    { title: t("mq.stats.noShows"), dataIndex: "noShows", align: "right" },
    {
      title: t("mq.stats.noShowRate"),
      dataIndex: "noShowRate",
      align: "right",
      render: (n: number | null) => (n === null ? "—" : `${n}%`),
    },
    { title: t("mq.stats.closedUnserved"), dataIndex: "closedUnserved", align: "right" },
    { title: t("mq.stats.cancelled"), dataIndex: "cancelled", align: "right" },
    { title: t("mq.stats.avgWait"), dataIndex: "avgWaitMin", align: "right", render: min },
    { title: t("mq.stats.p90Wait"), dataIndex: "p90WaitMin", align: "right", render: min },
    { title: t("mq.stats.avgService"), dataIndex: "avgServiceMin", align: "right", render: min },
    { title: t("mq.stats.p90Service"), dataIndex: "p90ServiceMin", align: "right", render: min },
    ...(extra
      ? [
          { title: t("mq.stats.openMin"), dataIndex: "openMin", align: "right" as const, render: min },
          { title: t("mq.stats.idleMin"), dataIndex: "idleMin", align: "right" as const, render: min },
        ]
      : []),
  ];
  const table = (rows: StatRow[], extra = false) => (
    <ScrollRegion label={t("m.nav.queueStats")}>
      <Table<StatRow>
        rowKey="key"
        size="small"
        loading={q.isPending}
        pagination={false}
        dataSource={rows}
        columns={columns(extra)}
        scroll={{ x: 1100 }}
      />
    </ScrollRegion>
  );
  const href = `/api/sites/${encodeURIComponent(site.id)}/queue-stats.xlsx?date=${date}`;
  return (
    <>
      <PageHead
        title={t("m.nav.queueStats")}
        sub={<Tag>{site.name}</Tag>}
        extra={
          <>
            <DatePicker
              aria-label={t("mq.stats.date")}
              value={day}
              allowClear={false}
              onChange={(d) => d && setDay(d)}
              disabledDate={(d) => d.isAfter(dayjs(), "day")}
            />
            <Button icon={<DownloadOutlined />} href={href} download={`queue-stats-${date}.xlsx`}>
              {t("mq.stats.export")}
            </Button>
          </>
        }
      />
      <Typography.Paragraph type="secondary">{t("mq.stats.lead")}</Typography.Paragraph>
      <ErrorAlert error={q.error} style={{ marginBottom: 12 }} />
      <Tabs
        items={[
          { key: "queue", label: t("mq.stats.byQueue"), children: table(q.data ? [...q.data.byQueue, q.data.total] : []) },
          { key: "window", label: t("mq.stats.byWindow"), children: table(q.data?.byWindow ?? [], true) },
          { key: "staff", label: t("mq.stats.byStaff"), children: table(q.data?.byStaff ?? []) },
        ]}
      />
    </>
  );
}
