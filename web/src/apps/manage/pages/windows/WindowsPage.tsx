import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../api/access";
import { api, call } from "../../../../api/client";
import type { Site, Window } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { PageHead } from "../../common/PageHead";
import { RequireSite } from "../../common/RequireSite";
import { useMe } from "../../session";
import { useZones } from "../zones/ZonesPage";
import { PostModal } from "./PostModal";
import { WindowFormModal } from "./WindowFormModal";

export const windowsKey = (siteId: string) => ["windows", siteId] as const;

export function useWindows(siteId: string) {
  return useQuery({
    queryKey: windowsKey(siteId),
    queryFn: () => call(api.GET("/api/sites/{siteId}/windows", { params: { path: { siteId } } })),
  });
}

export function WindowsPage() {
  return <RequireSite>{(site) => <Windows site={site} />}</RequireSite>;
}

function Windows({ site }: { site: Site }) {
  const { t } = useTranslation();
  const me = useMe();
  const windows = useWindows(site.id);
  const zones = useZones(site.id);
  const [editing, setEditing] = useState<Window | "new" | null>(null);
  const [posting, setPosting] = useState<Window | null>(null);
  const mayWrite = can(me, "site.write", site.id);
  const mayPost = mayWrite && can(me, "staff.read", site.id);
  const zoneName = (id: string | null) => zones.data?.find((z) => z.id === id)?.name ?? "—";
  const person = (p: Window["post"]["primary"]) =>
    p ? p.displayName : <Typography.Text type="secondary">{t("m.window.noPerson")}</Typography.Text>;
  const rows = [...(windows.data ?? [])].sort((a, b) => a.number - b.number);
  return (
    <>
      <PageHead
        title={t("m.nav.windows")}
        sub={<Tag>{site.name}</Tag>}
        readOnly={!mayWrite}
        extra={
          mayWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>
              {t("m.window.add")}
            </Button>
          ) : null
        }
      />
      <ErrorAlert error={windows.error} style={{ marginBottom: 16 }} />
      <Table<Window>
        rowKey="id"
        loading={windows.isPending}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t("m.window.number"), dataIndex: "number", width: 90, render: (n: number) => <strong>{n}</strong> },
          { title: t("m.window.name"), dataIndex: "name" },
          { title: t("m.window.zone"), dataIndex: "zoneId", render: zoneName },
          { title: t("m.window.primary"), render: (_: unknown, w) => person(w.post.primary) },
          { title: t("m.window.backup"), render: (_: unknown, w) => person(w.post.backup) },
          {
            title: t("m.common.status"),
            dataIndex: "active",
            width: 90,
            render: (a: boolean) => (a ? <Tag color="success">{t("m.common.active")}</Tag> : <Tag>{t("m.common.inactive")}</Tag>),
          },
          ...(mayWrite
            ? [
                {
                  title: t("m.common.actions"),
                  width: 200,
                  render: (_: unknown, w: Window) => (
                    <Space>
                      <Button type="link" onClick={() => setEditing(w)}>
                        {t("action.edit")}
                      </Button>
                      {mayPost ? (
                        <Button type="link" onClick={() => setPosting(w)}>
                          {t("m.window.setPost")}
                        </Button>
                      ) : null}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <WindowFormModal
          siteId={site.id}
          zones={zones.data ?? []}
          window={editing === "new" ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {posting ? <PostModal siteId={site.id} window={posting} onClose={() => setPosting(null)} /> : null}
    </>
  );
}
