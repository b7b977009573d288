import { useQuery } from "@tanstack/react-query";
import { Empty, Skeleton } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../api/client";
import { SITE_KINDS, type SiteKind } from "../../../api/types";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { sortSites } from "../../../components/siteKinds";
import { useTitle } from "../../../components/useTitle";
import { Chips } from "../Chips";
import { SiteCard } from "./SiteCard";

/** The district's service sites: addresses, phones, hours; each links to its disclosure page. */
export function SitesPage() {
  const { t } = useTranslation();
  useTitle(t("portal.title"));
  const [kind, setKind] = useState<SiteKind | "all">("all");
  const sites = useQuery({ queryKey: ["public-sites"], queryFn: async () => sortSites(await call(api.GET("/api/public/sites"))) });
  const shown = (sites.data ?? []).filter((s) => kind === "all" || s.kind === kind);
  return (
    <>
      <h1 className="page-title">{t("portal.title")}</h1>
      <p className="portal-subtitle">{t("portal.subtitle")}</p>
      <Chips
        label={t("portal.filter")}
        value={kind}
        onChange={setKind}
        options={(["all", ...SITE_KINDS] as const).map((k) => ({ value: k, label: k === "all" ? t("portal.all") : t(`siteKind.${k}`) }))}
      />
      {sites.isPending ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
      {sites.error ? <ErrorAlert error={sites.error} title={t("portal.loadFailed")} /> : null}
      {sites.data ? (
        <>
          <p className="portal-count" aria-live="polite">
            {t("portal.count", { count: shown.length })}
          </p>
          {shown.length === 0 ? <Empty description={t("portal.none")} /> : shown.map((s) => <SiteCard key={s.code} site={s} />)}
        </>
      ) : null}
    </>
  );
}
