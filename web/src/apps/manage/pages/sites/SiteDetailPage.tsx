import { ArrowLeftOutlined, EditOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Descriptions, Spin, Tabs, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { can } from "../../../../api/access";
import { api, call } from "../../../../api/client";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { fmtDateTime } from "../../../../components/format";
import { describeWeeklyHours } from "../../../../components/hours";
import { KIND_COLORS } from "../../../../components/siteKinds";
import { PageHead } from "../../common/PageHead";
import { useMe } from "../../session";
import { ExceptionsEditor } from "./ExceptionsEditor";
import { SiteFormModal } from "./SiteFormModal";
import { WeeklyHoursEditor } from "./WeeklyHoursEditor";

export const siteKey = (siteId: string) => ["site", siteId] as const;

export function SiteDetailPage() {
  const { t } = useTranslation();
  const { siteId = "" } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const q = useQuery({ queryKey: siteKey(siteId), queryFn: () => call(api.GET("/api/sites/{siteId}", { params: { path: { siteId } } })) });
  const mayWrite = can(me, "site.write", siteId);
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate("/sites")}>
      {t("m.site.back")}
    </Button>
  );
  if (q.isPending) return <Spin />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const s = q.data;
  return (
    <>
      <PageHead
        title={s.name}
        sub={<Tag color={KIND_COLORS[s.kind]}>{t(`siteKind.${s.kind}`)}</Tag>}
        readOnly={!mayWrite}
        extra={
          <>
            {back}
            {mayWrite ? (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t("m.site.edit")}
              </Button>
            ) : null}
          </>
        }
      />
      <Tabs
        items={[
          {
            key: "basics",
            label: t("m.site.basics"),
            children: (
              <Descriptions
                bordered
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: "code", label: t("m.site.code"), children: s.code },
                  { key: "kind", label: t("m.site.kind"), children: t(`siteKind.${s.kind}`) },
                  { key: "name", label: t("m.site.name"), children: s.name },
                  { key: "plaque", label: t("m.site.plaqueName"), children: s.plaqueName ?? "—" },
                  { key: "parent", label: t("m.site.parentOrg"), children: s.parentOrg },
                  { key: "address", label: t("m.site.address"), children: s.address },
                  { key: "person", label: t("m.site.responsiblePerson"), children: s.responsiblePerson },
                  { key: "rphone", label: t("m.site.responsiblePhone"), children: s.responsiblePhone ?? "—" },
                  { key: "phone", label: t("m.site.phone"), children: s.phone ?? "—" },
                  { key: "active", label: t("m.common.status"), children: s.active ? t("m.common.active") : t("m.common.inactive") },
                  { key: "hours", label: t("m.site.hours"), span: 2, children: describeWeeklyHours(s.weeklyHours, t).join("；") },
                  { key: "updated", label: t("m.site.updated"), children: fmtDateTime(s.updatedAt) },
                ]}
              />
            ),
          },
          { key: "hours", label: t("m.site.hours"), children: <WeeklyHoursEditor site={s} readOnly={!mayWrite} /> },
          { key: "exceptions", label: t("m.site.exceptions"), children: <ExceptionsEditor site={s} readOnly={!mayWrite} /> },
        ]}
      />
      {editing ? <SiteFormModal site={s} onClose={() => setEditing(false)} /> : null}
    </>
  );
}
