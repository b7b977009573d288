import { useQuery } from "@tanstack/react-query";
import { App, Button, Form, InputNumber, Spin } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import type { QueueSettings } from "../../../../api/queue";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";

const settingsKey = (siteId: string) => ["queue-settings", siteId] as const;

const FIELDS: { name: keyof QueueSettings; min: number; max: number; help?: string }[] = [
  { name: "priorityEvery", min: 0, max: 20, help: "mq.cfg.priorityEveryHelp" },
  { name: "minRecalls", min: 0, max: 10 },
  { name: "recallIntervalSec", min: 0, max: 600 },
  { name: "alertWaitMin", min: 1, max: 480 },
  { name: "alertWaiting", min: 1, max: 5000 },
  { name: "notifyAhead", min: 1, max: 50 },
];

/** Calling order, no-show rule and alert thresholds of the site. */
export function SettingsTab({ siteId, mayWrite }: { siteId: string; mayWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<QueueSettings>();
  const q = useQuery({
    queryKey: settingsKey(siteId),
    queryFn: () => call(api.GET("/api/sites/{siteId}/queue-settings", { params: { path: { siteId } } })),
  });
  const { submit, busy, error } = useFormSubmit(
    form,
    (v: QueueSettings) => call(api.PUT("/api/sites/{siteId}/queue-settings", { params: { path: { siteId } }, body: v })),
    { invalidate: [settingsKey(siteId), ["queue-snapshot", siteId]], onSuccess: () => message.success(t("mq.cfg.settingsSaved")) },
  );
  if (q.isPending) return <Spin />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  return (
    <Form<QueueSettings>
      form={form}
      layout="vertical"
      initialValues={q.data}
      onFinish={submit}
      disabled={!mayWrite}
      style={{ maxWidth: 760 }}
    >
      <div className="mq-settings">
        {FIELDS.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={t(`mq.cfg.${f.name}`)}
            extra={f.help ? t(f.help) : undefined}
            rules={[{ required: true, message: t("m.common.required") }]}
          >
            <InputNumber min={f.min} max={f.max} precision={0} style={{ width: 160 }} />
          </Form.Item>
        ))}
      </div>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {mayWrite ? (
        <Button type="primary" htmlType="submit" loading={busy}>
          {t("action.save")}
        </Button>
      ) : null}
    </Form>
  );
}
