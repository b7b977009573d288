import { Alert, Button, DatePicker, Form, InputNumber } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import { ErrorAlert } from "../../../../components/ErrorAlert";

interface Values {
  from: Dayjs;
  days: number;
}

/** N working days after a date, computed by the server from the calendar (refuses uncovered years). */
export function Calculator() {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ from: string; days: number; date: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function compute(v: Values) {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(
        await call(api.GET("/api/calendar/add-working-days", { params: { query: { from: v.from.format("YYYY-MM-DD"), days: v.days } } })),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form<Values> layout="inline" initialValues={{ from: dayjs(), days: 5 }} onFinish={compute} style={{ rowGap: 8 }}>
      <Form.Item name="from" label={t("m.cal.from")} rules={[{ required: true, message: t("m.common.required") }]}>
        <DatePicker allowClear={false} />
      </Form.Item>
      <Form.Item name="days" label={t("m.cal.n")} rules={[{ required: true, message: t("m.common.required") }]}>
        <InputNumber min={0} max={3650} precision={0} style={{ width: 90 }} />
      </Form.Item>
      <Form.Item>
        <Button htmlType="submit" loading={busy}>
          {t("m.cal.compute")}
        </Button>
      </Form.Item>
      {result ? (
        <Alert
          style={{ marginTop: 12, width: "100%" }}
          type="success"
          showIcon
          role="status"
          title={t("m.cal.result", { from: result.from, n: result.days, date: result.date })}
        />
      ) : null}
      <ErrorAlert error={error} style={{ marginTop: 12, width: "100%" }} />
    </Form>
  );
}
