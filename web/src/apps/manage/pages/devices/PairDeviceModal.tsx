import { App, Descriptions, Form, Input, Modal, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import type { DeviceKind, Window } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";
import { devicesKey } from "./DevicesPage";

interface Values {
  code: string;
  name: string;
  windowId?: string | null;
}

/**
 * Confirms a device by the short code it shows (or the QR code that opens /manage/devices?pair=…):
 * the code is looked up first so the manager sees which kind of device asked, then named and bound.
 */
export function PairDeviceModal(props: { siteId: string; windows: Window[]; initialCode?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [kind, setKind] = useState<DeviceKind | null>(null);
  const [lookupError, setLookupError] = useState<unknown>(null);
  const { submit, busy, error } = useFormSubmit(
    form,
    (v: Values) =>
      call(
        api.POST("/api/sites/{siteId}/device-pairings/{code}/confirm", {
          params: { path: { siteId: props.siteId, code: v.code.trim() } },
          body: { name: v.name.trim(), windowId: v.windowId ?? null },
        }),
      ),
    {
      invalidate: [devicesKey(props.siteId)],
      codeFields: { window_not_in_site: "windowId", device_window_required: "windowId", pairing_expired: "code" },
      onSuccess: (d) => {
        message.success(t("m.device.paired", { name: d.name }));
        props.onClose();
      },
    },
  );
  async function lookup(code: string) {
    setKind(null);
    setLookupError(null);
    if (code.replace(/[\s-]/g, "").length !== 8) return;
    try {
      const p = await call(api.GET("/api/device-pairings/{code}", { params: { path: { code: code.trim() } } }));
      setKind(p.kind);
      if (!form.getFieldValue("name")) form.setFieldValue("name", t(`deviceKind.${p.kind}`));
    } catch (err) {
      setLookupError(err);
    }
  }
  const needsWindow = kind === "counter_terminal" || kind === "evaluator";
  return (
    <Modal
      open
      title={t("m.device.pair")}
      okText={t("m.device.pairConfirm")}
      cancelText={t("action.cancel")}
      okButtonProps={{ disabled: kind === null }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      afterOpenChange={(open) => open && props.initialCode && lookup(props.initialCode)}
    >
      <p>{t("m.device.pairLead")}</p>
      <Form<Values> form={form} layout="vertical" initialValues={{ code: props.initialCode ?? "" }} onFinish={submit}>
        <Form.Item
          name="code"
          label={t("m.device.pairCode")}
          rules={[{ required: true, message: t("m.device.pairCodeHelp") }]}
          extra={t("m.device.pairCodeHelp")}
        >
          <Input
            maxLength={9}
            autoComplete="off"
            style={{ fontSize: 24, letterSpacing: "0.1em", textTransform: "uppercase" }}
            onChange={(e) => lookup(e.target.value)}
          />
        </Form.Item>
        {kind ? (
          <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t("m.device.kind")}>{t(`deviceKind.${kind}`)}</Descriptions.Item>
          </Descriptions>
        ) : null}
        <Form.Item name="name" label={t("m.device.name")} rules={[{ required: true, whitespace: true, message: t("m.common.required") }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="windowId"
          label={t("m.device.window")}
          extra={needsWindow ? t("m.device.windowHelp") : undefined}
          rules={needsWindow ? [{ required: true, message: t("m.device.windowHelp") }] : []}
        >
          <Select
            allowClear
            options={[...props.windows].sort((a, b) => a.number - b.number).map((w) => ({ value: w.id, label: `${w.number} ${w.name}` }))}
          />
        </Form.Item>
        <ErrorAlert error={lookupError ?? error} />
      </Form>
    </Modal>
  );
}
