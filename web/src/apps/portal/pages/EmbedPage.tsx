import { useQuery } from "@tanstack/react-query";
import { Input, Skeleton } from "antd";
import { useEffect, useId } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { type Audience, getItem, searchItems } from "../../../api/catalog";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { LanguageSwitch } from "../../../components/LanguageSwitch";
import { useTitle } from "../../../components/useTitle";
import { setLang } from "../../../i18n";
import { ElderToggle } from "../elder";
import { GuideView } from "../guide/GuideView";
import { ItemList } from "./ItemList";

/**
 * The park-site widget (Y12): the same guides, read-only, inside an iframe on a park's website.
 * `?department=<id>` / `?audience=enterprise` / `?q=` narrow the list; `?item=<code>` opens one guide.
 * It reports its height to the parent page (message `govhall:height`), so widget.js can size the frame.
 */
export function EmbedPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const inputId = useId();
  const code = params.get("item") ?? "";
  const q = params.get("q") ?? "";
  const department = params.get("department") ?? undefined;
  const audience = (params.get("audience") as Audience | null) ?? undefined;
  useTitle(t("embed.title"));
  useReportHeight();
  const lang = params.get("lang");
  useEffect(() => {
    if (lang === "en" || lang === "zh") setLang(lang);
  }, [lang]);

  const page = Math.max(1, Number(params.get("page")) || 1);
  const list = useQuery({
    queryKey: ["public-items", { q, department, audience }, page],
    queryFn: () => searchItems({ q: q || undefined, department, audience }, page),
    enabled: !code,
  });
  const item = useQuery({ queryKey: ["public-item", code, "current"], queryFn: () => getItem(code), enabled: !!code });
  const withParam = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    return `/embed?${next}`;
  };

  return (
    <div className="embed">
      <header className="embed-head">
        <p className="embed-title">{t("embed.title")}</p>
        <div className="portal-tools">
          <ElderToggle compact />
          <LanguageSwitch size="small" />
        </div>
      </header>
      <main id="main" className="embed-main">
        {code ? (
          <>
            <nav aria-label={t("embed.back")} className="crumbs">
              <Link to={withParam("item", undefined)}>← {t("embed.back")}</Link>
            </nav>
            {item.error ? <ErrorAlert error={item.error} title={t("guide.loadFailed")} /> : null}
            {item.data ? (
              <>
                <h1 className="page-title">{item.data.guide.name}</h1>
                <p className="version-line">
                  {item.data.department.name} · {t("guide.version", { version: item.data.version })}{" "}
                  <a href={`/portal/items/${encodeURIComponent(code)}`} target="_blank" rel="noopener">
                    {t("embed.more")}
                  </a>
                </p>
                <GuideView item={item.data} />
              </>
            ) : (
              !item.error && <Skeleton active paragraph={{ rows: 10 }} />
            )}
          </>
        ) : (
          <>
            <h1 className="visually-hidden">{t("embed.title")}</h1>
            <search className="embed-search">
              <label htmlFor={inputId} className="visually-hidden">
                {t("search.label")}
              </label>
              <Input.Search
                id={inputId}
                key={q}
                defaultValue={q}
                placeholder={t("search.placeholder")}
                enterButton={t("search.button")}
                allowClear
                onSearch={(v) =>
                  setParams((p) => {
                    const next = new URLSearchParams(p);
                    next.delete("page");
                    if (v.trim()) next.set("q", v.trim());
                    else next.delete("q");
                    return next;
                  })
                }
              />
            </search>
            {list.error ? <ErrorAlert error={list.error} title={t("search.loadFailed")} /> : null}
            {list.isPending ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
            {list.data ? (
              <ItemList
                result={list.data}
                page={page}
                onPage={(p) => setParams(pageParams(params, p))}
                emptyText={t("search.none")}
                linkTo={(c) => withParam("item", c)}
              />
            ) : null}
          </>
        )}
      </main>
      <footer className="embed-foot">
        <a href="/portal/" target="_blank" rel="noopener">
          {t("embed.source")}
        </a>
      </footer>
    </div>
  );
}

/** Tells the embedding page how tall the content is, so the iframe needs no scrollbar. */
function useReportHeight() {
  useEffect(() => {
    if (window.parent === window) return;
    const send = () => window.parent.postMessage({ type: "govhall:height", height: document.documentElement.scrollHeight }, "*");
    const ro = new ResizeObserver(send);
    ro.observe(document.body);
    send();
    return () => ro.disconnect();
  }, []);
}

function pageParams(params: URLSearchParams, page: number): URLSearchParams {
  const next = new URLSearchParams(params);
  if (page > 1) next.set("page", String(page));
  else next.delete("page");
  return next;
}
