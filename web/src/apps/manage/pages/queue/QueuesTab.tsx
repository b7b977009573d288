import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { App, Button, Form, Input, InputNumber, Modal, Space, Switch, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import type { Queue, QueueInput } from "../../../../api/queue";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";
import { QueueItemsModal } from "./QueueItemsModal";

export const queuesKey = (siteId: string) => ["queues", siteId] as const;

export function useQueues(siteId: string) {
  return useQuery({
    queryKey: queuesKey(siteId),
    queryFn: () => call(api.GET("/api/sites/{siteId}/queues", { params: { path: { siteId } } })),
  });
}

/** The site's queues: prefix, name, category, daily cap (号源) and per-person limit. */
export function QueuesTab({ siteId, siteCode, mayWrite }: { siteId: string; siteCode: string; mayWrite: boolean }) {
  const { t } = useTranslation();
  const queues = useQueues(siteId);
  const [editing, setEditing] = useState<Queue | "new" | null>(null);
  const [itemsOf, setItemsOf] = useState<Queue | null>(null);
  const limit = (n: number | null) => n ?? t("mq.cfg.unlimited");
  return (
    <>
      {mayWrite ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} style={{ marginBottom: 12 }}>
          {t("mq.cfg.add")}
        </Button>
      ) : null}
      <ErrorAlert error={queues.error} style={{ marginBottom: 12 }} />
      <Table<Queue>
        rowKey="id"
        size="middle"
        loading={queues.isPending}
        pagination={false}
        dataSource={[...(queues.data ?? [])].sort((a, b) => a.sort - b.sort)}
        columns={[
          { title: t("mq.cfg.prefix"), dataIndex: "prefix", width: 90, render: (p: string) => <Tag color="blue">{p}</Tag> },
          { title: t("mq.cfg.name"), dataIndex: "name" },
          { title: t("mq.cfg.category"), dataIndex: "category", render: (c: string | null) => c ?? "—" },
          { title: t("mq.cfg.dailyCap"), dataIndex: "dailyCap", align: "right", render: limit },
          { title: t("mq.cfg.perPerson"), dataIndex: "perPersonLimit", align: "right", render: limit },
          { title: t("mq.cfg.sort"), dataIndex: "sort", align: "right", width: 80 },
          {
            title: t("m.common.status"),
            dataIndex: "active",
            width: 90,
            render: (a: boolean) => (a ? <Tag color="success">{t("m.common.active")}</Tag> : <Tag>{t("m.common.inactive")}</Tag>),
          },
          ...(mayWrite
            ? [
                {
                  title: t("m.common.actions"),
                  width: 160,
                  render: (_: unknown, q: Queue) => (
                    <Space size="small">
                      <Button size="small" onClick={() => setEditing(q)}>
                        {t("action.edit")}
                      </Button>
                      <Button size="small" onClick={() => setItemsOf(q)}>
                        {t("mq.cfg.itemsEdit")}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {itemsOf ? <QueueItemsModal siteId={siteId} siteCode={siteCode} queue={itemsOf} onClose={() => setItemsOf(null)} /> : null}
      {editing ? <QueueFormModal siteId={siteId} queue={editing === "new" ? undefined : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

interface Values {
  prefix: string;
  name: string;
  category?: string | null;
  dailyCap?: number | null;
  perPersonLimit?: number | null;
  sort?: number;
  active: boolean;
}

function QueueFormModal(props: { siteId: string; queue?: Queue; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const q = props.queue;
  const { submit, busy, error } = useFormSubmit(
    form,
    (v: Values) => {
      const body: QueueInput = {
        prefix: v.prefix.trim().toUpperCase(),
        name: v.name.trim(),
        category: v.category?.trim() || null,
        dailyCap: v.dailyCap ?? null,
        perPersonLimit: v.perPersonLimit ?? null,
        sort: v.sort ?? 0,
        active: v.active,
      };
      const path = { params: { path: { siteId: props.siteId } } };
      return q
        ? call(api.PATCH("/api/sites/{siteId}/queues/{queueId}", { params: { path: { siteId: props.siteId, queueId: q.id } }, body }))
        : call(api.POST("/api/sites/{siteId}/queues", { ...path, body }));
    },
    {
      invalidate: [queuesKey(props.siteId), ["queue-snapshot", props.siteId]],
      codeFields: { queue_prefix_taken: "prefix" },
      onSuccess: () => {
        message.success(t("m.common.saved"));
        props.onClose();
      },
    },
  );
  const initial: Partial<Values> = q
    ? { ...q, category: q.category, dailyCap: q.dailyCap, perPersonLimit: q.perPersonLimit }
    : { active: true, sort: 0 };
  const required = { required: true, whitespace: true, message: t("m.common.required") };
  return (
    <Modal
      open
      title={q ? t("mq.cfg.edit") : t("mq.cfg.add")}
      okText={t("action.save")}
      cancelText={t("action.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Space align="start" size="large">
          <Form.Item
            name="prefix"
            label={t("mq.cfg.prefix")}
            extra={t("mq.cfg.prefixHelp")}
            rules={[required, { pattern: /^[A-Za-z]{1,2}$/, message: t("mq.cfg.prefixHelp") }]}
          >
            <Input maxLength={2} style={{ width: 120, textTransform: "uppercase" }} />
          </Form.Item>
          <Form.Item name="sort" label={t("mq.cfg.sort")}>
            <InputNumber min={0} max={999} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="name" label={t("mq.cfg.name")} rules={[required]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="category" label={t("mq.cfg.category")} extra={t("mq.cfg.categoryHelp")}>
          <Input maxLength={40} />
        </Form.Item>
        <Space align="start" size="large">
          <Form.Item name="dailyCap" label={t("mq.cfg.dailyCap")} extra={t("mq.cfg.dailyCapHelp")}>
            <InputNumber min={1} max={9999} precision={0} placeholder={t("mq.cfg.unlimited")} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="perPersonLimit" label={t("mq.cfg.perPerson")} extra={t("mq.cfg.perPersonHelp")}>
            <InputNumber min={1} max={99} precision={0} placeholder={t("mq.cfg.unlimited")} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="active" label={t("mq.cfg.active")} valuePropName="checked">
          <Switch />
        </Form.Item>
        <ErrorAlert error={error} />
      </Form>
    </Modal>
  );
}
