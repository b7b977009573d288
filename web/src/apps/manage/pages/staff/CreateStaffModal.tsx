import { App, Checkbox, Form, Input, Modal } from "antd";
import { useTranslation } from "react-i18next";
import { can } from "../../../../api/access";
import { api, call } from "../../../../api/client";
import { DISTRICT_ROLES, type Role, SITE_ROLES, type Site } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";
import { useMe } from "../../session";
import { STAFF_KEY } from "./StaffPage";

interface Values {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  districtRoles?: Role[];
}

export const STRONG_PASSWORD = /^(?=.*[A-Za-z])(?=.*\d).{8,}$/;

/** A new account with its roles at the current site (and district roles, for a district administrator). */
export function CreateStaffModal(props: { site: Site; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mayGrantDistrict = can(me, "staff.write", null);
  const { submit, busy, error } = useFormSubmit(
    form,
    (v: Values) =>
      call(
        api.POST("/api/staff", {
          body: {
            username: v.username.trim(),
            displayName: v.displayName.trim(),
            password: v.password,
            grants: [
              ...v.roles.map((role) => ({ role, siteId: props.site.id })),
              ...(v.districtRoles ?? []).map((role) => ({ role, siteId: null })),
            ],
          },
        }),
      ),
    {
      invalidate: [STAFF_KEY],
      codeFields: { username_taken: "username", weak_password: "password", role_scope_invalid: "roles" },
      onSuccess: () => {
        message.success(t("m.common.created"));
        props.onClose();
      },
    },
  );
  const req = { required: true, whitespace: true, message: t("m.common.required") };
  return (
    <Modal
      open
      width={600}
      title={`${t("m.staff.add")} — ${props.site.name}`}
      okText={t("action.save")}
      cancelText={t("action.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ roles: ["window_staff"], districtRoles: [] }} onFinish={submit}>
        <Form.Item
          name="username"
          label={t("m.staff.username")}
          rules={[req, { pattern: /^[a-zA-Z0-9_.-]{3,32}$/, message: "3–32: a-z A-Z 0-9 _ . -" }]}
        >
          <Input maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t("m.staff.displayName")} rules={[req]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t("m.staff.password")}
          extra={t("m.staff.passwordHelp")}
          rules={[req, { pattern: STRONG_PASSWORD, message: t("auth.pwd.weak") }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="roles" label={t("m.staff.roles")}>
          <Checkbox.Group options={SITE_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        {mayGrantDistrict ? (
          <Form.Item name="districtRoles" label={t("m.staff.districtRoles")}>
            <Checkbox.Group options={DISTRICT_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
        ) : null}
        <ErrorAlert error={error} />
      </Form>
    </Modal>
  );
}
