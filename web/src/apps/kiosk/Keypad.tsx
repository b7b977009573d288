import { useTranslation } from "react-i18next";

/** The on-screen numeric keypad: digits, X (last character of an ID number), delete and clear. */
export function Keypad(props: { allowX: boolean; onKey: (ch: string) => void; onBack: () => void; onClear: () => void }) {
  const { t } = useTranslation();
  const key = (k: string) => (
    <button key={k} type="button" className="k-pad" onClick={() => props.onKey(k)}>
      {k}
    </button>
  );
  return (
    <div className="k-keypad">
      {["1", "2", "3"].map(key)}
      <button type="button" className="k-pad" onClick={props.onBack} aria-label="⌫">
        ⌫
      </button>
      {["4", "5", "6"].map(key)}
      <button type="button" className="k-pad" disabled={!props.allowX} onClick={() => props.onKey("X")}>
        X
      </button>
      {["7", "8", "9", "0"].map(key)}
      <button type="button" className="k-pad k-pad-clear" onClick={props.onClear}>
        {t("k.clear")}
      </button>
    </div>
  );
}
