import { Form, Input, Modal, Select } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import { DEVICE_KINDS, type DeviceKind, type RegisteredDevice, type Window } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";
import { devicesKey } from "./DevicesPage";

interface Values {
  kind: DeviceKind;
  name: string;
  windowId?: string | null;
}

export function RegisterDeviceModal(props: {
  siteId: string;
  windows: Window[];
  onClose: () => void;
  onRegistered: (d: RegisteredDevice) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form);
  const { submit, busy, error } = useFormSubmit(
    form,
    (v: Values) =>
      call(
        api.POST("/api/sites/{siteId}/devices", {
          params: { path: { siteId: props.siteId } },
          body: { kind: v.kind, name: v.name.trim(), windowId: v.windowId ?? null },
        }),
      ),
    { invalidate: [devicesKey(props.siteId)], codeFields: { window_not_in_site: "windowId" }, onSuccess: props.onRegistered },
  );
  const needsWindow = kind === "counter_terminal" || kind === "evaluator";
  return (
    <Modal
      open
      title={t("m.device.register")}
      okText={t("action.save")}
      cancelText={t("action.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ kind: "kiosk" }} onFinish={submit}>
        <Form.Item name="kind" label={t("m.device.kind")} rules={[{ required: true }]}>
          <Select options={DEVICE_KINDS.map((k) => ({ value: k, label: t(`deviceKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t("m.device.name")} rules={[{ required: true, whitespace: true, message: t("m.common.required") }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="windowId" label={t("m.device.window")} extra={needsWindow ? t("m.device.windowHelp") : undefined}>
          <Select
            allowClear
            options={[...props.windows].sort((a, b) => a.number - b.number).map((w) => ({ value: w.id, label: `${w.number} ${w.name}` }))}
          />
        </Form.Item>
        <ErrorAlert error={error} />
      </Form>
    </Modal>
  );
}
