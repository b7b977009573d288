import { UploadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Col, Row, Statistic, Switch, Table, Tag, Typography, Upload } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { can } from "../../../../api/access";
import { type CoverageReport, type CoverageRow, getCoverage, listItems, uploadCityList } from "../../../../api/catalog";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { PageHead } from "../../common/PageHead";
import { useMe } from "../../session";
import { ITEMS_KEY } from "./CatalogPage";
import { HallsCard } from "./HallsCard";
import { badRows, importIssues } from "./ImportModal";

const SUMMARY_KEYS = ["approved", "inCatalog", "ok", "handledNowhere", "againstRule", "notApproved", "warnings"] as const;

/** 应进必进 (C3): items handled nowhere and items assigned against the rule, against the city's approved list. */
export function CoveragePage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const mayWrite = can(me, "catalog.write", null);
  const [onlyProblems, setOnlyProblems] = useState(true);
  const q = useQuery({ queryKey: ["catalog-coverage"], queryFn: getCoverage });
  const { data: items } = useQuery({ queryKey: [...ITEMS_KEY, "all"], queryFn: () => listItems() });
  const idOf = new Map((items ?? []).map((i) => [i.code, i.id]));
  const upload = useMutation({
    mutationFn: (f: File) => uploadCityList(f),
    onSuccess: () => {
      message.success(t("mc.coverage.uploaded"));
      void qc.invalidateQueries({ queryKey: ["catalog-coverage"] });
    },
  });
  const en = i18n.language.startsWith("en");
  const issues = importIssues(upload.error);
  return (
    <>
      <PageHead
        title={t("mc.coverage.title")}
        readOnly={!mayWrite}
        extra={
          mayWrite ? (
            <Upload
              accept=".xlsx,.csv"
              showUploadList={false}
              beforeUpload={(f) => {
                upload.mutate(f);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={upload.isPending}>
                {t("mc.coverage.upload")}
              </Button>
            </Upload>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary">{t("mc.coverage.lead")}</Typography.Paragraph>
      {upload.error && issues.length === 0 ? <ErrorAlert error={upload.error} style={{ marginBottom: 12 }} /> : null}
      {issues.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t("mc.import.bad", { count: badRows(issues) })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {issues.slice(0, 20).map((e) => (
                <li key={`${e.row}-${e.column}-${e.reason}`}>
                  {t("mc.import.row")} {e.row}
                  {e.column ? ` · ${e.column}` : ""}：{en && e.reasonEn ? e.reasonEn : e.reason}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <HallsCard mayWrite={mayWrite} />
      {q.error ? <ErrorAlert error={q.error} /> : null}
      {q.isSuccess && q.data === undefined ? <Alert type="info" showIcon title={t("mc.coverage.pending")} /> : null}
      {q.data ? <Report data={q.data} onlyProblems={onlyProblems} setOnlyProblems={setOnlyProblems} idOf={idOf} en={en} /> : null}
    </>
  );
}

function Report(props: {
  data: CoverageReport;
  onlyProblems: boolean;
  setOnlyProblems: (v: boolean) => void;
  idOf: Map<string, string>;
  en: boolean;
}) {
  const { t } = useTranslation();
  const { data, onlyProblems, setOnlyProblems, idOf, en } = props;
  const rows = data.items.filter((r) => !onlyProblems || r.problems.length > 0);
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Typography.Text strong>{t("mc.coverage.cityList")}：</Typography.Text>
        {data.cityList
          ? t("mc.coverage.cityInfo", {
              count: data.cityList.count,
              date: data.cityList.importedAt ? dayjs(data.cityList.importedAt).format("YYYY-MM-DD HH:mm") : "",
            })
          : t("mc.coverage.cityNone")}
      </Card>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {SUMMARY_KEYS.filter((k) => k in data.summary).map((k) => (
          <Col key={k} xs={12} md={6} lg={3}>
            <Card size="small">
              <Statistic
                title={t(`mc.coverage.summary.${k}`)}
                value={data.summary[k]}
                styles={{
                  content: {
                    color:
                      ["handledNowhere", "againstRule", "notApproved"].includes(k) && (data.summary[k] ?? 0) > 0 ? "#cf1322" : undefined,
                  },
                }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <div style={{ marginBottom: 8 }}>
        <Switch checked={onlyProblems} onChange={setOnlyProblems} aria-label={t("mc.coverage.onlyProblems")} />{" "}
        {t("mc.coverage.onlyProblems")}
      </div>
      <Table<CoverageRow>
        rowKey="code"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 1000 }}
        columns={[
          {
            title: t("mc.coverage.name"),
            width: 260,
            render: (_: unknown, r) => (
              <>
                {idOf.get(r.code) ? <Link to={`/catalog/items/${idOf.get(r.code)}`}>{r.name}</Link> : r.name}
                <div className="cell-sub">{r.code}</div>
                {!r.inCatalog ? <Tag color="red">{t("mc.coverage.notInCatalog")}</Tag> : null}
              </>
            ),
          },
          { title: t("mc.coverage.department"), dataIndex: "department", width: 180 },
          {
            title: t("mc.coverage.places"),
            width: 140,
            render: (_: unknown, r) =>
              r.places.length === 0 ? "—" : r.places.map((p) => <Tag key={p}>{t(`mc.coverage.place.${p}`, { defaultValue: p })}</Tag>),
          },
          {
            title: t("mc.coverage.sites"),
            width: 240,
            render: (_: unknown, r) =>
              r.sites.length === 0
                ? "—"
                : r.sites.map((s) => (
                    <div key={s.code}>
                      {s.name}
                      {s.mode === "assist" ? `（${t("mc.sites.assist")}）` : ""}
                    </div>
                  )),
          },
          {
            title: t("mc.coverage.problems"),
            render: (_: unknown, r) =>
              r.problems.length === 0 ? (
                <Tag color="green">{t("mc.coverage.ok")}</Tag>
              ) : (
                r.problems.map((p) => (
                  <div key={p.code}>
                    <Tag color={p.severity === "violation" ? "red" : "gold"}>{t(`mc.coverage.${p.severity}`)}</Tag>
                    {en ? p.en : p.zh}
                  </div>
                ))
              ),
          },
        ]}
      />
    </>
  );
}
