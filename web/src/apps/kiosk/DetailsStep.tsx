import { useState } from "react";
import { useTranslation } from "react-i18next";
import { LEGAL_PRIORITY, type PriorityClass } from "../../api/queue";
import { idNumberProblem, type Problem, phoneProblem } from "../../components/personFields";
import { Keypad } from "./Keypad";
import "./details.css";
import type { KioskQueue } from "./KioskApp";

export interface Details {
  priority: PriorityClass;
  idNumber: string;
  phone: string;
}

type Field = "idNumber" | "phone";
const MAX: Record<Field, number> = { idNumber: 18, phone: 11 };
/** Both are optional at the kiosk; what is typed must be right (the same checks as the server's). */
const CHECKS: Record<Field, (v: string) => Problem> = { idNumber: idNumberProblem, phone: phoneProblem };

/** Shown masked: the hall is public. Holding the field shows it to the person entering it. */
const mask = (v: string) => (v.length <= 4 ? v : `${"•".repeat(v.length - 4)}${v.slice(-4)}`);

/** Priority by law (recorded on the ticket) and optional ID number / mobile on a keypad. */
export function DetailsStep(props: {
  queue: KioskQueue;
  /** The service item chosen in the search, if any: its ticket names it. */
  itemName?: string;
  busy: boolean;
  error: string | null;
  secondsLeft: number;
  onBack: () => void;
  onSubmit: (d: Details) => void;
}) {
  const { t } = useTranslation();
  const [priority, setPriority] = useState<PriorityClass>("normal");
  const [values, setValues] = useState<Record<Field, string>>({ idNumber: "", phone: "" });
  const [field, setField] = useState<Field>("idNumber");
  const [reveal, setReveal] = useState<Field | null>(null);
  const [invalid, setInvalid] = useState<{ field: Field; problem: NonNullable<Problem> }[]>([]);

  const edit = (fn: (v: string) => string) => {
    setInvalid((xs) => xs.filter((x) => x.field !== field));
    setValues((vs) => ({ ...vs, [field]: fn(vs[field]).slice(0, MAX[field]) }));
  };
  function submit() {
    const bad = (Object.keys(values) as Field[]).flatMap((f) => {
      const problem = values[f] === "" ? null : CHECKS[f](values[f]);
      return problem ? [{ field: f, problem }] : [];
    });
    setInvalid(bad);
    if (bad.length === 0) props.onSubmit({ priority, ...values });
  }

  return (
    <main className="k-main">
      <div className="k-chosen">
        <span className="k-prefix" aria-hidden="true">
          {props.queue.prefix}
        </span>
        <div className="k-chosen-text">
          <div className="k-muted">{t("k.chosen")}</div>
          <div className="k-chosen-name">{props.itemName ?? props.queue.name}</div>
          {props.itemName ? <div className="k-muted">{t("k.itemIn", { queue: props.queue.name })}</div> : null}
          <div className="k-muted">{t("k.waiting", { count: props.queue.waiting })}</div>
        </div>
        <button type="button" className="k-back" onClick={props.onBack}>
          ‹ {t("k.back")}
        </button>
      </div>

      <section className="k-section" aria-labelledby="k-prio">
        <h2 id="k-prio">{t("k.priorityTitle")}</h2>
        <div className="k-prio">
          {(["normal", ...LEGAL_PRIORITY] as PriorityClass[]).map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={priority === p}
              className={`k-prio-tile${priority === p ? " k-on" : ""}${p === "normal" ? " k-prio-none" : ""}`}
              onClick={() => setPriority(p)}
            >
              {p === "normal" ? t("k.priorityNone") : t(`q.priority.${p}`)}
            </button>
          ))}
        </div>
        <p className={`k-note${priority !== "normal" ? " k-note-on" : ""}`}>{t("k.priorityNote")}</p>
      </section>

      <section className="k-section" aria-labelledby="k-info">
        <h2 id="k-info">{t("k.infoTitle")}</h2>
        <p className="k-muted">{t("k.infoLead")}</p>
        {(["idNumber", "phone"] as Field[]).map((f) => (
          <button
            key={f}
            type="button"
            className={`k-field${field === f ? " k-on" : ""}${invalid.some((x) => x.field === f) ? " k-bad" : ""}`}
            onClick={() => setField(f)}
            onPointerDown={() => setReveal(f)}
            onPointerUp={() => setReveal(null)}
            onPointerLeave={() => setReveal(null)}
            aria-label={t(`k.${f}`)}
          >
            <span className="k-field-label">{t(`k.${f}`)}</span>
            <span className="k-field-value">
              {values[f] ? reveal === f ? values[f] : mask(values[f]) : <span className="k-placeholder">{t("k.tapToEnter")}</span>}
            </span>
            <span className="k-field-count">
              {values[f] ? `${t("k.digits", { n: values[f].length, max: MAX[f] })} · ${t("k.hold")}` : ""}
            </span>
          </button>
        ))}
        {invalid.map((x) => (
          <p key={x.field} className="dev-error" role="alert">
            {t(x.problem.key, x.problem.values)}
          </p>
        ))}
        <Keypad
          allowX={field === "idNumber" && values.idNumber.length === 17}
          onKey={(ch) => edit((v) => v + ch)}
          onBack={() => edit((v) => v.slice(0, -1))}
          onClear={() => edit(() => "")}
        />
      </section>

      {props.error ? (
        <div className="k-error" role="alert">
          <strong>{t("k.errorTitle")}</strong>
          <p>{props.error}</p>
        </div>
      ) : null}
      <button type="button" className="k-submit" disabled={props.busy} onClick={submit}>
        {props.busy ? t("k.issuing") : t("k.submit")}
      </button>
      <p className="k-countdown">{t("k.returning", { s: props.secondsLeft })}</p>
    </main>
  );
}
