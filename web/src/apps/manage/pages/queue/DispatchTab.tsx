import { ArrowDownOutlined, ArrowUpOutlined, CloseOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Empty, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call, errorText } from "../../../../api/client";
import type { Queue } from "../../../../api/queue";
import type { Window } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useWindows } from "../windows/WindowsPage";
import { useQueues } from "./QueuesTab";

const dispatchKey = (siteId: string) => ["dispatch", siteId] as const;

/** Which queues each window serves, in order of preference (the first is called first). */
export function DispatchTab({ siteId, mayWrite }: { siteId: string; mayWrite: boolean }) {
  const { t } = useTranslation();
  const windows = useWindows(siteId);
  const queues = useQueues(siteId);
  const dispatch = useQuery({
    queryKey: dispatchKey(siteId),
    queryFn: () => call(api.GET("/api/sites/{siteId}/dispatch", { params: { path: { siteId } } })),
  });
  const rows = [...(windows.data ?? [])].filter((w) => w.active).sort((a, b) => a.number - b.number);
  return (
    <>
      <Typography.Paragraph type="secondary">{t("mq.cfg.dispatchLead")}</Typography.Paragraph>
      <ErrorAlert error={windows.error ?? queues.error ?? dispatch.error} style={{ marginBottom: 12 }} />
      {windows.data && rows.length === 0 ? <Empty /> : null}
      <Space direction="vertical" style={{ width: "100%" }}>
        {dispatch.data && queues.data
          ? rows.map((w) => (
              <WindowQueues
                key={w.id}
                siteId={siteId}
                window={w}
                queues={queues.data}
                saved={dispatch.data.find((d) => d.windowId === w.id)?.queueIds ?? []}
                mayWrite={mayWrite}
              />
            ))
          : null}
      </Space>
    </>
  );
}

function WindowQueues(props: { siteId: string; window: Window; queues: Queue[]; saved: string[]; mayWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<string[]>(props.saved);
  const [busy, setBusy] = useState(false);
  const dirty = draft.join() !== props.saved.join();
  const label = `${t("q.windowNo", { number: props.window.number })} · ${props.window.name}`;
  const byId = (id: string) => props.queues.find((q) => q.id === id);
  const move = (i: number, by: number) =>
    setDraft((d) => {
      const next = [...d];
      const [x] = next.splice(i, 1);
      if (x !== undefined) next.splice(i + by, 0, x);
      return next;
    });

  async function save() {
    setBusy(true);
    try {
      await call(
        api.PUT("/api/sites/{siteId}/windows/{windowId}/queues", {
          params: { path: { siteId: props.siteId, windowId: props.window.id } },
          body: { queueIds: draft },
        }),
      );
      message.success(t("mq.cfg.dispatchSaved", { window: label }));
      await qc.invalidateQueries({ queryKey: dispatchKey(props.siteId) });
    } catch (err) {
      message.error(errorText(err, i18n.language));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      size="small"
      title={label}
      extra={
        props.mayWrite ? (
          <Button type="primary" size="small" disabled={!dirty} loading={busy} onClick={() => void save()}>
            {t("mq.cfg.saveDispatch")}
          </Button>
        ) : null
      }
    >
      <Space wrap>
        {draft.length === 0 ? <Typography.Text type="warning">{t("mq.cfg.noQueues")}</Typography.Text> : null}
        {draft.map((id, i) => (
          <Tag key={id} color="blue" className="mq-dispatch-tag">
            {`${i + 1}. ${byId(id)?.prefix ?? "?"} ${byId(id)?.name ?? ""}`}
            {props.mayWrite ? (
              <Space size={0} style={{ marginLeft: 6 }}>
                <Button
                  type="text"
                  size="small"
                  icon={<ArrowUpOutlined />}
                  disabled={i === 0}
                  aria-label={t("mq.cfg.up")}
                  onClick={() => move(i, -1)}
                />
                <Button
                  type="text"
                  size="small"
                  icon={<ArrowDownOutlined />}
                  disabled={i === draft.length - 1}
                  aria-label={t("mq.cfg.down")}
                  onClick={() => move(i, 1)}
                />
                <Button
                  type="text"
                  size="small"
                  icon={<CloseOutlined />}
                  aria-label={t("mq.cfg.remove")}
                  onClick={() => setDraft((d) => d.filter((x) => x !== id))}
                />
              </Space>
            ) : null}
          </Tag>
        ))}
        {props.mayWrite ? (
          <Select
            style={{ width: 200 }}
            placeholder={t("mq.cfg.addQueue")}
            value={null}
            onChange={(id: string | null) => id && setDraft((d) => [...d, id])}
            options={props.queues
              .filter((q) => q.active && !draft.includes(q.id))
              .map((q) => ({ value: q.id, label: `${q.prefix} ${q.name}` }))}
          />
        ) : null}
      </Space>
    </Card>
  );
}
