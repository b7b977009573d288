import { type ReactNode, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { SearchIcon } from "../../components/device/icons";
import type { KioskQueue } from "./KioskApp";

/** The characters of the services' names and categories: a search keyboard that needs no input method. */
function searchKeys(queues: KioskQueue[]): string[] {
  const count = new Map<string, number>();
  for (const q of queues) {
    for (const ch of new Set(`${q.name}${q.category ?? ""}`)) {
      if (/\s/.test(ch)) continue;
      count.set(ch, (count.get(ch) ?? 0) + 1);
    }
  }
  return [...count.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "zh-CN"))
    .slice(0, 40)
    .map(([ch]) => ch);
}

function matches(q: KioskQueue, text: string): boolean {
  if (!text) return true;
  const hay = `${q.prefix}${q.name}${q.category ?? ""}`.toLowerCase();
  return [...text.toLowerCase()].every((ch) => hay.includes(ch));
}

/** Start screen: category tiles, a touch search, and one big tile per service. */
export function ServicePicker(props: {
  queues: KioskQueue[] | null;
  error?: string;
  loadingText: string;
  onPick: (q: KioskQueue) => void;
  /** Shown under the lead: the appointment check-in entry. */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const [category, setCategory] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [text, setText] = useState("");
  const queues = props.queues ?? [];
  const other = t("k.other");
  const categories = useMemo(() => [...new Set(queues.map((q) => q.category ?? other))], [queues, other]);
  const keys = useMemo(() => searchKeys(queues), [queues]);
  const shown = queues.filter((q) => (searching ? matches(q, text) : category === null || (q.category ?? other) === category));

  return (
    <main className="k-main">
      <h1 className="k-title">{t("k.chooseTitle")}</h1>
      <p className="k-lead">{t("k.chooseLead")}</p>
      {props.extra}
      {props.error ? (
        <p className="dev-error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.queues === null ? <p className="k-lead">{props.loadingText}</p> : null}
      {props.queues !== null && queues.length === 0 ? <p className="k-lead">{t("k.noQueues")}</p> : null}

      {queues.length > 0 ? (
        <div className="k-cats" role="tablist" aria-label={t("k.all")}>
          <CatTile label={t("k.all")} active={!searching && category === null} onClick={() => pick(null)} />
          {categories.map((c) => (
            <CatTile key={c} label={c} active={!searching && category === c} onClick={() => pick(c)} />
          ))}
          <CatTile label={t("k.search")} icon={<SearchIcon />} active={searching} onClick={() => setSearching(true)} />
        </div>
      ) : null}

      {searching ? (
        <section className="k-search" aria-label={t("k.search")}>
          <div className="k-search-box" aria-live="polite">
            {text || <span className="k-placeholder">{t("k.searchPlaceholder")}</span>}
          </div>
          <div className="k-charpad">
            {keys.map((ch) => (
              <button key={ch} type="button" className="k-key" onClick={() => setText((s) => `${s}${ch}`)}>
                {ch}
              </button>
            ))}
            <button type="button" className="k-key k-key-wide" onClick={() => setText((s) => s.slice(0, -1))} aria-label="⌫">
              ⌫
            </button>
            <button type="button" className="k-key k-key-wide" onClick={() => setText("")}>
              {t("k.clear")}
            </button>
          </div>
        </section>
      ) : null}

      <div className="k-services">
        {shown.map((q) => (
          <button key={q.id} type="button" className="k-service" onClick={() => props.onPick(q)}>
            <span className="k-prefix" aria-hidden="true">
              {q.prefix}
            </span>
            <span className="k-service-text">
              <span className="k-service-name">{q.name}</span>
              <span className="k-service-meta">
                {q.category ? `${q.category} · ` : ""}
                {t("k.waiting", { count: q.waiting })}
              </span>
            </span>
          </button>
        ))}
        {searching && shown.length === 0 ? <p className="k-lead">{t("k.noMatch")}</p> : null}
      </div>
      <div className="k-tips">
        <p className="k-tip">
          <strong>{t("k.tipPriorityTitle")}</strong>
          {t("k.tipPriority")}
        </p>
        <p className="k-tip">
          <strong>{t("k.tipTrackTitle")}</strong>
          {t("k.tipTrack")}
        </p>
      </div>
    </main>
  );

  function pick(c: string | null) {
    setSearching(false);
    setText("");
    setCategory(c);
  }
}

function CatTile(props: { label: string; icon?: ReactNode; active: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={props.active}
      className={`k-cat${props.active ? " k-cat-on" : ""}`}
      onClick={props.onClick}
    >
      {props.icon} {props.label}
    </button>
  );
}
