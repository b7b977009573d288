import { App, Form, Input, Modal, Select, Switch } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import { SITE_KINDS, type Site, type SiteInput, type SiteKind } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";
import { SITES_KEY } from "../../shell/SiteContext";

interface Values {
  code: string;
  kind: SiteKind;
  name: string;
  plaqueName?: string;
  parentOrg: string;
  responsiblePerson: string;
  responsiblePhone?: string;
  address: string;
  phone?: string;
  active?: boolean;
}

const PHONE = /^[0-9+\-() ]{5,20}$/;
const orNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);

/** Create (district administrator) or edit a site. Naming rules are the server's; its message lands next to the name. */
export function SiteFormModal(props: { site?: Site; onClose: () => void; onSaved?: (s: Site) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form) ?? props.site?.kind;
  const editing = !!props.site;
  const { submit, busy, error } = useFormSubmit(
    form,
    (v: Values) => {
      const common = {
        name: v.name.trim(),
        plaqueName: orNull(v.plaqueName),
        parentOrg: v.parentOrg.trim(),
        responsiblePerson: v.responsiblePerson.trim(),
        responsiblePhone: orNull(v.responsiblePhone),
        address: v.address.trim(),
        phone: orNull(v.phone),
      };
      if (props.site) {
        return call(
          api.PATCH("/api/sites/{siteId}", { params: { path: { siteId: props.site.id } }, body: { ...common, active: v.active ?? true } }),
        );
      }
      const body: SiteInput = { ...common, code: v.code.trim(), kind: v.kind };
      return call(api.POST("/api/sites", { body }));
    },
    {
      invalidate: [SITES_KEY, ["site"]],
      codeFields: {
        site_code_taken: "code",
        site_name_taken: "name",
        site_name_invalid: kind === "professional_hall" ? "plaqueName" : "name",
      },
      onSuccess: (s) => {
        message.success(editing ? t("m.common.saved") : t("m.common.created"));
        props.onClose();
        props.onSaved?.(s);
      },
    },
  );
  const s = props.site;
  const initial: Partial<Values> = s
    ? {
        name: s.name,
        plaqueName: s.plaqueName ?? "",
        parentOrg: s.parentOrg,
        responsiblePerson: s.responsiblePerson,
        responsiblePhone: s.responsiblePhone ?? "",
        address: s.address,
        phone: s.phone ?? "",
        active: s.active,
      }
    : { kind: "street_center" };
  const req = [{ required: true, whitespace: true, message: t("m.common.required") }];
  return (
    <Modal
      open
      width={640}
      title={editing ? t("m.site.edit") : t("m.site.create")}
      okText={t("action.save")}
      cancelText={t("action.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        {editing ? null : (
          <>
            <Form.Item name="kind" label={t("m.site.kind")} rules={req}>
              <Select options={SITE_KINDS.map((k) => ({ value: k, label: t(`siteKind.${k}`) }))} />
            </Form.Item>
            <Form.Item
              name="code"
              label={t("m.site.code")}
              extra={t("m.site.codeHelp")}
              rules={[...req, { pattern: /^[a-z0-9][a-z0-9-]{1,39}$/, message: t("m.site.codeHelp") }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </>
        )}
        <Form.Item name="name" label={t("m.site.name")} rules={req}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item
          name="plaqueName"
          label={t("m.site.plaqueName")}
          extra={kind === "professional_hall" ? t("m.site.plaqueHelp") : undefined}
          rules={kind === "professional_hall" ? req : []}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="parentOrg" label={t("m.site.parentOrg")} rules={req}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="responsiblePerson" label={t("m.site.responsiblePerson")} rules={req}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="responsiblePhone" label={t("m.site.responsiblePhone")} rules={[{ pattern: PHONE, message: "5–20: 0-9 + - ( )" }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="address" label={t("m.site.address")} rules={req}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="phone" label={t("m.site.phone")} rules={[{ pattern: PHONE, message: "5–20: 0-9 + - ( )" }]}>
          <Input maxLength={20} />
        </Form.Item>
        {editing ? (
          <Form.Item name="active" label={t("m.site.active")} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
        <ErrorAlert error={error} />
      </Form>
    </Modal>
  );
}
