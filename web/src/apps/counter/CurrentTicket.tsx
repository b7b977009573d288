import { Button, Card, Descriptions, Empty, List, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Ticket } from "../../api/queue";
import { priorityColor, ticketStateColor } from "./tags";

const clock = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString("zh-CN", { hour12: false }) : "—");
export const minutesSince = (iso: string) => Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60_000));

/** The ticket called to or served at this window, with the applicant's data in full (staff serve them). */
export function CurrentTicket({ ticket }: { ticket: Ticket | null }) {
  const { t } = useTranslation();
  if (!ticket) {
    return (
      <Card title={t("c.current.title")} className="c-current" data-testid="current-ticket">
        <Empty description={t("c.current.none")}>
          <Typography.Text type="secondary">{t("c.current.noneHint")}</Typography.Text>
        </Empty>
      </Card>
    );
  }
  const given = (v: string | null) => v ?? <Typography.Text type="secondary">{t("c.current.notGiven")}</Typography.Text>;
  return (
    <Card title={t("c.current.title")} className="c-current" data-testid="current-ticket">
      <div className="c-current-head">
        <span className="c-current-number">{ticket.number}</span>
        <Space wrap>
          <Tag color={ticketStateColor[ticket.state]} className="c-big-tag">
            {t(`q.ticketState.${ticket.state}`)}
          </Tag>
          {ticket.priorityClass !== "normal" ? (
            <Tag color={priorityColor[ticket.priorityClass]} className="c-big-tag">
              {t(`q.priority.${ticket.priorityClass}`)}
            </Tag>
          ) : null}
          {ticket.transferCount > 0 ? <Tag>{t("c.current.transferred", { n: ticket.transferCount })}</Tag> : null}
        </Space>
      </div>
      <Descriptions size="small" column={3} bordered>
        <Descriptions.Item label={t("c.current.queue")}>
          {ticket.itemName ? `${ticket.itemName}（${ticket.queueName}）` : ticket.queueName}
        </Descriptions.Item>
        <Descriptions.Item label={t("c.current.calls")}>{ticket.callCount}</Descriptions.Item>
        <Descriptions.Item label={t("c.current.calledAt")}>{clock(ticket.calledAt)}</Descriptions.Item>
        <Descriptions.Item label={t("c.current.waited")}>
          {t("q.minutes", { count: minutesSince(ticket.arrivedAt) - (ticket.calledAt ? minutesSince(ticket.calledAt) : 0) })}
        </Descriptions.Item>
        <Descriptions.Item label={t("c.current.channel")} span={2}>
          {t(`q.channel.${ticket.channel}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t("c.current.name")}>{given(ticket.applicantName)}</Descriptions.Item>
        <Descriptions.Item label={t("c.current.phone")}>{given(ticket.applicantPhone)}</Descriptions.Item>
        <Descriptions.Item label={t("c.current.idNumber")}>{given(ticket.applicantIdNumber)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** Tickets parked at this window (applicant stepped away); one may be brought back when the window is free. */
export function ParkedList(props: { tickets: Ticket[]; busy: string | null; disabled: boolean; onResume: (t: Ticket) => void }) {
  const { t } = useTranslation();
  return (
    <Card title={t("c.parked.title")} size="small" className="c-parked">
      <List
        size="small"
        dataSource={props.tickets}
        locale={{ emptyText: t("c.parked.empty") }}
        renderItem={(tk) => (
          <List.Item
            actions={[
              <Button key="r" size="small" disabled={props.disabled || props.busy !== null} onClick={() => props.onResume(tk)}>
                {t("c.act.unpark")}
              </Button>,
            ]}
          >
            <Space>
              <Typography.Text strong>{tk.number}</Typography.Text>
              <span>{tk.itemName ? `${tk.itemName}（${tk.queueName}）` : tk.queueName}</span>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
