import { useQuery } from "@tanstack/react-query";
import { Tabs, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { can } from "../../../../api/access";
import { api, call } from "../../../../api/client";
import type { Site } from "../../../../api/types";
import { PageHead } from "../../common/PageHead";
import { NoPermission, RequireSite } from "../../common/RequireSite";
import { useMe } from "../../session";
import { CalendarTab } from "./CalendarTab";
import { ListTab } from "./ListTab";
import { NotificationsTab, OverridesTab, RestrictionsTab } from "./RecordTabs";
import { ServicesTab } from "./ServicesTab";
import "./i18n";
import "./appointments.css";

export function AppointmentsPage() {
  return <RequireSite>{(site) => <Appointments key={site.id} site={site} />}</RequireSite>;
}

export const servicesKey = (siteId: string) => ["appt-services", siteId];

/** 预约管理: calendar of places, bookings (with site changes under the 8-hour rule), capacity, no-show limits, late changes, messages. */
function Appointments({ site }: { site: Site }) {
  const { t } = useTranslation();
  const me = useMe();
  const services = useQuery({
    queryKey: servicesKey(site.id),
    queryFn: () => call(api.GET("/api/sites/{siteId}/appointment-services", { params: { path: { siteId: site.id } } })),
  });
  if (!can(me, "appointment.read", site.id)) return <NoPermission />;
  const manage = can(me, "appointment.manage", site.id);
  const list = services.data ?? [];
  const items = [
    { key: "calendar", label: t("ma.tabs.calendar"), children: <CalendarTab site={site} services={list} manage={manage} /> },
    { key: "list", label: t("ma.tabs.list"), children: <ListTab site={site} services={list} manage={manage} /> },
    {
      key: "services",
      label: t("ma.tabs.services"),
      children: <ServicesTab site={site} services={list} manage={manage} loading={services.isPending} />,
    },
    ...(manage
      ? [
          { key: "restrictions", label: t("ma.tabs.restrictions"), children: <RestrictionsTab site={site} /> },
          { key: "notifications", label: t("ma.tabs.notifications"), children: <NotificationsTab site={site} /> },
        ]
      : []),
    { key: "overrides", label: t("ma.tabs.overrides"), children: <OverridesTab site={site} /> },
  ];
  return (
    <>
      <PageHead title={t("m.nav.appointments")} sub={<Tag>{site.name}</Tag>} readOnly={!manage} />
      <Typography.Paragraph type="secondary">{t("ma.lead")}</Typography.Paragraph>
      <Tabs items={items} destroyOnHidden />
    </>
  );
}
