import { useQuery } from "@tanstack/react-query";
import { Table, Tag } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { getChanges, type ItemChange, type StaffItem } from "../../../../api/catalog";
import { ErrorAlert } from "../../../../components/ErrorAlert";

type Row = ItemChange & { draft?: boolean };

/** Published versions (as the public change log shows them) and the draft on top, if any. */
export function VersionsTab({ item }: { item: StaffItem }) {
  const { t } = useTranslation();
  const changes = useQuery({
    queryKey: ["public-item-changes", item.code],
    queryFn: () => getChanges(item.code),
    enabled: item.inForceVersion !== null || item.latest.status === "published",
    retry: false,
  });
  const rows: Row[] = [
    ...(item.latest.status === "draft" ? [{ version: item.latest.version, effectiveFrom: "", changeNote: null, draft: true }] : []),
    ...[...(changes.data ?? [])].sort((a, b) => b.version - a.version),
  ];
  const enc = encodeURIComponent(item.code);
  return (
    <>
      {changes.error ? <ErrorAlert error={changes.error} /> : null}
      <Table<Row>
        rowKey="version"
        size="small"
        pagination={false}
        loading={changes.isFetching}
        dataSource={rows}
        locale={{ emptyText: t("mc.versions.empty") }}
        columns={[
          {
            title: t("mc.versions.version"),
            dataIndex: "version",
            width: 150,
            render: (v: number, r) => (
              <>
                v{v} {r.draft ? <Tag color="gold">{t("mc.versions.draft")}</Tag> : null}
                {v === item.inForceVersion ? <Tag color="green">{t("mc.versions.current")}</Tag> : null}
              </>
            ),
          },
          {
            title: t("mc.versions.effective"),
            dataIndex: "effectiveFrom",
            width: 180,
            render: (d: string) => (d ? dayjs(d).format("YYYY-MM-DD HH:mm") : "—"),
          },
          { title: t("mc.versions.note"), dataIndex: "changeNote", render: (n: string | null) => n ?? "—" },
          {
            title: t("m.common.actions"),
            width: 100,
            render: (_: unknown, r) =>
              r.draft ? null : (
                <a href={`/portal/items/${enc}/versions/${r.version}`} target="_blank" rel="noopener">
                  {t("mc.versions.view")}
                </a>
              ),
          },
        ]}
      />
    </>
  );
}
