import { PlusOutlined } from "@ant-design/icons";
import { Button, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { can } from "../../../../api/access";
import type { Site } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { KIND_COLORS } from "../../../../components/siteKinds";
import { PageHead } from "../../common/PageHead";
import { useMe } from "../../session";
import { useSitesQuery } from "../../shell/SiteContext";
import { SiteFormModal } from "./SiteFormModal";

export function SitesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const q = useSitesQuery();
  const [creating, setCreating] = useState(false);
  const mayCreate = can(me, "site.create", null);
  return (
    <>
      <PageHead
        title={t("m.site.list")}
        extra={
          mayCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t("m.site.create")}
            </Button>
          ) : null
        }
      />
      <ErrorAlert error={q.error} />
      <Table<Site>
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={false}
        columns={[
          {
            title: t("m.site.kind"),
            dataIndex: "kind",
            width: 150,
            render: (k: Site["kind"]) => <Tag color={KIND_COLORS[k]}>{t(`siteKind.${k}`)}</Tag>,
          },
          {
            title: t("m.site.name"),
            dataIndex: "name",
            render: (_: string, s) => (
              <>
                <Link to={`/sites/${s.id}`}>{s.name}</Link>
                {s.plaqueName ? <div style={{ color: "rgba(0, 0, 0, 0.62)", fontSize: 12 }}>{s.plaqueName}</div> : null}
              </>
            ),
          },
          { title: t("m.site.parentOrg"), dataIndex: "parentOrg" },
          { title: t("m.site.responsiblePerson"), dataIndex: "responsiblePerson", width: 110 },
          { title: t("m.site.phone"), dataIndex: "phone", width: 140 },
          {
            title: t("m.common.status"),
            dataIndex: "active",
            width: 90,
            render: (a: boolean) => (a ? <Tag color="success">{t("m.common.active")}</Tag> : <Tag>{t("m.common.inactive")}</Tag>),
          },
          {
            title: t("m.common.actions"),
            width: 90,
            render: (_: unknown, s) => (
              <Button type="link" onClick={() => navigate(`/sites/${s.id}`)}>
                {t("m.site.detail")}
              </Button>
            ),
          },
        ]}
      />
      {creating ? <SiteFormModal onClose={() => setCreating(false)} onSaved={(s) => navigate(`/sites/${s.id}`)} /> : null}
    </>
  );
}
