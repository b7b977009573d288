import { SafetyCertificateOutlined } from "@ant-design/icons";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { Alert, Button, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can, canAnywhere } from "../../../../api/access";
import { api, call } from "../../../../api/client";
import type { AuditRecord } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { fmtDateTime } from "../../../../components/format";
import { PageHead } from "../../common/PageHead";
import { NoPermission } from "../../common/RequireSite";
import { useMe } from "../../session";
import { useSites } from "../../shell/SiteContext";
import { AuditFilters, type AuditQuery } from "./AuditFilters";

const PAGE = 50;

export function AuditPage() {
  const me = useMe();
  return canAnywhere(me, "audit.read") ? <Audit /> : <NoPermission />;
}

/** The audit log, newest first, paged by `beforeId`; each record expands to its before/after. */
function Audit() {
  const { t } = useTranslation();
  const me = useMe();
  const { sites } = useSites();
  const [filters, setFilters] = useState<AuditQuery>({});
  const q = useInfiniteQuery({
    queryKey: ["audit", filters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      call(api.GET("/api/audit", { params: { query: { ...filters, limit: PAGE, ...(pageParam ? { beforeId: pageParam } : {}) } } })),
    getNextPageParam: (last) => (last.length < PAGE ? undefined : last[last.length - 1]?.id),
  });
  const verify = useMutation({ mutationFn: () => call(api.GET("/api/audit/verify")) });
  const rows = q.data?.pages.flat() ?? [];
  const siteName = (id: string | null) => (id ? (sites.find((s) => s.id === id)?.name ?? id.slice(0, 8)) : "—");
  const mayVerify = can(me, "audit.read", null);
  const { i18n } = useTranslation();
  const words = (w: { zh: string; en: string }) => (i18n.language.startsWith("en") ? w.en : w.zh);
  const v = verify.data;
  return (
    <>
      <PageHead
        title={t("m.nav.audit")}
        extra={
          mayVerify ? (
            <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
              {t("m.audit.verify")}
            </Button>
          ) : null
        }
      />
      {v ? (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          closable={{ onClose: () => verify.reset() }}
          type={v.ok ? "success" : "error"}
          title={
            v.ok || !v.firstBroken
              ? t("m.audit.verifyOk", { chains: v.chains, records: v.records })
              : t("m.audit.verifyBroken", { ...v.firstBroken })
          }
        />
      ) : null}
      <ErrorAlert error={verify.error ?? q.error} style={{ marginBottom: 16 }} />
      <AuditFilters sites={sites} onSearch={setFilters} />
      <Table<AuditRecord>
        rowKey="id"
        size="small"
        loading={q.isPending}
        dataSource={rows}
        pagination={false}
        expandable={{ expandedRowRender: (r) => <RecordDetail record={r} /> }}
        columns={[
          { title: "#", dataIndex: "id", width: 70 },
          { title: t("m.audit.time"), dataIndex: "at", width: 180, render: fmtDateTime },
          { title: t("m.audit.action"), render: (_: unknown, r) => <Tag title={r.action}>{words(r.what)}</Tag> },
          { title: t("m.audit.actor"), render: (_: unknown, r) => words(r.who) },
          { title: t("m.audit.role"), dataIndex: "actorRole", render: (role: string | null) => (role ? t(`role.${role}`, role) : "—") },
          { title: t("m.audit.site"), dataIndex: "siteId", render: siteName },
          { title: t("m.audit.entity"), render: (_: unknown, r) => words(r.entity) },
        ]}
      />
      <div style={{ textAlign: "center", marginTop: 16 }}>
        {q.hasNextPage ? (
          <Button onClick={() => q.fetchNextPage()} loading={q.isFetchingNextPage}>
            {t("m.audit.more")}
          </Button>
        ) : rows.length > 0 ? (
          <Typography.Text type="secondary">{t("m.audit.end")}</Typography.Text>
        ) : null}
      </div>
    </>
  );
}

/** What changed, field by field in words; the raw record stays one click away for auditors. */
function RecordDetail({ record }: { record: AuditRecord }) {
  const { t } = useTranslation();
  const show = (v: unknown) => (v === null || v === undefined ? "—" : JSON.stringify(v, null, 2));
  return (
    <div>
      {record.changes.length > 0 ? (
        <Table
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={record.changes}
          columns={[
            { title: t("m.audit.field"), dataIndex: "label", width: 200 },
            { title: t("m.audit.before"), dataIndex: "before", render: (v: string | null) => v ?? "—" },
            { title: t("m.audit.after"), dataIndex: "after", render: (v: string | null) => v ?? "—" },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t("m.audit.noChanges")}</Typography.Text>
      )}
      <details style={{ marginTop: 8 }}>
        <summary>{t("m.audit.raw")}</summary>
        <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: 12 }}>
          <pre className="json-block">{show(record.before)}</pre>
          <pre className="json-block">{show(record.after)}</pre>
        </div>
      </details>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("m.audit.request")}: {record.requestId ?? "—"} · chain {record.chain} #{record.seq} · {record.hash.slice(0, 16)}…
      </Typography.Text>
    </div>
  );
}
