import { LinkOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Popconfirm, Space, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../api/access";
import { api, call } from "../../../../api/client";
import type { Device, RegisteredDevice, Site } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { fmtDateTime } from "../../../../components/format";
import { PageHead } from "../../common/PageHead";
import { NoPermission, RequireSite } from "../../common/RequireSite";
import { useMe } from "../../session";
import { useWindows } from "../windows/WindowsPage";
import { PairDeviceModal } from "./PairDeviceModal";
import { RegisterDeviceModal } from "./RegisterDeviceModal";
import { TokenModal } from "./TokenModal";

export const devicesKey = (siteId: string) => ["devices", siteId] as const;

export function DevicesPage() {
  const me = useMe();
  return <RequireSite>{(site) => (can(me, "device.read", site.id) ? <Devices site={site} /> : <NoPermission />)}</RequireSite>;
}

const when = (s: string | null, never: string) => (s ? fmtDateTime(s) : never);

function Devices({ site }: { site: Site }) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: devicesKey(site.id),
    queryFn: () => call(api.GET("/api/sites/{siteId}/devices", { params: { path: { siteId: site.id } } })),
  });
  const windows = useWindows(site.id);
  const [registering, setRegistering] = useState(false);
  // The QR code a device shows opens this page with ?pair=<code>.
  const [pairing, setPairing] = useState<string | null>(() => new URLSearchParams(window.location.search).get("pair"));
  const [issued, setIssued] = useState<RegisteredDevice | null>(null);
  const mayWrite = can(me, "device.write", site.id);
  const revoke = useMutation({
    mutationFn: (deviceId: string) =>
      call(api.POST("/api/sites/{siteId}/devices/{deviceId}/revoke", { params: { path: { siteId: site.id, deviceId } } })),
    onSuccess: () => {
      message.success(t("m.device.revoked"));
      return qc.invalidateQueries({ queryKey: devicesKey(site.id) });
    },
  });
  const windowLabel = (id: string | null) => {
    const w = windows.data?.find((x) => x.id === id);
    return w ? `${w.number} ${w.name}` : "—";
  };
  return (
    <>
      <PageHead
        title={t("m.nav.devices")}
        sub={<Tag>{site.name}</Tag>}
        readOnly={!mayWrite}
        extra={
          mayWrite ? (
            <Space>
              <Button type="primary" icon={<LinkOutlined />} onClick={() => setPairing("")}>
                {t("m.device.pair")}
              </Button>
              <Button icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
                {t("m.device.register")}
              </Button>
            </Space>
          ) : null
        }
      />
      <ErrorAlert error={q.error ?? revoke.error} style={{ marginBottom: 16 }} />
      <Table<Device>
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={false}
        columns={[
          { title: t("m.device.kind"), dataIndex: "kind", render: (k: Device["kind"]) => t(`deviceKind.${k}`) },
          { title: t("m.device.name"), dataIndex: "name" },
          { title: t("m.device.window"), dataIndex: "windowId", render: windowLabel },
          { title: t("m.device.created"), dataIndex: "createdAt", render: (s: string) => when(s, "") },
          { title: t("m.device.lastSeen"), dataIndex: "lastSeenAt", render: (s: string | null) => when(s, t("m.device.never")) },
          {
            title: t("m.common.status"),
            dataIndex: "revokedAt",
            render: (r: string | null) => (r ? <Tag>{t("m.device.revoked")}</Tag> : <Tag color="success">{t("m.device.inUse")}</Tag>),
          },
          ...(mayWrite
            ? [
                {
                  title: t("m.common.actions"),
                  width: 100,
                  render: (_: unknown, d: Device) =>
                    d.revokedAt ? null : (
                      <Popconfirm title={t("m.device.revokeConfirm")} onConfirm={() => revoke.mutateAsync(d.id).catch(() => undefined)}>
                        <Button type="link" danger>
                          {t("m.device.revoke")}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      {registering ? (
        <RegisterDeviceModal
          siteId={site.id}
          windows={windows.data ?? []}
          onClose={() => setRegistering(false)}
          onRegistered={(d) => {
            setRegistering(false);
            setIssued(d);
          }}
        />
      ) : null}
      {issued ? <TokenModal device={issued} onClose={() => setIssued(null)} /> : null}
      {mayWrite && pairing !== null ? (
        <PairDeviceModal
          siteId={site.id}
          windows={windows.data ?? []}
          initialCode={pairing || undefined}
          onClose={() => {
            setPairing(null);
            window.history.replaceState(null, "", window.location.pathname);
          }}
        />
      ) : null}
    </>
  );
}
