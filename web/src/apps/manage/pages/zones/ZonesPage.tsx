import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Popconfirm, Space, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../api/access";
import { api, call } from "../../../../api/client";
import type { Site, Zone } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { PageHead } from "../../common/PageHead";
import { RequireSite } from "../../common/RequireSite";
import { useMe } from "../../session";
import { windowsKey } from "../windows/WindowsPage";
import { ZoneFormModal } from "./ZoneFormModal";

export const zonesKey = (siteId: string) => ["zones", siteId] as const;

export function useZones(siteId: string) {
  return useQuery({
    queryKey: zonesKey(siteId),
    queryFn: () => call(api.GET("/api/sites/{siteId}/zones", { params: { path: { siteId } } })),
  });
}

export function ZonesPage() {
  return <RequireSite>{(site) => <Zones site={site} />}</RequireSite>;
}

/** The six kinds of zone; one area may serve several (a merged zone). */
function Zones({ site }: { site: Site }) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const zones = useZones(site.id);
  const windows = useQuery({
    queryKey: windowsKey(site.id),
    queryFn: () => call(api.GET("/api/sites/{siteId}/windows", { params: { path: { siteId: site.id } } })),
  });
  const [editing, setEditing] = useState<Zone | "new" | null>(null);
  const mayWrite = can(me, "site.write", site.id);
  const remove = useMutation({
    mutationFn: (zoneId: string) =>
      call(api.DELETE("/api/sites/{siteId}/zones/{zoneId}", { params: { path: { siteId: site.id, zoneId } } })),
    onSuccess: () => {
      message.success(t("m.common.deleted"));
      return qc.invalidateQueries({ queryKey: zonesKey(site.id) });
    },
  });
  const countIn = (zoneId: string) => (windows.data ?? []).filter((w) => w.zoneId === zoneId).length;
  return (
    <>
      <PageHead
        title={t("m.nav.zones")}
        sub={<Tag>{site.name}</Tag>}
        readOnly={!mayWrite}
        extra={
          mayWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>
              {t("m.zone.add")}
            </Button>
          ) : null
        }
      />
      <ErrorAlert error={zones.error ?? remove.error} style={{ marginBottom: 16 }} />
      <Table<Zone>
        rowKey="id"
        loading={zones.isPending}
        dataSource={zones.data ?? []}
        pagination={false}
        columns={[
          { title: t("m.zone.name"), dataIndex: "name" },
          {
            title: t("m.zone.kinds"),
            dataIndex: "kinds",
            render: (kinds: Zone["kinds"]) => (
              <Space size={4} wrap>
                {kinds.map((k) => (
                  <Tag key={k} color="geekblue">
                    {t(`zoneKind.${k}`)}
                  </Tag>
                ))}
                {kinds.length > 1 ? <Tag color="gold">{t("m.zone.merged")}</Tag> : null}
              </Space>
            ),
          },
          { title: t("m.zone.windows"), width: 100, render: (_: unknown, z) => countIn(z.id) },
          ...(mayWrite
            ? [
                {
                  title: t("m.common.actions"),
                  width: 160,
                  render: (_: unknown, z: Zone) => (
                    <Space>
                      <Button type="link" onClick={() => setEditing(z)}>
                        {t("action.edit")}
                      </Button>
                      <Popconfirm title={t("m.common.confirmDelete")} onConfirm={() => remove.mutateAsync(z.id).catch(() => undefined)}>
                        <Button type="link" danger>
                          {t("action.delete")}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? <ZoneFormModal siteId={site.id} zone={editing === "new" ? undefined : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
