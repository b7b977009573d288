import { CheckOutlined, FontSizeOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Empty, Skeleton, Tag, Typography } from "antd";
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import { SITE_KINDS, type SiteKind } from "../../api/types";
import { AntdProviders, govTheme } from "../../components/AntdProviders";
import { ErrorAlert } from "../../components/ErrorAlert";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { sortSites } from "../../components/siteKinds";
import { SiteCard } from "./SiteCard";

const ELDER_KEY = "govhall.portal.elder";
const BookingApp = lazy(() => import("./booking/BookingApp").then((m) => ({ default: m.BookingApp })));

function readElder(): boolean {
  try {
    return localStorage.getItem(ELDER_KEY) === "1";
  } catch {
    return false;
  }
}

/** Elder mode (适老化): larger type and stronger contrast, one tap away and remembered. */
const elderTheme = {
  token: { ...govTheme.token, fontSize: 20, colorText: "#000000", colorTextSecondary: "#1f1f1f", colorPrimary: "#0a3d91", lineHeight: 1.7 },
};

export function PortalApp() {
  const [elder, setElder] = useState(readElder);
  useEffect(() => {
    document.body.classList.toggle("elder", elder);
    try {
      localStorage.setItem(ELDER_KEY, elder ? "1" : "0");
    } catch {
      // private mode: lasts for this page only
    }
  }, [elder]);
  return (
    <AntdProviders theme={elder ? elderTheme : govTheme}>
      {location.pathname.startsWith("/portal/booking") ? (
        <Suspense fallback={<Skeleton active />}>
          <BookingApp />
        </Suspense>
      ) : (
        <Portal elder={elder} onElder={() => setElder((v) => !v)} />
      )}
    </AntdProviders>
  );
}

function Portal(props: { elder: boolean; onElder: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<SiteKind | "all">("all");
  const sites = useQuery({ queryKey: ["public-sites"], queryFn: async () => sortSites(await call(api.GET("/api/public/sites"))) });
  const shown = (sites.data ?? []).filter((s) => kind === "all" || s.kind === kind);
  return (
    <div className="portal">
      <header className="portal-header">
        <div className="portal-bar">
          <Typography.Title level={1} className="portal-title">
            {t("portal.title")}
          </Typography.Title>
          <div className="portal-tools">
            <Button
              type={props.elder ? "primary" : "default"}
              aria-pressed={props.elder}
              onClick={props.onElder}
              className="elder-toggle"
              size="large"
              icon={props.elder ? <CheckOutlined /> : <FontSizeOutlined />}
            >
              {t("portal.elder")}
            </Button>
            <LanguageSwitch size={props.elder ? "large" : "middle"} />
          </div>
        </div>
        <p className="portal-subtitle">{t("portal.subtitle")}</p>
        <p className="portal-subtitle">
          <a href="/portal/booking">预约办事 / Book an appointment</a>
        </p>
      </header>
      <nav className="portal-filter" aria-label={t("portal.filter")}>
        {(["all", ...SITE_KINDS] as const).map((k) => (
          <Tag.CheckableTag key={k} checked={kind === k} onChange={() => setKind(k)} className="kind-chip">
            {k === "all" ? t("portal.all") : t(`siteKind.${k}`)}
          </Tag.CheckableTag>
        ))}
      </nav>
      <main className="portal-list">
        {sites.isPending ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
        {sites.error ? <ErrorAlert error={sites.error} title={t("portal.loadFailed")} /> : null}
        {sites.data ? (
          <>
            <p className="portal-count">{t("portal.count", { count: shown.length })}</p>
            {shown.length === 0 ? <Empty description={t("portal.none")} /> : shown.map((s) => <SiteCard key={s.code} site={s} />)}
          </>
        ) : null}
      </main>
      <footer className="portal-footer">{t("portal.footer")}</footer>
    </div>
  );
}
