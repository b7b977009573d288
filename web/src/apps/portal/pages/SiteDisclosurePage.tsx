import { useQuery } from "@tanstack/react-query";
import { Alert, Empty, Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { getSiteItems, type SiteItem } from "../../../api/catalog";
import { api, call } from "../../../api/client";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { useTitle } from "../../../components/useTitle";
import { committedText } from "../guide/format";
import { SiteCard } from "./SiteCard";

/** 事项公开 (C4): what a site handles, with the fee and the committed time of each item. */
export function SiteDisclosurePage() {
  const { t } = useTranslation();
  const { code = "" } = useParams();
  const sites = useQuery({ queryKey: ["public-sites"], queryFn: () => call(api.GET("/api/public/sites")) });
  const items = useQuery({ queryKey: ["public-site-items", code], queryFn: () => getSiteItems(code) });
  const site = sites.data?.find((s) => s.code === code);
  useTitle(site ? `${site.name} - ${t("site.disclosure")}` : t("site.disclosure"));
  if (sites.error) return <ErrorAlert error={sites.error} title={t("portal.loadFailed")} />;
  if (sites.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (!site) return <Alert type="warning" showIcon title={t("site.notFound")} action={<Link to="/sites">{t("site.back")}</Link>} />;
  const fee = (f: SiteItem["fee"]) => {
    if (f === null || f === undefined) return "—";
    if (typeof f === "string") return f;
    return f.charged ? (f.amount ?? "—") : t("guide.free");
  };
  return (
    <>
      <nav aria-label={t("site.back")} className="crumbs">
        <Link to="/sites">← {t("site.back")}</Link>
      </nav>
      <h1 className="page-title">
        {site.name}
        <span className="title-sub">{t("site.disclosure")}</span>
      </h1>
      <p className="portal-subtitle">{t("site.lead")}</p>
      <section aria-labelledby="site-items" className="guide-section">
        <h2 id="site-items" className="section-title">
          {t("site.items")}
          {items.data ? <span className="results-count">{t("site.count", { count: items.data.length })}</span> : null}
        </h2>
        {items.error ? <ErrorAlert error={items.error} /> : null}
        {items.isPending ? <Skeleton active paragraph={{ rows: 5 }} /> : null}
        {items.isSuccess && items.data === undefined ? <Alert type="info" showIcon title={t("site.pending")} /> : null}
        {items.data && items.data.length === 0 ? <Empty description={t("site.none")} /> : null}
        {items.data && items.data.length > 0 ? (
          <table className="disclosure-table">
            <thead>
              <tr>
                <th scope="col">{t("site.name")}</th>
                <th scope="col">{t("site.mode")}</th>
                <th scope="col">{t("site.fee")}</th>
                <th scope="col">{t("site.committed")}</th>
              </tr>
            </thead>
            <tbody>
              {items.data.map((i) => (
                <tr key={i.code}>
                  <th scope="row">
                    <Link to={`/items/${encodeURIComponent(i.code)}`}>{i.name}</Link>
                    {i.department ? <div className="hint">{i.department.name}</div> : null}
                  </th>
                  <td data-label={t("site.mode")}>{i.mode ? t(`guide.mode.${i.mode}`) : "—"}</td>
                  <td data-label={t("site.fee")}>{fee(i.fee)}</td>
                  <td data-label={t("site.committed")}>{committedText(t, i.committedLimitDays, i.limitUnit, true)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <SiteCard site={site} linkDisclosure={false} />
    </>
  );
}
