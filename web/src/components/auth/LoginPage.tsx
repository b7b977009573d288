import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, call } from "../../api/client";
import { ErrorAlert } from "../ErrorAlert";
import { LanguageSwitch } from "../LanguageSwitch";
import { useTitle } from "../useTitle";
import { ME_KEY } from "./session";
import "./auth.css";

interface Values {
  username: string;
  password: string;
}

/** Staff sign-in (session cookie). `heading` names the app, `sub` the card. */
export function LoginPage(props: { heading: string; sub: string; subtitle?: string }) {
  const { t } = useTranslation();
  useTitle(`${props.heading} — ${t("auth.login.submit")}`);
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: Values) {
    setBusy(true);
    setError(null);
    try {
      const me = await call(api.POST("/api/auth/login", { body: values }));
      qc.setQueryData(ME_KEY, me);
    } catch (err) {
      setError(err);
      form.setFieldValue("password", "");
    } finally {
      setBusy(false);
    }
  }

  const locked = error instanceof ApiError && (error.code === "account_locked" || error.code === "too_many_requests");
  return (
    <div className="login-page">
      <div className="login-emblem">
        <h1>{props.heading}</h1>
        <p>{props.subtitle ?? t("appName")}</p>
      </div>
      <Card className="login-card" title={props.sub} extra={<LanguageSwitch />}>
        <Form<Values> form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="username"
            label={t("auth.login.username")}
            rules={[{ required: true, whitespace: true, message: t("auth.login.usernameRequired") }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t("auth.login.password")}
            rules={[{ required: true, message: t("auth.login.passwordRequired") }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {error ? <ErrorAlert error={error} style={{ marginBottom: 16 }} /> : null}
          {locked ? <Typography.Paragraph type="secondary">{t("auth.login.lockedHint")}</Typography.Paragraph> : null}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t("auth.login.submit")}
          </Button>
        </Form>
      </Card>
      <div className="login-footer">{t("auth.login.footer")}</div>
    </div>
  );
}
