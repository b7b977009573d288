import { useQuery } from "@tanstack/react-query";
import { Button, Form, Input, Modal, Radio, Select, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import type { Ticket, WindowConsole } from "../../api/queue";

export type Dialog = { kind: "transfer" | "park" | "call" | "noShow"; ticket: Ticket } | { kind: "pause" };
type Run = (name: string, fn: () => Promise<unknown>, done?: string) => Promise<boolean>;

interface Props {
  dialog: Dialog | null;
  windowId: string;
  siteId: string | null;
  console: WindowConsole | null;
  run: Run;
  onClose: () => void;
}

/** The actions that need a few words first: call out of order, park, pause (reason) and transfer (target). */
export function Dialogs(props: Props) {
  const { t } = useTranslation();
  const d = props.dialog;
  if (!d) return null;
  const { windowId, run, onClose } = props;
  const after = (ok: boolean) => ok && onClose();
  if (d.kind === "transfer") return <TransferModal {...props} ticket={d.ticket} />;
  if (d.kind === "pause") {
    return (
      <ReasonModal
        title={t("c.reason.pauseTitle")}
        lead={t("c.reason.pauseLead")}
        presets={t("c.reason.pausePresets", { returnObjects: true }) as string[]}
        onCancel={onClose}
        onOk={(reason) =>
          run("pause", () => call(api.POST("/api/windows/{windowId}/pause", { params: { path: { windowId } }, body: { reason } }))).then(
            after,
          )
        }
      />
    );
  }
  const ticketId = d.ticket.id;
  if (d.kind === "noShow") {
    // A no-show cannot be undone: the applicant must take a new ticket. One key must not do it.
    return (
      <Modal
        open
        title={t("c.noShow.title", { number: d.ticket.number })}
        okText={t("c.noShow.ok")}
        okButtonProps={{ danger: true, autoFocus: true }}
        onCancel={onClose}
        onOk={() =>
          run(
            "noShow",
            () => call(api.POST("/api/windows/{windowId}/tickets/{ticketId}/no-show", { params: { path: { windowId, ticketId } } })),
            t("c.act.done", { number: d.ticket.number, what: t("q.ticketState.no_show") }),
          ).then(after)
        }
      >
        <Typography.Paragraph>{t("c.noShow.lead", { number: d.ticket.number, count: d.ticket.callCount })}</Typography.Paragraph>
      </Modal>
    );
  }
  if (d.kind === "park") {
    return (
      <ReasonModal
        title={t("c.reason.parkTitle", { number: d.ticket.number })}
        lead={t("c.reason.parkLead")}
        presets={t("c.reason.parkPresets", { returnObjects: true }) as string[]}
        onCancel={onClose}
        onOk={(reason) =>
          run("park", () =>
            call(
              api.POST("/api/windows/{windowId}/tickets/{ticketId}/park", { params: { path: { windowId, ticketId } }, body: { reason } }),
            ),
          ).then(after)
        }
      />
    );
  }
  return (
    <ReasonModal
      title={t("c.reason.callTitle", { number: d.ticket.number })}
      lead={t("c.reason.callLead")}
      presets={t("c.reason.callPresets", { returnObjects: true }) as string[]}
      onCancel={onClose}
      onOk={(reason) =>
        run("callThis", () =>
          call(api.POST("/api/windows/{windowId}/call", { params: { path: { windowId } }, body: { ticketId, reason } })),
        ).then(after)
      }
    />
  );
}

function ReasonModal(props: {
  title: string;
  lead: string;
  presets: string[];
  onOk: (reason: string) => Promise<unknown>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    await props.onOk(reason.trim());
    setBusy(false);
  };
  return (
    <Modal open title={props.title} onCancel={props.onCancel} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Typography.Paragraph type="secondary">{props.lead}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Space size={[4, 8]} wrap style={{ marginBottom: 12 }}>
          {props.presets.map((p) => (
            <Button key={p} size="small" onClick={() => form.setFieldsValue({ reason: p })}>
              {p}
            </Button>
          ))}
        </Space>
        <Form.Item
          name="reason"
          label={t("c.reason.label")}
          rules={[{ required: true, whitespace: true, message: t("c.reason.required") }]}
        >
          <Input maxLength={200} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface TransferValues {
  mode: "queue" | "window";
  queueId?: string;
  targetWindowId?: string;
  reason?: string;
}

function TransferModal(props: Props & { ticket: Ticket }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TransferValues>();
  const mode = Form.useWatch("mode", form) ?? "queue";
  const [busy, setBusy] = useState(false);
  const { siteId, windowId, ticket } = props;
  const windows = useQuery({
    queryKey: ["windows", siteId],
    enabled: siteId !== null,
    queryFn: () => call(api.GET("/api/sites/{siteId}/windows", { params: { path: { siteId: siteId ?? "" } } })),
  });
  const submit = async (v: TransferValues) => {
    setBusy(true);
    const body =
      v.mode === "queue" ? { queueId: v.queueId, reason: v.reason || null } : { windowId: v.targetWindowId, reason: v.reason || null };
    const ok = await props.run("transfer", () =>
      call(api.POST("/api/windows/{windowId}/tickets/{ticketId}/transfer", { params: { path: { windowId, ticketId: ticket.id } }, body })),
    );
    setBusy(false);
    if (ok) props.onClose();
  };
  const required = [{ required: true, message: t("c.transfer.pick") }];
  return (
    <Modal
      open
      title={t("c.transfer.title", { number: ticket.number })}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("c.transfer.lead")}</Typography.Paragraph>
      <Form<TransferValues> form={form} layout="vertical" initialValues={{ mode: "queue" }} onFinish={submit} requiredMark={false}>
        <Form.Item name="mode">
          <Radio.Group
            optionType="button"
            options={[
              { value: "queue", label: t("c.transfer.toQueue") },
              { value: "window", label: t("c.transfer.toWindow") },
            ]}
          />
        </Form.Item>
        {mode === "queue" ? (
          <Form.Item name="queueId" label={t("c.transfer.queue")} rules={required}>
            <Select
              placeholder={t("c.transfer.pick")}
              options={(props.console?.allQueues ?? [])
                .filter((q) => q.id !== ticket.queueId)
                .map((q) => ({ value: q.id, label: `${q.prefix} ${q.name}` }))}
            />
          </Form.Item>
        ) : (
          <Form.Item name="targetWindowId" label={t("c.transfer.window")} rules={required}>
            <Select
              placeholder={t("c.transfer.pick")}
              loading={windows.isPending}
              options={(windows.data ?? [])
                .filter((w) => w.active && w.id !== windowId)
                .map((w) => ({ value: w.id, label: t("c.head.window", { number: w.number, name: w.name }) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t("c.transfer.reason")}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
