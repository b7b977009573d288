import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Lang, setLang } from "../../i18n";

/**
 * The few controls the live ticket page needs, as plain elements: the page opens on phones on a
 * poor network from a printed QR code, so it carries no antd (issue 11, item 9).
 */

/** 中文 / English, remembered in this browser (the same switch as the other apps, without antd). */
export function PlainLanguageSwitch() {
  const { i18n, t } = useTranslation();
  const value: Lang = i18n.language.startsWith("en") ? "en" : "zh";
  return (
    // biome-ignore lint/a11y/useSemanticElements: a two-button switch, not a form fieldset
    <div className="tk-lang" role="group" aria-label="Language / 语言">
      {(["zh", "en"] as const).map((lang) => (
        <button key={lang} type="button" aria-pressed={value === lang} onClick={() => setLang(lang)}>
          {t(`lang.${lang}`)}
        </button>
      ))}
    </div>
  );
}

/** A button that asks once more before it acts: the question and «确定 / 返回» in place. */
export function ConfirmButton(props: { label: string; question: string; yes: string; no: string; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="tk-btn tk-btn-danger" onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  return (
    // biome-ignore lint/a11y/useSemanticElements: an inline confirmation, not a modal dialog
    <div className="tk-confirm" role="group" aria-label={props.label}>
      <p>{props.question}</p>
      <div className="tk-confirm-row">
        <button type="button" className="tk-btn" onClick={() => setAsking(false)}>
          {props.no}
        </button>
        <button
          type="button"
          className="tk-btn tk-btn-danger-solid"
          onClick={() => {
            setAsking(false);
            props.onConfirm();
          }}
        >
          {props.yes}
        </button>
      </div>
    </div>
  );
}
