import { Button, Form, Input } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import { ErrorAlert } from "../ErrorAlert";
import { applyServerErrors } from "../formErrors";

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/** The server's rule, checked here too so the user hears it before sending. */
const STRONG = /^(?=.*[A-Za-z])(?=.*\d).{8,}$/;

export function ChangePasswordForm(props: { onDone: () => void; extra?: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      await call(api.POST("/api/auth/password", { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } }));
      form.resetFields();
      props.onDone();
    } catch (err) {
      setError(err);
      applyServerErrors(form, err, i18n.language, {
        wrong_current_password: "currentPassword",
        weak_password: "newPassword",
        password_unchanged: "newPassword",
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      <Form.Item name="currentPassword" label={t("auth.pwd.current")} rules={[{ required: true, message: t("auth.required") }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t("auth.pwd.next")}
        extra={t("auth.pwd.rule")}
        rules={[
          { required: true, message: t("auth.required") },
          { pattern: STRONG, message: t("auth.pwd.weak") },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="repeat"
        label={t("auth.pwd.repeat")}
        dependencies={["newPassword"]}
        rules={[
          { required: true, message: t("auth.required") },
          ({ getFieldValue }) => ({
            validator: (_r, value) =>
              !value || value === getFieldValue("newPassword") ? Promise.resolve() : Promise.reject(new Error(t("auth.pwd.mismatch"))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {error ? <ErrorAlert error={error} style={{ marginBottom: 16 }} /> : null}
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t("auth.pwd.submit")}
      </Button>
      {props.extra}
    </Form>
  );
}
