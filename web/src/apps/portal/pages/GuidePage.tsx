import { DownloadOutlined, HistoryOutlined, PrinterOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Skeleton, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { getChanges, getItem, getItemVersion, slipPdfUrl } from "../../../api/catalog";
import { api, call } from "../../../api/client";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { useTitle } from "../../../components/useTitle";
import { dateText } from "../guide/format";
import { GuideView } from "../guide/GuideView";
import { LinkButton } from "../LinkButton";

/** One item's guide: the version in force (or an earlier one), the slip to print or download, and the change log. */
export function GuidePage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith("en");
  const { code = "", version } = useParams();
  const v = version ? Number(version) : undefined;
  const item = useQuery({
    queryKey: ["public-item", code, v ?? "current"],
    queryFn: () => (v ? getItemVersion(code, v) : getItem(code)),
  });
  const changes = useQuery({ queryKey: ["public-item-changes", code], queryFn: () => getChanges(code) });
  const booking = useQuery({
    queryKey: ["item-booking", code],
    queryFn: () => call(api.GET("/api/public/items/{code}/appointment-services", { params: { path: { code } } })),
    enabled: code !== "",
  });
  // Reading another version: the version in force now, as the server's clock says (404 if none yet).
  const inForceItem = useQuery({
    queryKey: ["public-item", code, "current"],
    queryFn: () => getItem(code),
    enabled: v !== undefined,
    retry: false,
  });
  useTitle(item.data ? `${item.data.guide.name} - ${t("portal.navItems")}` : t("portal.navItems"));

  if (item.error) return <ErrorAlert error={item.error} title={t("guide.loadFailed")} />;
  if (!item.data) return <Skeleton active paragraph={{ rows: 12 }} />;
  const it = item.data;
  const enc = encodeURIComponent(code);
  const inForceVersion = it.inForce ? it.version : inForceItem.data?.version;
  // A version not in force is announced (future) if it is newer than the one in force, or if no
  // version is in force yet; otherwise it no longer applies. The version numbers decide, not the
  // browser's clock, which is only the guess while the version in force is loading.
  const future =
    !it.inForce &&
    (inForceVersion !== undefined ? it.version > inForceVersion : inForceItem.isError || Date.parse(it.effectiveFrom) > Date.now());

  return (
    <article className="guide-page">
      <nav aria-label={t("guide.back")} className="crumbs">
        <Link to="/">← {t("guide.back")}</Link>
      </nav>
      <header className="guide-head">
        <h1 className="page-title">{it.guide.name}</h1>
        <div className="guide-tags">
          <Tag>{it.department.name}</Tag>
          <Tag>{it.guide.type}</Tag>
          {(it.themes ?? []).map((th) => (
            <Link key={th.code} className="theme-link" to={`/?tab=${th.audience}&theme=${encodeURIComponent(th.code)}`}>
              #{en && th.nameEn ? th.nameEn : th.name}
            </Link>
          ))}
          {it.guide.target.map((x) => (
            <Tag key={x} color={x === "个人" ? "blue" : "purple"}>
              {t(`target.${x}`)}
            </Tag>
          ))}
        </div>
        <p className="version-line">
          <HistoryOutlined aria-hidden /> {t("guide.version", { version: it.version })} ·{" "}
          {t("guide.inForceSince", { date: dateText(it.effectiveFrom) })} <a href="#g-history">{t("guide.history")}</a>
        </p>
        {!it.inForce ? (
          <Alert
            type="warning"
            showIcon
            title={
              future
                ? t("guide.futureVersion", { date: dateText(it.effectiveFrom) })
                : t("guide.oldVersion", { version: it.version, date: dateText(it.effectiveFrom) })
            }
            action={<Link to={`/items/${enc}`}>{t("guide.toCurrent")}</Link>}
          />
        ) : null}
        <div className="guide-actions">
          <LinkButton
            type="primary"
            size="large"
            icon={<PrinterOutlined aria-hidden />}
            to={`/items/${enc}/slip${v ? `?version=${v}` : ""}`}
          >
            {t("guide.printSlip")}
          </LinkButton>
          <Button size="large" icon={<DownloadOutlined aria-hidden />} href={slipPdfUrl(code, v)} download={`${code}-一次性告知单.pdf`}>
            {t("guide.downloadPdf")}
          </Button>
        </div>
      </header>

      <GuideView item={it} booking={booking.data ?? []} />

      <section className="guide-section" aria-labelledby="g-history">
        <h2 id="g-history" className="section-title">
          {t("guide.history")}
        </h2>
        <p className="hint">{t("guide.historyLead")}</p>
        {changes.error ? <ErrorAlert error={changes.error} /> : null}
        <ol className="history">
          {[...(changes.data ?? [])]
            .sort((a, b) => b.version - a.version)
            .map((c) => (
              <li key={c.version} className={c.version === it.version ? "history-row viewing" : "history-row"}>
                <div className="history-head">
                  <strong>{t("guide.version", { version: c.version })}</strong>
                  <span>{dateText(c.effectiveFrom)}</span>
                  {c.version === inForceVersion ? <Tag className="tag-current">{t("guide.current")}</Tag> : null}
                </div>
                {c.changeNote ? <p className="history-note">{c.changeNote}</p> : null}
                {c.version === it.version ? (
                  <span className="hint">{t("guide.viewing")}</span>
                ) : (
                  <Link to={c.version === inForceVersion ? `/items/${enc}` : `/items/${enc}/versions/${c.version}`}>
                    {t("guide.view")}
                    <span className="visually-hidden">（{t("guide.version", { version: c.version })}）</span>
                  </Link>
                )}
              </li>
            ))}
        </ol>
      </section>
    </article>
  );
}
