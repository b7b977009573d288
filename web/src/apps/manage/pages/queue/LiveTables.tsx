import { List, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { QueueLive, Snapshot, WindowLive } from "../../../../api/queue";

const stateColor = { open: "green", paused: "orange", closed: "default" } as const;

export function QueueTable({ snapshot, loading }: { snapshot: Snapshot | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const limit = snapshot?.settings;
  return (
    <Table<QueueLive>
      rowKey="id"
      size="small"
      loading={loading}
      pagination={false}
      dataSource={snapshot?.queues ?? []}
      columns={[
        { title: t("mq.live.queue"), key: "q", render: (_, q) => <Typography.Text strong>{`${q.prefix} ${q.name}`}</Typography.Text> },
        {
          title: t("mq.live.waiting"),
          dataIndex: "waiting",
          align: "right",
          render: (n: number) => (
            <Typography.Text type={limit && n >= limit.alertWaiting ? "danger" : undefined} strong>
              {n}
            </Typography.Text>
          ),
        },
        {
          title: t("mq.live.longest"),
          dataIndex: "longestWaitMin",
          align: "right",
          render: (n: number) => (
            <Typography.Text type={limit && n >= limit.alertWaitMin ? "danger" : undefined}>{t("q.minutes", { count: n })}</Typography.Text>
          ),
        },
        { title: t("mq.live.served"), dataIndex: "served", align: "right" },
        { title: t("mq.live.noShows"), dataIndex: "noShows", align: "right" },
        { title: t("mq.live.issued"), key: "issued", align: "right", render: (_, q) => `${q.issued} / ${q.dailyCap ?? "∞"}` },
      ]}
    />
  );
}

export function WindowTable({ snapshot, loading }: { snapshot: Snapshot | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const prefix = (id: string) => snapshot?.queueConfig.find((q) => q.id === id)?.prefix ?? "?";
  return (
    <Table<WindowLive>
      rowKey="windowId"
      size="small"
      loading={loading}
      pagination={false}
      dataSource={[...(snapshot?.windows ?? [])].sort((a, b) => a.number - b.number)}
      columns={[
        { title: t("mq.live.window"), key: "w", render: (_, w) => `${t("q.windowNo", { number: w.number })} · ${w.name}` },
        {
          title: t("mq.live.state"),
          key: "state",
          render: (_, w) => (
            <Space size={4}>
              <Tag color={stateColor[w.state]}>{t(`q.windowState.${w.state}`)}</Tag>
              {w.pauseReason ? <Typography.Text type="secondary">{w.pauseReason}</Typography.Text> : null}
            </Space>
          ),
        },
        { title: t("mq.live.staff"), dataIndex: "staffName", render: (n: string | null) => n ?? t("mq.live.none") },
        {
          title: t("mq.live.post"),
          dataIndex: "post",
          render: (p: WindowLive["post"]) => (p ? <Tag color="blue">{t(`q.post.${p}`)}</Tag> : t("mq.live.none")),
        },
        {
          title: t("mq.live.current"),
          key: "cur",
          render: (_, w) =>
            w.currentTicket ? (
              <Space size={4}>
                <Typography.Text strong>{w.currentTicket.number}</Typography.Text>
                <Tag>{t(`q.ticketState.${w.currentTicket.state}`)}</Tag>
              </Space>
            ) : (
              t("mq.live.none")
            ),
        },
        {
          title: t("mq.live.serves"),
          key: "q",
          render: (_, w) => (w.queueIds.length ? w.queueIds.map((id) => <Tag key={id}>{prefix(id)}</Tag>) : t("mq.live.none")),
        },
      ]}
    />
  );
}

export function LastCalls({ snapshot }: { snapshot: Snapshot | undefined }) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      dataSource={snapshot?.lastCalls.slice(0, 8) ?? []}
      locale={{ emptyText: t("state.empty") }}
      renderItem={(e) => (
        <List.Item>
          <Space>
            <Typography.Text strong>{e.data.ticket.number}</Typography.Text>
            {e.data.ticket.windowNumber !== null ? t("q.windowNo", { number: e.data.ticket.windowNumber }) : null}
            {e.type === "ticket.recalled" ? <Tag color="gold">{t("q.recall")}</Tag> : null}
          </Space>
          <Typography.Text type="secondary">{new Date(e.at).toLocaleTimeString("zh-CN", { hour12: false })}</Typography.Text>
        </List.Item>
      )}
    />
  );
}
