import { Alert, Button, Form, Input, Modal, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";

interface Result {
  onTime: boolean;
  ticket: { number: string; peopleAhead: number };
}

/** 18 characters of digits (the last may be X): an ID number; anything else is a booking code. */
const isIdNumber = (s: string) => /^\d{17}[\dXx]$/.test(s);

/**
 * Checks in an applicant's appointment at the window (A1, Q1): by booking code or ID number. The
 * server decides on time (an appointment ticket, served first within its slot) or late (normal).
 */
export function CheckInModal(props: { siteId: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ key: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<Result | null>(null);
  const submit = async ({ key }: { key: string }) => {
    const value = key.trim();
    setBusy(true);
    setError(null);
    try {
      const body = isIdNumber(value) ? { idNumber: value.toUpperCase() } : { code: value.toUpperCase() };
      const r = await call(api.POST("/api/sites/{siteId}/appointments/check-in", { params: { path: { siteId: props.siteId } }, body }));
      setResult(r);
      form.resetFields();
      props.onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t("c.checkIn.title")}
      onCancel={props.onClose}
      footer={[
        <Button key="close" onClick={props.onClose}>
          {t("action.close")}
        </Button>,
        <Button key="ok" type="primary" loading={busy} onClick={() => form.submit()}>
          {result ? t("c.checkIn.again") : t("c.checkIn.submit")}
        </Button>,
      ]}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("c.checkIn.lead")}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="key" label={t("c.checkIn.label")} rules={[{ required: true, whitespace: true, message: t("c.checkIn.label") }]}>
          <Input size="large" maxLength={20} autoFocus autoComplete="off" onChange={() => setResult(null)} />
        </Form.Item>
      </Form>
      {result ? (
        <Alert
          type={result.onTime ? "success" : "warning"}
          showIcon
          role="status"
          title={t(result.onTime ? "c.checkIn.onTime" : "c.checkIn.late", {
            number: result.ticket.number,
            ahead: result.ticket.peopleAhead,
          })}
        />
      ) : null}
      <ErrorAlert error={error} />
    </Modal>
  );
}
