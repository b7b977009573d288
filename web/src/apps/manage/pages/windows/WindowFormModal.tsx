import { App, Form, Input, InputNumber, Modal, Select, Switch } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import type { Window, Zone } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";
import { zonesKey } from "../zones/ZonesPage";
import { windowsKey } from "./WindowsPage";

interface Values {
  number: number;
  name: string;
  zoneId?: string | null;
  active: boolean;
}

export function WindowFormModal(props: { siteId: string; zones: Zone[]; window?: Window; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { submit, busy, error } = useFormSubmit(
    form,
    (v: Values) => {
      const body = { number: v.number, name: v.name.trim(), zoneId: v.zoneId ?? null, active: v.active };
      return props.window
        ? call(
            api.PATCH("/api/sites/{siteId}/windows/{windowId}", {
              params: { path: { siteId: props.siteId, windowId: props.window.id } },
              body,
            }),
          )
        : call(api.POST("/api/sites/{siteId}/windows", { params: { path: { siteId: props.siteId } }, body }));
    },
    {
      invalidate: [windowsKey(props.siteId), zonesKey(props.siteId)],
      codeFields: { window_number_taken: "number", zone_not_in_site: "zoneId", zone_not_window_service: "zoneId" },
      onSuccess: () => {
        message.success(t("m.common.saved"));
        props.onClose();
      },
    },
  );
  const serviceZones = props.zones.filter((z) => z.kinds.includes("window_service"));
  const w = props.window;
  const initial: Partial<Values> = w
    ? { number: w.number, name: w.name, zoneId: w.zoneId, active: w.active }
    : { active: true, zoneId: serviceZones.length === 1 ? serviceZones[0]?.id : undefined };
  return (
    <Modal
      open
      title={w ? t("m.window.edit") : t("m.window.add")}
      okText={t("action.save")}
      cancelText={t("action.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Form.Item name="number" label={t("m.window.number")} rules={[{ required: true, message: t("m.common.required") }]}>
          <InputNumber min={1} max={999} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="name" label={t("m.window.name")} rules={[{ required: true, whitespace: true, message: t("m.common.required") }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="zoneId" label={t("m.window.zone")} extra={t("m.window.zoneHelp")}>
          <Select allowClear options={serviceZones.map((z) => ({ value: z.id, label: z.name }))} />
        </Form.Item>
        <Form.Item name="active" label={t("m.common.active")} valuePropName="checked">
          <Switch />
        </Form.Item>
        <ErrorAlert error={error} />
      </Form>
    </Modal>
  );
}
