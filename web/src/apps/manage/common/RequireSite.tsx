import { Result, Spin } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Site } from "../../../api/types";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { useSites } from "../shell/SiteContext";

/** Renders a site-scoped page for the site picked in the header. */
export function RequireSite(props: { children: (site: Site) => ReactNode }) {
  const { t } = useTranslation();
  const { site, loading, error } = useSites();
  if (loading) return <Spin />;
  if (error) return <ErrorAlert error={error} />;
  if (!site) return <Result status="info" title={t("m.shell.noSites")} />;
  return <>{props.children(site)}</>;
}

export function NoPermission() {
  const { t } = useTranslation();
  return <Result status="403" title="403" subTitle={t("m.common.noPermission")} />;
}
