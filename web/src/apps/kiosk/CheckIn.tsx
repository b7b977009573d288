import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Keypad } from "./Keypad";
import "./details.css";
import "./checkin.css";

/** The characters of booking codes (no 0/O, 1/I/L look-alikes). */
const CODE_KEYS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".split("");

/** Check-in by booking code (letters and digits) or ID number (digits and X) on an on-screen keyboard. */
export function CheckIn(props: {
  busy: boolean;
  error: string | null;
  secondsLeft: number;
  onBack: () => void;
  onSubmit: (by: { code: string } | { idNumber: string }) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<"code" | "idNumber">("code");
  const [value, setValue] = useState("");
  const max = mode === "code" ? 10 : 18;
  const valid = mode === "code" ? value.length === 10 : /^\d{17}[\dX]$/.test(value);
  const add = (ch: string) => setValue((v) => (v + ch).slice(0, max));
  return (
    <main className="k-main">
      <div className="k-chosen">
        <div className="k-chosen-text">
          <div className="k-chosen-name">{t("kc.title")}</div>
          <div className="k-muted">{t("kc.lead")}</div>
        </div>
        <button type="button" className="k-back" onClick={props.onBack}>
          ‹ {t("k.back")}
        </button>
      </div>
      <div className="k-prio kc-modes">
        {(["code", "idNumber"] as const).map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={mode === m}
            className={`k-prio-tile${mode === m ? " k-on" : ""}`}
            onClick={() => {
              setMode(m);
              setValue("");
            }}
          >
            {m === "code" ? t("kc.byCode") : t("kc.byId")}
          </button>
        ))}
      </div>
      <div className="k-field k-on kc-value" aria-live="polite" data-testid="checkin-value">
        <span className="k-field-label">{mode === "code" ? t("kc.byCode") : t("kc.byId")}</span>
        <span className="k-field-value">{value || <span className="k-placeholder">{t("k.tapToEnter")}</span>}</span>
        <span className="k-field-count">{t("k.digits", { n: value.length, max })}</span>
      </div>
      {mode === "code" ? (
        <div className="kc-keys">
          {CODE_KEYS.map((k) => (
            <button key={k} type="button" className="k-pad" onClick={() => add(k)}>
              {k}
            </button>
          ))}
          <button type="button" className="k-pad" aria-label="⌫" onClick={() => setValue((v) => v.slice(0, -1))}>
            ⌫
          </button>
        </div>
      ) : (
        <Keypad allowX={value.length === 17} onKey={add} onBack={() => setValue((v) => v.slice(0, -1))} onClear={() => setValue("")} />
      )}
      {props.error ? (
        <div className="k-error" role="alert">
          <strong>{t("k.errorTitle")}</strong>
          <p>{props.error}</p>
        </div>
      ) : null}
      <button
        type="button"
        className="k-submit"
        disabled={props.busy || !valid}
        onClick={() => props.onSubmit(mode === "code" ? { code: value } : { idNumber: value })}
      >
        {props.busy ? t("kc.busy") : t("kc.submit")}
      </button>
      <p className="k-countdown">{t("k.returning", { s: props.secondsLeft })}</p>
    </main>
  );
}
