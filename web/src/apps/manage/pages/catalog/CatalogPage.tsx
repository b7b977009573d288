import { DownloadOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Input, Select, Space, Table, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { can } from "../../../../api/access";
import { exportUrl, getDepartments, listItems, type StaffItem } from "../../../../api/catalog";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { PageHead } from "../../common/PageHead";
import { useMe } from "../../session";
import { CreateItemModal } from "./CreateItemModal";
import { ImportModal } from "./ImportModal";
import { limitText, StatusTags } from "./status";

export const ITEMS_KEY = ["catalog-items"];

/** 事项清单: every department's items with their latest version and the one in force. */
export function CatalogPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const department = params.get("department") ?? undefined;
  const [filter, setFilter] = useState("");
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const mayWrite = can(me, "catalog.write", null);
  const depts = useQuery({ queryKey: ["public-departments"], queryFn: getDepartments, staleTime: 300_000 });
  const items = useQuery({ queryKey: [...ITEMS_KEY, department ?? "all"], queryFn: () => listItems(department) });
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const rows = items.data ?? [];
    return f ? rows.filter((i) => i.code.toLowerCase().includes(f) || i.latest.guide.name.toLowerCase().includes(f)) : rows;
  }, [items.data, filter]);

  return (
    <>
      <PageHead
        title={t("mc.list.title")}
        readOnly={!mayWrite}
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={exportUrl} download="catalog.xlsx">
              {t("mc.list.export")}
            </Button>
            {mayWrite ? (
              <>
                <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                  {t("mc.list.import")}
                </Button>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                  {t("mc.list.create")}
                </Button>
              </>
            ) : null}
          </>
        }
      />
      <Typography.Paragraph type="secondary">{t("mc.list.lead")}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t("mc.list.department")}
          style={{ width: 260 }}
          value={department ?? ""}
          loading={depts.isPending}
          onChange={(v) => setParams(v ? { department: v } : {})}
          options={[{ value: "", label: t("mc.list.allDepartments") }, ...(depts.data ?? []).map((d) => ({ value: d.id, label: d.name }))]}
        />
        <Input.Search
          aria-label={t("mc.list.search")}
          placeholder={t("mc.list.search")}
          allowClear
          onChange={(e) => setFilter(e.target.value)}
          style={{ width: 260 }}
        />
        <Typography.Text type="secondary">{t("mc.list.count", { count: shown.length })}</Typography.Text>
      </Space>
      <ErrorAlert error={items.error} />
      <Table<StaffItem>
        rowKey="id"
        size="middle"
        loading={items.isPending}
        dataSource={shown}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t("mc.list.name"),
            render: (_: unknown, i: StaffItem) => (
              <>
                <Link to={`/catalog/items/${i.id}`}>{i.latest.guide.name}</Link>
                <div className="cell-sub">{i.code}</div>
              </>
            ),
          },
          !department && { title: t("mc.list.department"), render: (_: unknown, i: StaffItem) => i.department.name, width: 200 },
          { title: t("mc.list.type"), width: 110, render: (_: unknown, i: StaffItem) => i.latest.guide.type },
          {
            title: t("mc.list.committed"),
            width: 120,
            render: (_: unknown, i: StaffItem) => limitText(t, i.latest.guide.committedLimitDays, i.latest.guide.limitUnit),
          },
          { title: t("mc.list.latest"), width: 220, render: (_: unknown, i: StaffItem) => <StatusTags item={i} /> },
          {
            title: t("m.common.actions"),
            width: 110,
            render: (_: unknown, i: StaffItem) => (
              <Button type="link" onClick={() => navigate(`/catalog/items/${i.id}`)}>
                {t("mc.list.edit")}
              </Button>
            ),
          },
        ].filter((c) => c !== false)}
      />
      {creating ? <CreateItemModal onClose={() => setCreating(false)} onCreated={(i) => navigate(`/catalog/items/${i.id}`)} /> : null}
      {importing ? <ImportModal onClose={() => setImporting(false)} /> : null}
    </>
  );
}
