import { App, Checkbox, Form, Modal, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { can } from "../../../../api/access";
import { api, call } from "../../../../api/client";
import { DISTRICT_ROLES, type Role, SITE_ROLES, type Site, type StaffMember } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";
import { useMe } from "../../session";
import { STAFF_KEY } from "./StaffPage";

interface Values {
  roles: Role[];
  districtRoles?: Role[];
}

const same = (a: Role[], b: Role[]) => a.length === b.length && a.every((r) => b.includes(r));

/** Replaces a person's roles at this site (and, for a district administrator, their district roles). */
export function GrantsModal(props: { site: Site; member: StaffMember; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const m = props.member;
  const siteRoles = m.grants.filter((g) => g.siteId === props.site.id).map((g) => g.role);
  const districtRoles = m.grants.filter((g) => g.siteId === null && g.departmentId === null).map((g) => g.role);
  const mayGrantDistrict = can(me, "staff.write", null);
  const { submit, busy, error } = useFormSubmit(
    form,
    async (v: Values) => {
      const path = { userId: m.id };
      if (!same(v.roles, siteRoles))
        await call(api.PUT("/api/staff/{userId}/grants", { params: { path }, body: { siteId: props.site.id, roles: v.roles } }));
      if (mayGrantDistrict && v.districtRoles && !same(v.districtRoles, districtRoles)) {
        await call(api.PUT("/api/staff/{userId}/grants", { params: { path }, body: { siteId: null, roles: v.districtRoles } }));
      }
    },
    {
      invalidate: [STAFF_KEY],
      codeFields: { role_scope_invalid: "roles" },
      onSuccess: () => {
        message.success(t("m.common.saved"));
        props.onClose();
      },
    },
  );
  return (
    <Modal
      open
      width={600}
      title={t("m.staff.rolesFor", { name: m.displayName, site: props.site.name })}
      okText={t("action.save")}
      cancelText={t("action.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ roles: siteRoles, districtRoles }} onFinish={submit}>
        <Form.Item name="roles" label={t("m.staff.roles")} extra={t("m.staff.rolesEmpty")}>
          <Checkbox.Group options={SITE_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        {mayGrantDistrict ? (
          <Form.Item name="districtRoles" label={t("m.staff.districtRoles")}>
            <Checkbox.Group options={DISTRICT_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
        ) : districtRoles.length > 0 ? (
          <Typography.Paragraph type="secondary">
            {t("m.staff.districtRoles")}：{districtRoles.map((r) => t(`role.${r}`)).join("、")}
          </Typography.Paragraph>
        ) : null}
        <ErrorAlert error={error} />
      </Form>
    </Modal>
  );
}
