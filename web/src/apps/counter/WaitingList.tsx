import { Button, Card, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Ticket, WindowConsole } from "../../api/queue";
import { minutesSince } from "./CurrentTicket";
import { priorityColor } from "./tags";

/** Waiting tickets of the window's queues by arrival, priority marked; any can be called out of order (with a reason). */
export function WaitingList(props: { console: WindowConsole; canCall: boolean; onCall: (t: Ticket) => void }) {
  const { t } = useTranslation();
  const { queues } = props.console;
  // The server's list also holds parked tickets (of any window); those are not callable from here.
  const waiting = props.console.waiting.filter((tk) => tk.state === "waiting");
  return (
    <Card
      title={
        <Space>
          {t("c.waiting.title")}
          <Tag color="blue">{t("c.waiting.count", { n: waiting.length })}</Tag>
        </Space>
      }
      extra={
        <Space size={4} wrap>
          {queues.map((q) => (
            <Tag key={q.id}>{`${q.prefix} ${q.name} · ${waiting.filter((w) => w.queueId === q.id).length}`}</Tag>
          ))}
        </Space>
      }
      className="c-waiting"
    >
      <Table<Ticket>
        rowKey="id"
        size="small"
        dataSource={waiting}
        pagination={false}
        scroll={{ y: "calc(100vh - 250px)" }}
        locale={{ emptyText: t("c.waiting.empty") }}
        columns={[
          {
            title: t("c.waiting.number"),
            key: "number",
            width: 160,
            render: (_, tk) => (
              <Space size={4} wrap>
                <Typography.Text strong>{tk.number}</Typography.Text>
                {tk.priorityClass !== "normal" ? (
                  <Tag color={priorityColor[tk.priorityClass]}>{t(`q.priority.${tk.priorityClass}`)}</Tag>
                ) : null}
                {tk.targetWindowId ? <Tag color="purple">{t("c.waiting.targeted")}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t("c.waiting.queue"),
            key: "queue",
            width: 160,
            render: (_, tk) => (tk.itemName ? `${tk.itemName}（${tk.queueName}）` : tk.queueName),
          },
          {
            title: t("c.waiting.waited"),
            key: "waited",
            width: 90,
            render: (_, tk) => t("q.minutes", { count: minutesSince(tk.arrivedAt) }),
          },
          { title: t("c.waiting.channel"), key: "channel", width: 90, render: (_, tk) => t(`q.channel.${tk.channel}`) },
          { title: t("c.waiting.applicant"), key: "who", ellipsis: true, render: (_, tk) => tk.applicantName ?? "—" },
          {
            key: "call",
            width: 100,
            render: (_, tk) => (
              <Button size="small" disabled={!props.canCall} onClick={() => props.onCall(tk)}>
                {t("c.act.callThis")}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
