import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Modal, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import type { Queue } from "../../../../api/queue";
import { ErrorAlert } from "../../../../components/ErrorAlert";

const queueItemsKey = (siteId: string, queueId: string) => ["queue-items", siteId, queueId] as const;

/**
 * Which service items a queue serves (C3: a site's queues serve only the items assigned to that
 * site). The choice is limited to the site's items; the server refuses any other with a reason.
 */
export function QueueItemsModal(props: { siteId: string; siteCode: string; queue: Queue; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const path = { siteId: props.siteId, queueId: props.queue.id };
  const current = useQuery({
    queryKey: queueItemsKey(props.siteId, props.queue.id),
    queryFn: () => call(api.GET("/api/sites/{siteId}/queues/{queueId}/items", { params: { path } })),
  });
  const catalog = useQuery({ queryKey: ["catalog-items"], queryFn: () => call(api.GET("/api/catalog/items")) });
  const atSite = useQuery({
    queryKey: ["site-disclosure", props.siteCode],
    queryFn: () => call(api.GET("/api/public/sites/{code}/items", { params: { path: { code: props.siteCode } } })),
  });
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (current.data && chosen === null) setChosen(current.data.items.map((i) => i.itemId));
  }, [current.data, chosen]);

  const codesAtSite = new Set((atSite.data?.items ?? []).map((i) => i.code));
  const options = (catalog.data ?? [])
    .filter((i) => codesAtSite.has(i.code))
    .map((i) => ({ value: i.id, label: `${i.latest.guide.name}（${i.code}）` }));

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(api.PUT("/api/sites/{siteId}/queues/{queueId}/items", { params: { path }, body: { itemIds: chosen ?? [] } }));
      await client.invalidateQueries({ queryKey: queueItemsKey(props.siteId, props.queue.id) });
      message.success(t("m.common.saved"));
      props.onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={t("mq.cfg.itemsTitle", { queue: `${props.queue.prefix} ${props.queue.name}` })}
      okText={t("action.save")}
      cancelText={t("action.cancel")}
      confirmLoading={busy}
      okButtonProps={{ disabled: chosen === null }}
      onOk={save}
      onCancel={props.onClose}
    >
      <Typography.Paragraph type="secondary">{t("mq.cfg.itemsHelp")}</Typography.Paragraph>
      <ErrorAlert error={current.error ?? catalog.error ?? atSite.error} style={{ marginBottom: 12 }} />
      <Select
        mode="multiple"
        aria-label={t("mq.cfg.items")}
        style={{ width: "100%" }}
        loading={current.isPending || catalog.isPending || atSite.isPending}
        placeholder={t("mq.cfg.itemsNone")}
        options={options}
        value={chosen ?? []}
        onChange={setChosen}
        optionFilterProp="label"
        allowClear
      />
      <ErrorAlert error={error} style={{ marginTop: 12 }} />
    </Modal>
  );
}
