import { Alert, Button, Form, Input, Space } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call, errorText } from "../../../api/client";
import { idNumberProblem, nameProblem, phoneProblem, ruleOf, smsCodeProblem } from "../../../components/personFields";

export interface PersonValues {
  name: string;
  phone: string;
  idNumber: string;
  verificationCode: string;
}

/** Real name, mobile and ID number, with a six-digit code sent to the mobile (through the outbox). */
export function PersonForm(props: { submitText: string; busy: boolean; onSubmit: (v: PersonValues) => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<PersonValues>();
  const [wait, setWait] = useState(0);
  const [demo, setDemo] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  async function sendCode() {
    setCodeError(null);
    try {
      const phone = (await form.validateFields(["phone"])).phone;
      const r = await call(api.POST("/api/public/appointments/verification-codes", { body: { phone } }));
      setWait(60);
      setDemo(r.demoCode ?? null);
    } catch (err) {
      if (err && typeof err === "object" && "errorFields" in err) return;
      setCodeError(errorText(err, i18n.language));
    }
  }

  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={props.onSubmit} size="large">
      <Form.Item name="name" label={t("b.name")} rules={[ruleOf(t, nameProblem)]}>
        <Input autoComplete="name" />
      </Form.Item>
      <Form.Item name="idNumber" label={t("b.idNumber")} rules={[ruleOf(t, idNumberProblem)]}>
        <Input inputMode="text" maxLength={18} autoComplete="off" />
      </Form.Item>
      <Form.Item name="phone" label={t("b.phone")} rules={[ruleOf(t, phoneProblem)]}>
        <Input inputMode="tel" maxLength={11} autoComplete="tel" />
      </Form.Item>
      <Form.Item label={t("b.code")} required>
        <Space.Compact style={{ width: "100%" }}>
          <Form.Item name="verificationCode" noStyle rules={[ruleOf(t, smsCodeProblem)]}>
            <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" aria-label={t("b.code")} />
          </Form.Item>
          <Button onClick={() => void sendCode()} disabled={wait > 0} className="b-send">
            {wait > 0 ? t("b.resend", { s: wait }) : t("b.sendCode")}
          </Button>
        </Space.Compact>
      </Form.Item>
      {demo ? <Alert type="info" showIcon className="b-demo" title={t("b.demoCode", { code: demo })} style={{ marginBottom: 12 }} /> : null}
      {codeError ? <Alert type="error" showIcon title={codeError} style={{ marginBottom: 12 }} /> : null}
      <p className="b-note">{t("b.agree")}</p>
      <Button type="primary" htmlType="submit" block loading={props.busy} size="large">
        {props.submitText}
      </Button>
    </Form>
  );
}
