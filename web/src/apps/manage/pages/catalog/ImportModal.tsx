import { InboxOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Modal, Table, Typography, Upload } from "antd";
import { useTranslation } from "react-i18next";
import { type ImportIssue, type ImportResult, importCatalog } from "../../../../api/catalog";
import { ApiError } from "../../../../api/client";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { ITEMS_KEY } from "./CatalogPage";

/** The server's bad rows, when the problem carries them. */
/** Distinct bad rows (a row may have several issues). */
export const badRows = (issues: ImportIssue[]) => new Set(issues.map((i) => `${i.sheet ?? ""}|${i.row}`)).size;

export function importIssues(err: unknown): ImportIssue[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.errors)) return [];
  return (err.errors as ImportIssue[]).filter((e) => typeof e?.row === "number");
}

/** Upload an .xlsx of items: all rows are checked, and a file with any bad row changes nothing. */
export function ImportModal(props: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: (file: File) => importCatalog(file),
    onSuccess: () => qc.invalidateQueries({ queryKey: ITEMS_KEY }),
  });
  const issues = importIssues(m.error);
  const en = i18n.language.startsWith("en");
  return (
    <Modal open title={t("mc.import.title")} onCancel={props.onClose} footer={null} width={760} destroyOnHidden>
      <Typography.Paragraph>{t("mc.import.lead")}</Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx"
        multiple={false}
        showUploadList={false}
        disabled={m.isPending}
        beforeUpload={(file) => {
          m.mutate(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{t("mc.import.pick")}</p>
      </Upload.Dragger>
      <div style={{ marginTop: 16 }}>
        {m.isSuccess ? <ImportSummary data={m.data} /> : null}
        {m.error && issues.length === 0 ? <ErrorAlert error={m.error} /> : null}
        {issues.length > 0 ? (
          <>
            <Alert type="error" showIcon title={t("mc.import.bad", { count: badRows(issues) })} style={{ marginBottom: 8 }} />
            <Table<ImportIssue>
              size="small"
              rowKey={(r) => `${r.sheet ?? ""}-${r.row}-${r.column ?? ""}-${r.reason}`}
              dataSource={issues}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                ...(issues.some((r) => r.sheet) ? [{ title: t("mc.import.sheet"), dataIndex: "sheet", width: 130 }] : []),
                { title: t("mc.import.row"), dataIndex: "row", width: 70 },
                { title: t("mc.import.column"), dataIndex: "column", width: 140, render: (c: string | null) => c ?? "—" },
                { title: t("mc.import.reason"), render: (_: unknown, r) => (en && r.reasonEn ? r.reasonEn : r.reason) },
              ]}
            />
          </>
        ) : null}
      </div>
    </Modal>
  );
}

function ImportSummary({ data }: { data: ImportResult }) {
  const { t } = useTranslation();
  const parts = [
    t("mc.import.created", { count: data.created ?? 0 }),
    t("mc.import.updated", { count: data.updated ?? 0 }),
    t("mc.import.unchanged", { count: data.unchanged ?? 0 }),
    ...(data.departmentsCreated?.length ? [t("mc.import.departments", { list: data.departmentsCreated.join("、") })] : []),
  ];
  return <Alert type="success" showIcon title={t("mc.import.done")} description={parts.join(" · ")} />;
}
