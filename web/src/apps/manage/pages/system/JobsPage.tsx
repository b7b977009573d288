import { useQuery } from "@tanstack/react-query";
import { Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import type { Job } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { fmtDateTime } from "../../../../components/format";
import { PageHead } from "../../common/PageHead";
import "./i18n";
import { ScrollRegion } from "../../../../components/ScrollRegion";

/** A duration for people: 850 ms, 12 s, 3 min, 2 h. */
function fmtMs(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

/** The district administrator's view of the scheduler: every job, its last run, lag and error. */
export function JobsPage() {
  const { t, i18n } = useTranslation();
  const jobs = useQuery({ queryKey: ["system", "jobs"], queryFn: () => call(api.GET("/api/system/jobs")), refetchInterval: 10_000 });
  const label = (name: string) => (i18n.exists(`mj.jobs.${name}`) ? t(`mj.jobs.${name}`) : null);
  return (
    <>
      <PageHead title={t("m.nav.jobs")} />
      <Typography.Paragraph type="secondary">{t("mj.lead")}</Typography.Paragraph>
      <ErrorAlert error={jobs.error} />
      <ScrollRegion label={t("m.nav.jobs")}>
        <Table<Job>
          rowKey="name"
          size="small"
          loading={jobs.isPending}
          dataSource={jobs.data ?? []}
          pagination={false}
          scroll={{ x: 1100 }}
          columns={[
            {
              title: t("mj.name"),
              dataIndex: "name",
              width: 280,
              render: (name: string, j) => (
                <>
                  <div>{label(name) ?? name}</div>
                  <Typography.Text type="secondary" code>
                    {name}
                  </Typography.Text>
                  {j.registeredHere ? null : <Tag style={{ marginLeft: 4 }}>{t("mj.otherVersion")}</Tag>}
                </>
              ),
            },
            {
              title: t("mj.schedule"),
              dataIndex: "schedule",
              width: 170,
              render: (_: string, j) =>
                j.everyMs ? t("mj.every", { t: fmtMs(j.everyMs) }) : <Typography.Text code>{j.cron}</Typography.Text>,
            },
            {
              title: t("mj.lastRun"),
              dataIndex: "lastStartedAt",
              width: 170,
              render: (v: string | null) => (v ? fmtDateTime(v) : <Typography.Text type="secondary">{t("mj.never")}</Typography.Text>),
            },
            { title: t("mj.lag"), dataIndex: "lastLagMs", width: 80, render: fmtMs },
            { title: t("mj.duration"), dataIndex: "lastDurationMs", width: 80, render: fmtMs },
            {
              title: t("mj.status"),
              dataIndex: "lastStatus",
              width: 90,
              render: (s: Job["lastStatus"], j) =>
                j.running ? (
                  <Tag color="processing">{t("mj.running")}</Tag>
                ) : s ? (
                  <Tag color={s === "ok" ? "success" : "error"}>{t(`mj.${s}`)}</Tag>
                ) : (
                  "—"
                ),
            },
            {
              title: t("mj.nextDue"),
              dataIndex: "nextDueAt",
              width: 190,
              render: (v: string, j) => (
                <>
                  {fmtDateTime(v)}
                  {j.overdueMs > 60_000 ? <Tag color="warning">{t("mj.overdue", { t: fmtMs(j.overdueMs) })}</Tag> : null}
                </>
              ),
            },
            { title: t("mj.counts"), key: "counts", width: 110, render: (_: unknown, j) => `${j.runs} / ${j.failures}` },
            {
              title: t("mj.error"),
              dataIndex: "lastError",
              ellipsis: true,
              render: (e: string | null) => (e ? <Typography.Text type="danger">{e}</Typography.Text> : "—"),
            },
          ]}
        />
      </ScrollRegion>
    </>
  );
}
