import { toDataURL } from "qrcode";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, errorText } from "../../api/client";
import type { DeviceKind, DeviceSelf } from "../../api/types";
import { fetchSelf } from "./useDevice";
import { usePairingCode } from "./usePairingCode";

/**
 * Pairing: the device shows a short code and a QR code that a signed-in manager confirms in
 * /manage/ (设备 → 配对设备); below it the long device token can still be typed, for hardware integrators.
 * Either way the token is checked against the server before it is kept.
 */
export function PairingScreen(props: {
  appTitle: string;
  /** the kind of device this page is: the manager's confirmation registers it as such */
  kind: DeviceKind;
  onPaired: (token: string, self: DeviceSelf) => void;
  /** why this device may not pair on this page (a token of another kind), or null */
  refuse?: (self: DeviceSelf) => string | null;
  notice?: string;
}) {
  const { t, i18n } = useTranslation();
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pairing = usePairingCode(props.kind, true);
  const [qr, setQr] = useState<string | null>(null);
  const code = pairing.kind === "waiting" ? pairing.code : null;

  useEffect(() => {
    if (!code) return;
    const url = `${window.location.origin}/manage/devices?pair=${encodeURIComponent(code)}`;
    toDataURL(url, { margin: 1, width: 220 }).then(setQr, () => setQr(null));
  }, [code]);

  async function accept(tok: string) {
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
  // biome-ignore lint/correctness/useExhaustiveDependencies: accept once per collected token
  useEffect(() => {
    if (pairing.kind === "paired") void accept(pairing.token);
  }, [pairing]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    await accept(token.trim());
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
        <section className="dev-pair-code" aria-live="polite">
          <p className="dev-lead">{t("device.codeLead")}</p>
          <div className="dev-code" data-testid="pairing-code">
            {code ?? "····-····"}
          </div>
          {qr ? <img className="dev-qr" src={qr} alt={t("device.qrAlt")} width={220} height={220} /> : null}
          <p className="dev-muted">{pairing.kind === "error" ? t("device.codeRetry") : t("device.codeWaiting")}</p>
        </section>
        <section className="dev-pair-token">
          <h2>{t("device.orToken")}</h2>
          <p className="dev-muted">{t("device.pairLead")}</p>
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
        </section>
      </div>
    </main>
  );
}
