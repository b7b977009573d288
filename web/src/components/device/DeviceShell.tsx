import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DeviceKind, DeviceSelf } from "../../api/types";
import { type Lang, setLang } from "../../i18n";
import { PairingScreen } from "./PairingScreen";
import { useDevice } from "./useDevice";
import "./device.css";

export interface DeviceShellProps {
  /** the app's name in URLs and storage: kiosk, display, counter, evaluator */
  app: string;
  /** the device kinds whose token belongs on this page */
  kinds: DeviceKind[];
  layout: "portrait" | "landscape";
  theme?: "light" | "dark";
  /** counter terminals and rating pads serve one window; say so when none is assigned */
  windowBound?: boolean;
  /**
   * A screen the public only reads (the hall display): no language link, no check time, no device
   * name; the site's name is the hold-to-unpair handle. Only what the public should act on shows.
   */
  publicScreen?: boolean;
  /** what the device shows once paired: gets what the server says about it and its token */
  children?: (self: DeviceSelf, token: string) => ReactNode;
}

/** Full-screen, touch-first frame of every device app: pairing, the device's site and window, revoked-token screen. */
export function DeviceShell(props: DeviceShellProps) {
  const { t } = useTranslation();
  const { token, state, pair, unpair } = useDevice(props.app);
  const title = t(`deviceKind.${props.kinds[0]}`);
  const frame = (body: ReactNode) => <div className={`dev-root dev-${props.layout} dev-theme-${props.theme ?? "light"}`}>{body}</div>;

  const wrongKind = (self: DeviceSelf) =>
    props.kinds.includes(self.kind) ? null : t("device.wrongKindLead", { actual: t(`deviceKind.${self.kind}`), expected: title });
  if (state.kind === "unpaired")
    return frame(<PairingScreen appTitle={title} kind={props.kinds[0] as DeviceKind} onPaired={pair} refuse={wrongKind} />);
  if (state.kind === "revoked") return frame(<Notice title={t("device.revokedTitle")} lead={t("device.revokedLead")} action={unpair} />);
  if (state.kind === "loading") return frame(<main className="dev-center dev-muted">{t("state.loading")}</main>);
  if (state.kind === "offline") return frame(<Notice title={t("device.offlineTitle")} lead={t("device.offlineLead")} />);

  const { self } = state;
  const refusal = wrongKind(self);
  if (refusal) return frame(<Notice title={t("device.wrongKindTitle")} lead={refusal} action={unpair} />);
  return frame(
    <>
      <header className="dev-header">
        <div>
          {props.publicScreen ? (
            <HoldToUnpair className="dev-site" label={self.site.name} onUnpair={unpair} />
          ) : (
            <div className="dev-site">{self.site.name}</div>
          )}
          {self.window ? (
            <div className="dev-window">{t("device.window", { number: self.window.number, name: self.window.name })}</div>
          ) : props.windowBound ? (
            <div className="dev-window">{t("device.noWindow")}</div>
          ) : null}
        </div>
        <Clock />
      </header>
      <main className="dev-body">{props.children && token ? props.children(self, token) : <Ready />}</main>
      {props.publicScreen ? null : (
        <footer className="dev-footer">
          <HoldToUnpair label={`${title} · ${self.name}`} onUnpair={unpair} />
          <span>{t("device.checkedAt", { time: state.checkedAt.toLocaleTimeString("zh-CN", { hour12: false }) })}</span>
          <LangToggle />
        </footer>
      )}
    </>,
  );
}

function Ready() {
  const { t } = useTranslation();
  return (
    <div className="dev-center">
      <div className="dev-status">
        <span className="dev-dot" aria-hidden="true" />
        {t("device.ready")}
      </div>
      <p className="dev-lead">{t("device.readyLead")}</p>
    </div>
  );
}

function Notice(props: { title: string; lead: string; action?: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="dev-center">
      <div className="dev-card" role="alert">
        <h1>{props.title}</h1>
        <p className="dev-lead">{props.lead}</p>
        {props.action ? (
          <button type="button" className="dev-button" onClick={props.action}>
            {t("device.repair")}
          </button>
        ) : null}
      </div>
    </main>
  );
}

function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time className="dev-clock" dateTime={now.toISOString()}>
      <span>{now.toLocaleTimeString("zh-CN", { hour12: false, hour: "2-digit", minute: "2-digit" })}</span>
      <small>{now.toLocaleDateString("zh-CN", { month: "long", day: "numeric", weekday: "long" })}</small>
    </time>
  );
}

/** Unpairing is a maintenance step: a 3-second press, so a passer-by cannot unpair a public device by a tap. */
function HoldToUnpair(props: { label: string; onUnpair: () => void; className?: string }) {
  const { t } = useTranslation();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const cancel = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  const start = () => {
    cancel();
    timer.current = setTimeout(() => {
      if (window.confirm(t("device.unpairConfirm"))) props.onUnpair();
    }, 3000);
  };
  return (
    <span
      className={props.className ? `dev-hold ${props.className}` : "dev-hold"}
      title={t("device.unpairHint")}
      onPointerDown={start}
      onPointerUp={cancel}
      onPointerLeave={cancel}
    >
      {props.label}
    </span>
  );
}

function LangToggle() {
  const { i18n, t } = useTranslation();
  const next: Lang = i18n.language.startsWith("en") ? "zh" : "en";
  return (
    <button type="button" className="dev-link" onClick={() => setLang(next)}>
      {t(`lang.${next}`)}
    </button>
  );
}
