import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Popconfirm, Segmented, Space, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../api/access";
import { api, call } from "../../../../api/client";
import type { Site, StaffMember } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { PageHead } from "../../common/PageHead";
import { NoPermission, RequireSite } from "../../common/RequireSite";
import { useMe } from "../../session";
import { CreateStaffModal } from "./CreateStaffModal";
import { GrantsModal } from "./GrantsModal";
import { ResetPasswordModal } from "./ResetPasswordModal";

export const STAFF_KEY = ["staff"] as const;

export function StaffPage() {
  const me = useMe();
  return <RequireSite>{(site) => (can(me, "staff.read", site.id) ? <Staff site={site} /> : <NoPermission />)}</RequireSite>;
}

function Staff({ site }: { site: Site }) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const district = can(me, "staff.read", null);
  const [scope, setScope] = useState<"site" | "all">("site");
  const siteId = scope === "site" || !district ? site.id : undefined;
  const q = useQuery({
    queryKey: [...STAFF_KEY, siteId ?? "all"],
    queryFn: () => call(api.GET("/api/staff", { params: { query: siteId ? { siteId } : {} } })),
  });
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<StaffMember | null>(null);
  const [resetting, setResetting] = useState<StaffMember | null>(null);
  const mayWrite = can(me, "staff.write", site.id);
  const done = (text: string) => {
    message.success(text);
    return qc.invalidateQueries({ queryKey: STAFF_KEY });
  };
  const unlock = useMutation({
    mutationFn: (id: string) => call(api.POST("/api/staff/{userId}/unlock", { params: { path: { userId: id } } })),
    onSuccess: () => done(t("m.staff.unlocked")),
  });
  const setActive = useMutation({
    mutationFn: (v: { id: string; active: boolean }) =>
      call(api.PATCH("/api/staff/{userId}", { params: { path: { userId: v.id } }, body: { active: v.active } })),
    onSuccess: () => done(t("m.common.saved")),
  });

  const status = (s: StaffMember) => (
    <Space size={4} wrap>
      {!s.active ? <Tag>{t("m.staff.disabled")}</Tag> : null}
      {s.locked ? <Tag color="red">{t("m.staff.locked")}</Tag> : null}
      {s.mustChangePassword ? <Tag color="orange">{t("m.staff.mustChange")}</Tag> : null}
      {s.active && !s.locked && !s.mustChangePassword ? <Tag color="success">{t("m.staff.normal")}</Tag> : null}
    </Space>
  );
  const roles = (s: StaffMember) => (
    <Space size={4} wrap>
      {s.grants
        .filter((g) => g.siteId === null || g.siteId === site.id || !siteId)
        .map((g) => (
          <Tag
            key={`${g.role}-${g.siteId}-${g.departmentId}`}
            color={g.departmentId !== null ? "purple" : g.siteId === null ? "magenta" : "blue"}
          >
            {t(`role.${g.role}`)}
            {g.departmentId !== null ? `（${t("m.staff.departmentScope")}）` : g.siteId === null ? `（${t("m.staff.districtScope")}）` : ""}
          </Tag>
        ))}
    </Space>
  );
  return (
    <>
      <PageHead
        title={t("m.nav.staff")}
        sub={
          district ? (
            <Segmented
              value={scope}
              onChange={setScope}
              options={[
                { value: "site", label: site.name },
                { value: "all", label: t("m.audit.allSites") },
              ]}
            />
          ) : (
            <Tag>{site.name}</Tag>
          )
        }
        readOnly={!mayWrite}
        extra={
          mayWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t("m.staff.add")}
            </Button>
          ) : null
        }
      />
      <ErrorAlert error={q.error ?? unlock.error ?? setActive.error} style={{ marginBottom: 16 }} />
      <Table<StaffMember>
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t("m.staff.username"), dataIndex: "username" },
          { title: t("m.staff.displayName"), dataIndex: "displayName" },
          { title: t("m.staff.rolesHere"), render: (_: unknown, s) => roles(s) },
          { title: t("m.common.status"), render: (_: unknown, s) => status(s) },
          ...(mayWrite
            ? [
                {
                  title: t("m.common.actions"),
                  render: (_: unknown, s: StaffMember) => (
                    <Space size={0} wrap>
                      <Button type="link" onClick={() => setGranting(s)}>
                        {t("m.staff.setRoles")}
                      </Button>
                      <Button type="link" onClick={() => setResetting(s)}>
                        {t("m.staff.resetPassword")}
                      </Button>
                      {s.locked ? (
                        <Button type="link" onClick={() => unlock.mutate(s.id)}>
                          {t("m.staff.unlock")}
                        </Button>
                      ) : null}
                      {s.id === me.id ? null : s.active ? (
                        <Popconfirm
                          title={t("m.staff.confirmDisable")}
                          onConfirm={() => setActive.mutateAsync({ id: s.id, active: false }).catch(() => undefined)}
                        >
                          <Button type="link" danger>
                            {t("m.staff.disable")}
                          </Button>
                        </Popconfirm>
                      ) : (
                        <Button type="link" onClick={() => setActive.mutate({ id: s.id, active: true })}>
                          {t("m.staff.enable")}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {creating ? <CreateStaffModal site={site} onClose={() => setCreating(false)} /> : null}
      {granting ? <GrantsModal site={site} member={granting} onClose={() => setGranting(null)} /> : null}
      {resetting ? <ResetPasswordModal member={resetting} onClose={() => setResetting(null)} /> : null}
    </>
  );
}
