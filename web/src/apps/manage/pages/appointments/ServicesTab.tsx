import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call, errorText } from "../../../../api/client";
import type { Site } from "../../../../api/types";
import type { ApptService, ApptServiceInput } from "./api";

const NUMBERS = [
  ["slotMinutes", 5, 240],
  ["capacity", 0, 500],
  ["earliestHours", 0, 720],
  ["latestDays", 0, 90],
  ["cancelCutoffHours", 0, 720],
  ["perPhoneLimit", 1, 20],
  ["perIdLimit", 1, 20],
  ["lateGraceMin", 0, 120],
  ["holdMinutes", 1, 30],
  ["noShowLimit", 1, 20],
  ["noShowWindowDays", 1, 365],
  ["noShowBlockDays", 1, 365],
] as const;

/** What the site offers for booking: slot length, places per slot and the rules, per queue (or item). */
export function ServicesTab({
  site,
  services,
  manage,
  loading,
}: {
  site: Site;
  services: ApptService[];
  manage: boolean;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<ApptService | "new" | null>(null);
  return (
    <>
      {manage ? (
        <Button type="primary" onClick={() => setEditing("new")} style={{ marginBottom: 12 }}>
          {t("ma.add")}
        </Button>
      ) : null}
      <Table<ApptService>
        size="small"
        rowKey="id"
        loading={loading}
        pagination={false}
        dataSource={services}
        scroll={{ x: 1000 }}
        columns={[
          { title: t("ma.name"), dataIndex: "name" },
          { title: t("ma.slotMinutes"), dataIndex: "slotMinutes", align: "right" },
          { title: t("ma.capacity"), dataIndex: "capacity", align: "right" },
          { title: t("ma.latestDays"), dataIndex: "latestDays", align: "right" },
          { title: t("ma.cancelCutoffHours"), dataIndex: "cancelCutoffHours", align: "right" },
          { title: t("ma.lateGraceMin"), dataIndex: "lateGraceMin", align: "right" },
          {
            title: t("ma.noShowRule"),
            key: "noShow",
            render: (_: unknown, s) => t("ma.noShowText", { n: s.noShowLimit, m: s.noShowWindowDays, k: s.noShowBlockDays }),
          },
          { title: t("ma.active"), dataIndex: "active", render: (a: boolean) => (a ? <Tag color="green">✓</Tag> : <Tag>—</Tag>) },
          ...(manage
            ? [
                {
                  title: t("m.common.actions"),
                  key: "a",
                  render: (_: unknown, s: ApptService) => (
                    <Button type="link" size="small" onClick={() => setEditing(s)}>
                      {t("ma.edit")}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? <ServiceModal site={site} service={editing === "new" ? null : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function ServiceModal(props: { site: Site; service: ApptService | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const queues = useQuery({
    queryKey: ["queues", props.site.id],
    queryFn: () => call(api.GET("/api/sites/{siteId}/queues", { params: { path: { siteId: props.site.id } } })),
  });
  async function submit(v: ApptServiceInput) {
    setBusy(true);
    try {
      const path = { siteId: props.site.id };
      if (props.service)
        await call(
          api.PATCH("/api/sites/{siteId}/appointment-services/{serviceId}", {
            params: { path: { ...path, serviceId: props.service.id } },
            body: v,
          }),
        );
      else await call(api.POST("/api/sites/{siteId}/appointment-services", { params: { path }, body: v }));
      message.success(t("ma.saved"));
      await qc.invalidateQueries({ queryKey: ["appt-services", props.site.id] });
      props.onClose();
    } catch (err) {
      message.error(errorText(err, i18n.language));
    } finally {
      setBusy(false);
    }
  }
  const initial = props.service ?? {
    slotMinutes: 30,
    capacity: 4,
    earliestHours: 1,
    latestDays: 14,
    cancelCutoffHours: 2,
    perPhoneLimit: 3,
    perIdLimit: 2,
    lateGraceMin: 15,
    holdMinutes: 5,
    noShowLimit: 3,
    noShowWindowDays: 90,
    noShowBlockDays: 30,
    active: true,
  };
  return (
    <Modal open title={props.service ? t("ma.edit") : t("ma.add")} onCancel={props.onClose} footer={null} width={640} destroyOnHidden>
      <Form layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        <Space wrap>
          <Form.Item name="queueId" label={t("ma.queue")} rules={[{ required: true }]}>
            <Select
              style={{ width: 220 }}
              loading={queues.isPending}
              options={(queues.data ?? []).map((q) => ({ value: q.id, label: `${q.prefix} ${q.name}` }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t("ma.name")}>
            <Input style={{ width: 260 }} maxLength={60} />
          </Form.Item>
        </Space>
        <Space wrap>
          {NUMBERS.map(([k, min, max]) => (
            <Form.Item key={k} name={k} label={t(`ma.${k}`)} rules={[{ required: true }]}>
              <InputNumber min={min} max={max} style={{ width: 140 }} />
            </Form.Item>
          ))}
        </Space>
        <Form.Item name="active" label={t("ma.active")} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t("ma.save")}
        </Button>
      </Form>
    </Modal>
  );
}
