import { App, Checkbox, Form, Input, Modal } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import { ZONE_KINDS, type Zone, type ZoneKind } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";
import { zonesKey } from "./ZonesPage";

interface Values {
  name: string;
  kinds: ZoneKind[];
}

export function ZoneFormModal(props: { siteId: string; zone?: Zone; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { submit, busy, error } = useFormSubmit(
    form,
    (v: Values) => {
      const body = { name: v.name.trim(), kinds: v.kinds };
      const path = { siteId: props.siteId };
      return props.zone
        ? call(api.PUT("/api/sites/{siteId}/zones/{zoneId}", { params: { path: { ...path, zoneId: props.zone.id } }, body }))
        : call(api.POST("/api/sites/{siteId}/zones", { params: { path }, body }));
    },
    {
      invalidate: [zonesKey(props.siteId)],
      codeFields: { zone_name_taken: "name" },
      onSuccess: () => {
        message.success(t("m.common.saved"));
        props.onClose();
      },
    },
  );
  return (
    <Modal
      open
      title={props.zone ? t("m.zone.edit") : t("m.zone.add")}
      okText={t("action.save")}
      cancelText={t("action.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
    >
      <Form<Values> form={form} layout="vertical" initialValues={props.zone ?? { kinds: [] }} onFinish={submit}>
        <Form.Item name="name" label={t("m.zone.name")} rules={[{ required: true, whitespace: true, message: t("m.common.required") }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="kinds"
          label={t("m.zone.kinds")}
          extra={t("m.zone.kindsHelp")}
          rules={[{ required: true, type: "array", min: 1, message: t("m.common.required") }]}
        >
          <Checkbox.Group options={ZONE_KINDS.map((k) => ({ value: k, label: t(`zoneKind.${k}`) }))} />
        </Form.Item>
        <ErrorAlert error={error} />
      </Form>
    </Modal>
  );
}
