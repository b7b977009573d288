import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, errorText } from "../../api/client";
import type { DeviceSelf } from "../../api/types";
import { fetchSelf } from "./useDevice";

/** Where the device token is entered once; it is checked against the server before it is kept. */
export function PairingScreen(props: {
  appTitle: string;
  onPaired: (token: string, self: DeviceSelf) => void;
  /** why this device may not pair on this page (a token of another kind), or null */
  refuse?: (self: DeviceSelf) => string | null;
  notice?: string;
}) {
  const { t, i18n } = useTranslation();
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const tok = token.trim();
    if (!tok) return;
    setBusy(true);
    setError(null);
    try {
      const self = await fetchSelf(tok);
      const refusal = props.refuse?.(self) ?? null;
      if (refusal) setError(refusal);
      else props.onPaired(tok, self);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t("device.tokenInvalid") : errorText(err, i18n.language));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="dev-center">
      <div className="dev-card">
        <div className="dev-eyebrow">{props.appTitle}</div>
        <h1>{t("device.pairTitle")}</h1>
        {props.notice ? (
          <p className="dev-error" role="alert">
            {props.notice}
          </p>
        ) : null}
        <p className="dev-lead">{t("device.pairLead")}</p>
        <form onSubmit={submit}>
          <label className="dev-label" htmlFor="device-token">
            {t("device.tokenLabel")}
          </label>
          <input
            id="device-token"
            className="dev-input"
            value={token}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            placeholder={t("device.tokenPlaceholder")}
            onChange={(e) => setToken(e.target.value)}
          />
          {error ? (
            <p className="dev-error" role="alert">
              {error}
            </p>
          ) : null}
          <button className="dev-button" type="submit" disabled={busy || token.trim() === ""}>
            {busy ? t("device.pairing") : t("device.pair")}
          </button>
        </form>
      </div>
    </main>
  );
}
