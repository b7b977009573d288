import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Empty, List, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type AssignmentMode, type Assignments, getAssignments, putAssignments, type StaffItem } from "../../../../api/catalog";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useSitesQuery } from "../../shell/SiteContext";

interface Row {
  siteId: string;
  mode: AssignmentMode;
}

/** Where the item is handled (C3): sites and modes, and the coverage problems the server finds in them. */
export function AssignmentsTab({ item, mayWrite }: { item: StaffItem; mayWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const key = ["catalog-assignments", item.id];
  const q = useQuery({ queryKey: key, queryFn: () => getAssignments(item.id) });
  if (q.isPending) return null;
  if (q.error) return <ErrorAlert error={q.error} />;
  if (q.data === undefined) return <Alert type="info" showIcon title={t("mc.sites.pending")} />;
  return (
    <Editor
      key={JSON.stringify(q.data.sites)}
      data={q.data}
      item={item}
      mayWrite={mayWrite}
      en={i18n.language.startsWith("en")}
      queryKey={key}
    />
  );
}

function Editor(props: { data: Assignments; item: StaffItem; mayWrite: boolean; en: boolean; queryKey: string[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const sites = useSitesQuery();
  const [rows, setRows] = useState<Row[]>(props.data.sites.map((s) => ({ siteId: s.siteId, mode: s.mode })));
  const save = useMutation({
    mutationFn: () => putAssignments(props.item.id, rows),
    onSuccess: (data) => {
      qc.setQueryData(props.queryKey, data);
      void qc.invalidateQueries({ queryKey: ["catalog-coverage"] });
      message.success(t("mc.sites.saved"));
    },
  });
  const used = new Set(rows.map((r) => r.siteId));
  const siteOptions = (current: string) =>
    (sites.data ?? [])
      .filter((s) => s.id === current || !used.has(s.id))
      .map((s) => ({ value: s.id, label: `${s.name}（${t(`siteKind.${s.kind}`)}）` }));
  const problems = props.data.problems;
  return (
    <>
      <Typography.Paragraph type="secondary">{t("mc.sites.lead")}</Typography.Paragraph>
      {rows.length === 0 ? <Empty /> : null}
      {rows.map((r, i) => (
        <Space key={r.siteId || `new-${i}`} style={{ display: "flex", marginBottom: 8 }} wrap>
          <Select
            aria-label={t("mc.sites.site")}
            style={{ width: 420 }}
            value={r.siteId || undefined}
            disabled={!props.mayWrite}
            showSearch={{ optionFilterProp: "label" }}
            options={siteOptions(r.siteId)}
            onChange={(v) => setRows(rows.map((x, j) => (j === i ? { ...x, siteId: v } : x)))}
          />
          <Select<AssignmentMode>
            aria-label={t("mc.sites.mode")}
            style={{ width: 140 }}
            value={r.mode}
            disabled={!props.mayWrite}
            options={[
              { value: "handle", label: t("mc.sites.handle") },
              { value: "assist", label: t("mc.sites.assist") },
            ]}
            onChange={(v) => setRows(rows.map((x, j) => (j === i ? { ...x, mode: v } : x)))}
          />
          {props.mayWrite ? (
            <Button
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t("mc.editor.remove")}
              onClick={() => setRows(rows.filter((_, j) => j !== i))}
            />
          ) : null}
        </Space>
      ))}
      {props.mayWrite ? (
        <Space style={{ marginTop: 8 }}>
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => setRows([...rows, { siteId: "", mode: "handle" }])}>
            {t("mc.sites.add")}
          </Button>
          <Button type="primary" loading={save.isPending} disabled={rows.some((r) => !r.siteId)} onClick={() => save.mutate()}>
            {t("mc.sites.save")}
          </Button>
        </Space>
      ) : null}
      <ErrorAlert error={save.error} style={{ marginTop: 12 }} />
      <div style={{ marginTop: 16 }}>
        {props.data.places.map((p) => (
          <Tag key={p} color="blue">
            {t(`mc.coverage.place.${p}`)}
          </Tag>
        ))}
      </div>
      {problems.length === 0 ? (
        <Alert type="success" showIcon title={t("mc.sites.ok")} style={{ marginTop: 12 }} />
      ) : (
        <List
          style={{ marginTop: 12 }}
          header={<strong>{t("mc.sites.problems")}</strong>}
          bordered
          size="small"
          dataSource={problems}
          renderItem={(p) => (
            <List.Item>
              <Tag color={p.severity === "violation" ? "red" : "gold"}>{t(`mc.coverage.${p.severity}`)}</Tag>
              {props.en ? p.en : p.zh}
            </List.Item>
          )}
        />
      )}
    </>
  );
}
