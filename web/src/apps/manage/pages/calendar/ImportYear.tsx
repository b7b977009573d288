import { UploadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Space, Typography, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { type ParsedYear, parseCalendarCsv } from "./csv";

/** A year from a CSV file: parsed here in the browser, previewed, then sent as JSON. */
export function ImportYear(props: { onImported: (year: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [file, setFile] = useState<{ name: string; parsed: ParsedYear } | null>(null);
  const send = useMutation({
    mutationFn: (p: { year: number; name: string; parsed: ParsedYear }) =>
      call(
        api.PUT("/api/calendar/years/{year}", {
          params: { path: { year: p.year } },
          body: { source: `CSV: ${p.name}`.slice(0, 200), days: p.parsed.days },
        }),
      ),
    onSuccess: async (r) => {
      message.success(t("m.cal.imported", { year: r.year, days: r.days }));
      await qc.invalidateQueries({ queryKey: ["calendar"] });
      setFile(null);
      props.onImported(r.year);
    },
  });
  const year = file?.parsed.year ?? null;
  const ok = file && file.parsed.errors.length === 0 && year !== null;
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t("m.cal.importHelp")}
      </Typography.Paragraph>
      <Upload
        accept=".csv,text/csv"
        showUploadList={false}
        beforeUpload={async (f) => {
          send.reset();
          setFile({ name: f.name, parsed: parseCalendarCsv(await f.text()) });
          return false;
        }}
      >
        <Button icon={<UploadOutlined />}>{t("m.cal.chooseFile")}</Button>
      </Upload>
      {file && file.parsed.errors.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={t("m.cal.parseErrors")}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {file.parsed.errors.slice(0, 20).map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {ok ? (
        <Alert
          type="info"
          showIcon
          title={`${file.name} — ${t("m.cal.preview", { year, count: file.parsed.days.length })}`}
          action={
            <Button
              type="primary"
              size="small"
              loading={send.isPending}
              onClick={() => send.mutate({ year, name: file.name, parsed: file.parsed })}
            >
              {t("m.cal.doImport", { year })}
            </Button>
          }
        />
      ) : null}
      <ErrorAlert error={send.error} />
    </Space>
  );
}
