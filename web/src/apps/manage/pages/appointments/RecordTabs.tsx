import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Modal, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isDistrict } from "../../../../api/access";
import { api, call, errorText } from "../../../../api/client";
import type { Site } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { fmtDateTime } from "../../../../components/format";
import { useMe } from "../../session";
import type { Message, Override, Restriction } from "./api";

/** People blocked after repeated no-shows; a manager lifts a block with a reason (audited). */
export function RestrictionsTab({ site }: { site: Site }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [lifting, setLifting] = useState<Restriction | null>(null);
  const key = ["appt-restrictions", site.id];
  const q = useQuery({
    queryKey: key,
    queryFn: () => call(api.GET("/api/sites/{siteId}/appointment-restrictions", { params: { path: { siteId: site.id } } })),
  });
  async function lift(reason: string) {
    if (!lifting) return;
    try {
      await call(
        api.POST("/api/sites/{siteId}/appointment-restrictions/lift", {
          params: { path: { siteId: site.id } },
          body: { idNumber: lifting.idNumber, reason },
        }),
      );
      message.success(t("ma.lifted"));
      setLifting(null);
      await qc.invalidateQueries({ queryKey: key });
    } catch (err) {
      message.error(errorText(err, i18n.language));
    }
  }
  return (
    <>
      <ErrorAlert error={q.error} />
      <Table<Restriction>
        size="small"
        rowKey="idNumber"
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={false}
        columns={[
          { title: t("ma.applicant"), dataIndex: "applicantName" },
          { title: t("ma.idNumber"), dataIndex: "idNumber" },
          { title: t("ma.noShows"), dataIndex: "noShows", align: "right" },
          { title: t("ma.lastNoShow"), dataIndex: "lastNoShowAt", render: fmtDateTime },
          { title: t("ma.blockedUntil"), dataIndex: "blockedUntil", render: fmtDateTime },
          {
            title: t("m.common.actions"),
            key: "a",
            render: (_: unknown, r) => (
              <Button type="link" size="small" onClick={() => setLifting(r)}>
                {t("ma.lift")}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={!!lifting} title={t("ma.lift")} onCancel={() => setLifting(null)} footer={null} destroyOnHidden>
        <Form layout="vertical" onFinish={(v: { reason: string }) => void lift(v.reason)}>
          <Form.Item name="reason" label={t("ma.liftReason")} rules={[{ required: true, min: 4, max: 500 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t("ma.lift")}
          </Button>
        </Form>
      </Modal>
    </>
  );
}

/** Late changes (under 8 hours) with the manager's reason: what the district office reviews. */
export function OverridesTab({ site }: { site: Site }) {
  const { t } = useTranslation();
  const me = useMe();
  // The district office sees every site's late changes at once.
  const all = isDistrict(me);
  const q = useQuery({
    queryKey: ["appt-overrides", all ? "all" : site.id],
    queryFn: () => call(api.GET("/api/appointment-overrides", { params: { query: all ? {} : { siteId: site.id } } })),
  });
  return (
    <>
      <ErrorAlert error={q.error} />
      <Table<Override>
        size="small"
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data ?? []}
        columns={[
          { title: t("ma.at"), dataIndex: "at", render: fmtDateTime, width: 170 },
          ...(all ? [{ title: t("ma.site"), dataIndex: "siteName" }] : []),
          { title: t("ma.action"), dataIndex: "action", render: (a: string) => (a === "move" ? t("ma.siteMove") : t("ma.siteCancel")) },
          { title: t("ma.date"), dataIndex: "startsAt", render: fmtDateTime, width: 170 },
          { title: t("ma.minutesBefore"), dataIndex: "minutesBefore", align: "right" },
          { title: t("ma.explanation"), dataIndex: "explanation" },
          { title: t("ma.overrideReason"), dataIndex: "overrideReason" },
          { title: t("ma.by"), dataIndex: "userName" },
        ]}
      />
    </>
  );
}

/** The outbox: every message to applicants with its delivery status; failed ones can be sent again. */
export function NotificationsTab({ site }: { site: Site }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = ["appt-messages", site.id];
  const q = useQuery({
    queryKey: key,
    refetchInterval: 10_000,
    queryFn: () => call(api.GET("/api/sites/{siteId}/notifications", { params: { path: { siteId: site.id } } })),
  });
  async function retry(id: string) {
    try {
      await call(api.POST("/api/sites/{siteId}/notifications/{messageId}/retry", { params: { path: { siteId: site.id, messageId: id } } }));
      await qc.invalidateQueries({ queryKey: key });
    } catch (err) {
      message.error(errorText(err, i18n.language));
    }
  }
  return (
    <>
      <ErrorAlert error={q.error} />
      <Table<Message>
        size="small"
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data ?? []}
        scroll={{ x: 1000 }}
        columns={[
          { title: t("ma.at"), dataIndex: "createdAt", render: fmtDateTime, width: 170 },
          { title: t("ma.kind"), dataIndex: "kind", render: (k: string) => t(`ma.kinds.${k}`, { defaultValue: k }) },
          { title: t("ma.recipient"), dataIndex: "recipient" },
          {
            title: t("ma.state"),
            dataIndex: "state",
            render: (s: string) => <Tag color={s === "sent" ? "green" : s === "failed" ? "red" : "gold"}>{t(`ma.states.${s}`)}</Tag>,
          },
          { title: t("ma.attempts"), dataIndex: "attempts", align: "right" },
          { title: t("ma.lastError"), dataIndex: "lastError" },
          {
            title: t("m.common.actions"),
            key: "a",
            render: (_: unknown, m) =>
              m.state === "failed" ? (
                <Button type="link" size="small" onClick={() => void retry(m.id)}>
                  {t("ma.retry")}
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}
