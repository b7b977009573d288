import { Skeleton } from "antd";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet } from "react-router-dom";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { ElderToggle, useElder } from "./elder";

/** Every portal page: a skip link, the banner with the elder switch and the language, the main landmark, the footer. */
export function Layout() {
  const { t } = useTranslation();
  const { elder } = useElder();
  return (
    <div className="portal">
      <a className="skip-link" href="#main">
        {t("portal.skip")}
      </a>
      <header className="portal-header">
        <div className="portal-bar">
          <NavLink to="/" className="portal-brand">
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <span>{t("portal.brand")}</span>
          </NavLink>
          <div className="portal-tools">
            <ElderToggle />
            <LanguageSwitch size={elder ? "large" : "middle"} />
          </div>
        </div>
        <nav className="portal-nav" aria-label={t("portal.navLabel")}>
          <NavLink to="/" end>
            {t("portal.navItems")}
          </NavLink>
          <NavLink to="/sites">{t("portal.navSites")}</NavLink>
          <NavLink to="/booking">{t("portal.navBooking")}</NavLink>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="portal-main">
        <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="portal-footer">{t("portal.footer")}</footer>
    </div>
  );
}
