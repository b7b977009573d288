import { useQueries, useQuery } from "@tanstack/react-query";
import { Button, Card, Col, Row, Statistic, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import { SITE_KINDS, type Site } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { KIND_COLORS, sortSites } from "../../components/siteKinds";
import { LateOverrides } from "./LateOverrides";

interface SiteRow {
  site: Site;
  windows?: number;
  activeWindows?: number;
  staff?: number;
}

/** Every site with its windows and staff, read from the same APIs the management platform uses. */
export function Overview() {
  const { t } = useTranslation();
  const sites = useQuery({ queryKey: ["sites"], queryFn: async () => sortSites(await call(api.GET("/api/sites"))) });
  const list = sites.data ?? [];
  const windows = useQueries({
    queries: list.map((s) => ({
      queryKey: ["windows", s.id],
      queryFn: () => call(api.GET("/api/sites/{siteId}/windows", { params: { path: { siteId: s.id } } })),
    })),
  });
  const staff = useQueries({
    queries: list.map((s) => ({
      queryKey: ["staff", s.id],
      queryFn: () => call(api.GET("/api/staff", { params: { query: { siteId: s.id } } })),
    })),
  });
  const rows: SiteRow[] = list.map((site, i) => ({
    site,
    windows: windows[i]?.data?.length,
    activeWindows: windows[i]?.data?.filter((w) => w.active).length,
    staff: staff[i]?.data?.length,
  }));
  const sum = (f: (r: SiteRow) => number | undefined) => rows.reduce((n, r) => n + (f(r) ?? 0), 0);
  const error = sites.error ?? windows.find((q) => q.error)?.error ?? staff.find((q) => q.error)?.error;
  return (
    <>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col flex="1 1 160px">
          <Card>
            <Statistic title={t("d.sites")} value={list.length} loading={sites.isPending} />
          </Card>
        </Col>
        {SITE_KINDS.map((k) => (
          <Col flex="1 1 160px" key={k}>
            <Card>
              <Statistic title={t(`siteKind.${k}`)} value={list.filter((s) => s.kind === k).length} loading={sites.isPending} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card>
        <Table<SiteRow>
          rowKey={(r) => r.site.id}
          loading={sites.isPending}
          dataSource={rows}
          pagination={false}
          columns={[
            {
              title: t("d.kind"),
              width: 160,
              render: (_: unknown, r) => <Tag color={KIND_COLORS[r.site.kind]}>{t(`siteKind.${r.site.kind}`)}</Tag>,
              filters: SITE_KINDS.map((k) => ({ text: t(`siteKind.${k}`), value: k })),
              onFilter: (v, r) => r.site.kind === v,
            },
            {
              title: t("d.name"),
              render: (_: unknown, r) => (
                <Button type="link" href={`/manage/sites/${r.site.id}`} style={{ padding: 0 }}>
                  {r.site.name}
                </Button>
              ),
            },
            { title: t("d.parentOrg"), render: (_: unknown, r) => r.site.parentOrg },
            { title: t("d.windows"), dataIndex: "windows", align: "right", render: (n?: number) => n ?? "…" },
            { title: t("d.activeWindows"), dataIndex: "activeWindows", align: "right", render: (n?: number) => n ?? "…" },
            { title: t("d.staff"), dataIndex: "staff", align: "right", render: (n?: number) => n ?? "…" },
            {
              title: t("d.status"),
              render: (_: unknown, r) => (r.site.active ? <Tag color="success">{t("d.active")}</Tag> : <Tag>{t("d.inactive")}</Tag>),
            },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={3}>
                <strong>{t("d.total")}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <strong>{sum((r) => r.windows)}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <strong>{sum((r) => r.activeWindows)}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                <strong>{new Set(staff.flatMap((q) => q.data?.map((s) => s.id) ?? [])).size}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} />
            </Table.Summary.Row>
          )}
        />
      </Card>
      <LateOverrides />
    </>
  );
}
