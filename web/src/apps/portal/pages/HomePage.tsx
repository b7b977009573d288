import { useQuery } from "@tanstack/react-query";
import { Input, Skeleton, Tabs } from "antd";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { type Audience, getDepartments, getThemes, type SearchParams, searchItems } from "../../../api/catalog";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { useTitle } from "../../../components/useTitle";
import { Chips } from "../Chips";
import { ItemList } from "./ItemList";

type Tab = "dept" | Audience;

/** 我要办事: search (Chinese text or pinyin initials) and browsing by department or by theme for individuals and businesses. */
export function HomePage() {
  const { t, i18n } = useTranslation();
  useTitle(`${t("search.heading")} - ${t("portal.brand")}`);
  const [params, setParams] = useSearchParams();
  const inputId = useId();
  const q = params.get("q") ?? "";
  const tab = (params.get("tab") as Tab | null) ?? "dept";
  const department = params.get("department") ?? "";
  const theme = params.get("theme") ?? "";
  const audience = tab === "dept" ? undefined : tab;
  const query: SearchParams = { q: q || undefined, department: department || undefined, theme: theme || undefined, audience };

  const depts = useQuery({ queryKey: ["public-departments"], queryFn: getDepartments, staleTime: 300_000 });
  const themes = useQuery({ queryKey: ["public-themes"], queryFn: getThemes, staleTime: 300_000 });
  const page = Math.max(1, Number(params.get("page")) || 1);
  const items = useQuery({ queryKey: ["public-items", query, page], queryFn: () => searchItems(query, page) });

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    if (!("page" in patch)) next.delete("page");
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: false });
  };
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

  // After a search the results come first; browsing stays below for a change of mind.
  const browse = (
    <section className="browse" aria-label={t("search.browse")}>
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k === "dept" ? undefined : k, department: undefined, theme: undefined })}
        items={[
          {
            key: "dept",
            label: t("search.byDept"),
            children: depts.data ? (
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
          { key: "individual", label: t("search.individual"), children: themeChips("individual") },
          { key: "enterprise", label: t("search.enterprise"), children: themeChips("enterprise") },
        ]}
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
          <Input.Search
            id={inputId}
            key={q}
            defaultValue={q}
            placeholder={t("search.placeholder")}
            enterButton={t("search.button")}
            size="large"
            allowClear
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </search>
      </section>
      {q ? results : browse}
      {q ? browse : results}
    </>
  );
}
