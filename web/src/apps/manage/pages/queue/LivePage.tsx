import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Badge, Button, Card, Col, Popconfirm, Row, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { can } from "../../../../api/access";
import { api, call, errorText } from "../../../../api/client";
import type { Site } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { relativeDayTime } from "../../../../components/relativeDay";
import type { StreamStatus } from "../../../../queue/stream";
import { PageHead } from "../../common/PageHead";
import { NoPermission, RequireSite } from "../../common/RequireSite";
import { useMe } from "../../session";
import { LastCalls, QueueTable, WindowTable } from "./LiveTables";
import { snapshotKey, useLiveSnapshot } from "./useLiveSnapshot";

export function LivePage() {
  return <RequireSite>{(site) => <Live key={site.id} site={site} />}</RequireSite>;
}

const badge: Record<StreamStatus, "processing" | "warning" | "default"> = {
  open: "processing",
  connecting: "default",
  retrying: "warning",
  stopped: "default",
};

/** 排队实况: per queue and per window, the alerts first (Q5: open windows or divert people). */
function Live({ site }: { site: Site }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { query, status } = useLiveSnapshot(site.id);
  const closeDay = useMutation({
    mutationFn: () => call(api.POST("/api/sites/{siteId}/queue/close-day", { params: { path: { siteId: site.id } } })),
    onSuccess: (r) => {
      message.success(t("mq.live.closeDayDone", { n: r.closed }));
      void qc.invalidateQueries({ queryKey: snapshotKey(site.id) });
    },
    onError: (err) => message.error(errorText(err, i18n.language)),
  });
  if (!can(me, "queue.read", site.id)) return <NoPermission />;
  const s = query.data;
  const en = i18n.language.startsWith("en");
  return (
    <>
      <PageHead
        title={t("m.nav.queueLive")}
        sub={
          <>
            <Tag>{site.name}</Tag>
            <Badge status={badge[status]} text={t(`q.live.${status}`)} />
            {s ? (
              <Typography.Text type="secondary">
                {t("mq.live.updated", { time: new Date(s.at).toLocaleTimeString("zh-CN", { hour12: false }) })}
              </Typography.Text>
            ) : null}
          </>
        }
        extra={
          can(me, "queue.manage", site.id) ? (
            <Popconfirm
              title={t("mq.live.closeDayTitle")}
              description={<div style={{ maxWidth: 360 }}>{t("mq.live.closeDayLead")}</div>}
              okButtonProps={{ danger: true }}
              onConfirm={() => closeDay.mutate()}
            >
              <Button danger loading={closeDay.isPending}>
                {t("mq.live.closeDay")}
              </Button>
            </Popconfirm>
          ) : null
        }
      />
      <ErrorAlert error={query.error} style={{ marginBottom: 16 }} />
      {s && s.alerts.length > 0 ? (
        <Alert
          type="error"
          showIcon
          className="mq-alerts"
          role="alert"
          title={`${t("mq.live.alerts")}（${s.alerts.length}）— ${t("mq.live.alertsLead")}`}
          description={
            <ul>
              {s.alerts.map((a) => (
                <li key={`${a.queueId}-${a.kind}`}>{en ? a.en : a.zh}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
        />
      ) : s && !s.opening.open ? (
        <Alert
          type="info"
          showIcon
          title={
            s.opening.nextOpen
              ? t("mq.live.closedUntil", { when: relativeDayTime(s.opening.nextOpen.date, s.opening.nextOpen.time, i18n.language) })
              : t("mq.live.closedNoHours")
          }
          style={{ marginBottom: 16 }}
        />
      ) : s ? (
        <Alert type="success" showIcon title={t("mq.live.noAlerts")} style={{ marginBottom: 16 }} />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t("mq.live.queues")} size="small">
            <QueueTable snapshot={s} loading={query.isPending} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t("mq.live.lastCalls")} size="small">
            <LastCalls snapshot={s} />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t("mq.live.windows")} size="small">
            <WindowTable snapshot={s} loading={query.isPending} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
