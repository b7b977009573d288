import { App, Form, Input, Modal } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import type { StaffMember } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";
import { STRONG_PASSWORD } from "./CreateStaffModal";
import { STAFF_KEY } from "./StaffPage";

/** A new initial password (which also lifts a lock); the person must change it at next sign-in. */
export function ResetPasswordModal(props: { member: StaffMember; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const { submit, busy, error } = useFormSubmit(
    form,
    (v: { password: string }) =>
      call(
        api.POST("/api/staff/{userId}/password-reset", { params: { path: { userId: props.member.id } }, body: { password: v.password } }),
      ),
    {
      invalidate: [STAFF_KEY],
      codeFields: { weak_password: "password" },
      onSuccess: () => {
        message.success(t("m.staff.resetDone"));
        props.onClose();
      },
    },
  );
  return (
    <Modal
      open
      title={`${t("m.staff.resetPassword")} — ${props.member.displayName}（${props.member.username}）`}
      okText={t("action.save")}
      cancelText={t("action.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="password"
          label={t("m.staff.password")}
          extra={t("m.staff.passwordHelp")}
          rules={[
            { required: true, message: t("m.common.required") },
            { pattern: STRONG_PASSWORD, message: t("auth.pwd.weak") },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <ErrorAlert error={error} />
      </Form>
    </Modal>
  );
}
