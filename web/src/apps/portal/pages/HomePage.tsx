import { useQuery } from "@tanstack/react-query";
import { Skeleton } from "antd";
import { type KeyboardEvent, type ReactNode, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { type Audience, getDepartments, getThemes, type SearchParams, searchItems } from "../../../api/catalog";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { useTitle } from "../../../components/useTitle";
import { Chips } from "../Chips";
import { ItemList } from "./ItemList";

type Tab = "dept" | Audience;

/** 我要办事: search (Chinese text or pinyin initials) and browsing by department or by theme for individuals and businesses. */
/** The search the address asks for: text, tab (by department or an audience's themes), department, theme. */
function searchOf(params: URLSearchParams) {
  const q = params.get("q") ?? "";
  const tab = (params.get("tab") as Tab | null) ?? "dept";
  const department = params.get("department") ?? "";
  const theme = params.get("theme") ?? "";
  const audience = tab === "dept" ? undefined : tab;
  const query: SearchParams = { q: q || undefined, department: department || undefined, theme: theme || undefined, audience };
  return { q, tab, department, theme, query };
}

const pageOf = (params: URLSearchParams) => Math.max(1, Number(params.get("page")) || 1);

/** The address after a change: empty values removed, and back to the first page unless the change is the page. */
function withChange(params: URLSearchParams, patch: Record<string, string | undefined>): URLSearchParams {
  const next = new URLSearchParams(params);
  if (!("page" in patch)) next.delete("page");
  for (const [k, v] of Object.entries(patch)) {
    if (v) next.set(k, v);
    else next.delete(k);
  }
  return next;
}

export function HomePage() {
  const { t, i18n } = useTranslation();
  useTitle(`${t("search.heading")} - ${t("portal.brand")}`);
  const [params, setParams] = useSearchParams();
  const inputId = useId();
  const { q, tab, department, theme, query } = searchOf(params);

  const depts = useQuery({ queryKey: ["public-departments"], queryFn: getDepartments, staleTime: 300_000 });
  const themes = useQuery({ queryKey: ["public-themes"], queryFn: getThemes, staleTime: 300_000 });
  const page = pageOf(params);
  const items = useQuery({ queryKey: ["public-items", query, page], queryFn: () => searchItems(query, page) });

  const set = (patch: Record<string, string | undefined>) => setParams(withChange(params, patch), { replace: false });
  const en = i18n.language.startsWith("en");
  const themeChips = (aud: Audience) => {
    const list = (themes.data ?? []).filter((th) => th.audience === aud);
    if (list.length === 0) return null;
    return (
      <Chips
        label={t("search.themesLabel")}
        value={theme}
        onChange={(v) => set({ theme: v || undefined })}
        options={[
          { value: "", label: t("search.allThemes") },
          ...list.map((th) => ({ value: th.code, label: en && th.nameEn ? th.nameEn : th.name, count: th.itemCount })),
        ]}
      />
    );
  };

  const browseTabs: { key: Tab; label: string; panel: ReactNode }[] = [
    {
      key: "dept",
      label: t("search.byDept"),
      panel: depts.data ? (
        <Chips
          label={t("search.deptLabel")}
          value={department}
          onChange={(v) => set({ department: v || undefined })}
          options={[{ value: "", label: t("search.allDepts") }, ...depts.data.map((d) => ({ value: d.id, label: d.name }))]}
        />
      ) : (
        <Skeleton.Input active />
      ),
    },
    { key: "individual", label: t("search.individual"), panel: themeChips("individual") },
    { key: "enterprise", label: t("search.enterprise"), panel: themeChips("enterprise") },
  ];
  // After a search the results come first; browsing stays below for a change of mind.
  const browse = (
    <section className="browse" aria-label={t("search.browse")}>
      <BrowseTabs
        tabs={browseTabs}
        active={tab}
        onChange={(k) => set({ tab: k === "dept" ? undefined : k, department: undefined, theme: undefined })}
      />
    </section>
  );
  const results = (
    <section className="results" aria-labelledby={`${inputId}-r`}>
      <h2 id={`${inputId}-r`} className="section-title">
        {t("search.results")}
        {items.data ? (
          <span className="results-count" aria-live="polite">
            {items.data.total !== undefined ? t("search.count", { count: items.data.total }) : t("search.countMore", { page })}
          </span>
        ) : null}
      </h2>
      {items.error ? <ErrorAlert error={items.error} title={t("search.loadFailed")} /> : null}
      {items.isPending ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
      {items.data ? (
        <ItemList
          result={items.data}
          page={page}
          onPage={(p) => {
            set({ page: p > 1 ? String(p) : undefined });
            document.getElementById(`${inputId}-r`)?.scrollIntoView();
          }}
          emptyText={t("search.none")}
        />
      ) : null}
    </section>
  );
  return (
    <>
      <section className="search-hero" aria-labelledby={`${inputId}-h`}>
        <h1 id={`${inputId}-h`} className="page-title">
          {t("search.heading")}
        </h1>
        <p className="portal-subtitle">{t("search.lead")}</p>
        <search>
          <label htmlFor={inputId} className="visually-hidden">
            {t("search.label")}
          </label>
          <form
            className="search-form"
            onSubmit={(e) => {
              e.preventDefault();
              const v = String(new FormData(e.currentTarget).get("q") ?? "");
              set({ q: v.trim() || undefined });
            }}
          >
            <input
              id={inputId}
              key={q}
              name="q"
              type="search"
              className="search-input"
              defaultValue={q}
              placeholder={t("search.placeholder")}
              enterKeyHint="search"
              autoComplete="off"
            />
            <button type="submit" className="search-button">
              {t("search.button")}
            </button>
          </form>
        </search>
      </section>
      {q ? results : browse}
      {q ? browse : results}
    </>
  );
}

/**
 * Tabs as the WAI-ARIA pattern, without the library's Tabs (its menu and overflow code weighed on
 * every phone): arrow keys, Home and End move between tabs; only the chosen tab is in the tab order.
 */
function BrowseTabs<K extends string>(props: { tabs: { key: K; label: string; panel: ReactNode }[]; active: K; onChange: (k: K) => void }) {
  const id = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const index = Math.max(
    0,
    props.tabs.findIndex((x) => x.key === props.active),
  );
  const move = (e: KeyboardEvent<HTMLDivElement>) => {
    const n = props.tabs.length;
    const to = { ArrowRight: index + 1, ArrowLeft: index - 1 + n, Home: 0, End: n - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = props.tabs[to % n];
    if (!next) return;
    props.onChange(next.key);
    refs.current[to % n]?.focus();
  };
  const current = props.tabs[index];
  return (
    <>
      <div role="tablist" className="tabs" onKeyDown={move}>
        {props.tabs.map((x, i) => (
          <button
            key={x.key}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${x.key}`}
            aria-selected={i === index}
            aria-controls={`${id}-panel`}
            tabIndex={i === index ? 0 : -1}
            className="tab"
            onClick={() => props.onChange(x.key)}
          >
            {x.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={current ? `${id}-tab-${current.key}` : undefined} className="tab-panel">
        {current?.panel}
      </div>
    </>
  );
}
