import { type ReactNode, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { SearchIcon } from "../../components/device/icons";
import type { KioskItem, KioskQueue } from "./KioskApp";

/** The characters of the services' names and categories: a search keyboard that needs no input method. */
function searchKeys(queues: KioskQueue[], items: KioskItem[]): string[] {
  const count = new Map<string, number>();
  for (const text of [...queues.map((q) => `${q.name}${q.category ?? ""}`), ...items.map((i) => i.name)]) {
    for (const ch of new Set(text)) {
      if (/\s/.test(ch)) continue;
      count.set(ch, (count.get(ch) ?? 0) + 1);
    }
  }
  return [...count.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "zh-CN"))
    .slice(0, 40)
    .map(([ch]) => ch);
}

function matches(hay: string, text: string): boolean {
  if (!text) return true;
  const h = hay.toLowerCase();
  return [...text.toLowerCase()].every((ch) => h.includes(ch));
}

/** Start screen: category tiles, a touch search, and one big tile per service. */
export function ServicePicker(props: {
  queues: KioskQueue[] | null;
  /** The items the queues serve: the search finds them too, and a ticket for one names it. */
  items?: KioskItem[];
  error?: string;
  loadingText: string;
  onPick: (q: KioskQueue, item?: KioskItem) => void;
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
  const items = props.items ?? [];
  const keys = useMemo(() => searchKeys(queues, props.items ?? []), [queues, props.items]);
  const shown = queues.filter((q) =>
    searching ? matches(`${q.prefix}${q.name}${q.category ?? ""}`, text) : category === null || (q.category ?? other) === category,
  );
  const queueOf = new Map(queues.map((q) => [q.id, q]));
  const foundItems = searching && text ? items.filter((i) => queueOf.has(i.queueId) && matches(i.name, text)).slice(0, 12) : [];

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
        {foundItems.map((i) => {
          const q = queueOf.get(i.queueId) as KioskQueue;
          return (
            <button key={`${i.queueId}:${i.code}`} type="button" className="k-service" onClick={() => props.onPick(q, i)}>
              <span className="k-prefix" aria-hidden="true">
                {q.prefix}
              </span>
              <span className="k-service-text">
                <span className="k-service-name">{i.name}</span>
                <span className="k-service-meta">
                  {t("k.itemIn", { queue: q.name })} · {t("k.waiting", { count: q.waiting })}
                </span>
              </span>
            </button>
          );
        })}
        {searching && shown.length === 0 && foundItems.length === 0 ? <p className="k-lead">{t("k.noMatch")}</p> : null}
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
