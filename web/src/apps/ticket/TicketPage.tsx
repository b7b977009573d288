import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call, errorText } from "../../api/client";
import type { PublicTicket } from "../../api/queue";
import { useTitle } from "../../components/useTitle";
import { ConfirmButton, PlainLanguageSwitch } from "./Plain";
import { useCallAlert, useLiveTicket } from "./useLiveTicket";

const time = (iso: string | null) =>
  iso ? new Date(iso).toLocaleTimeString("zh-CN", { hour12: false, hour: "2-digit", minute: "2-digit", timeZone: "Asia/Shanghai" }) : "";

/**
 * The ticket holder's page: number, place in line, estimated wait; a loud banner when called. No personal
 * data. Plain elements and ticket.css, no antd: it must open fast on a phone (issue 11, item 9).
 */
export function TicketPage({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const { ticket, error, missing, status, reload } = useLiveTicket(code);
  useCallAlert(ticket);
  const where = (tk: PublicTicket) => (tk.windowNumber === null ? t("t.windowAny") : t("q.windowNo", { number: tk.windowNumber }));
  useTitle(pageTitle(ticket, t, where));

  async function cancel() {
    try {
      await call(api.POST("/api/public/tickets/{code}/cancel", { params: { path: { code } } }));
      setNotice({ ok: true, text: t("t.cancelled_ok") });
    } catch (err) {
      setNotice({ ok: false, text: errorText(err, i18n.language) });
    }
    void reload();
  }

  const top = (
    <header className="tk-top">
      <span>{ticket?.siteName ?? t("t.title")}</span>
      <PlainLanguageSwitch />
    </header>
  );
  if (missing)
    return (
      <div className="tk-page">
        {top}
        <main className="tk-card tk-missing">
          <h1>{t("t.notFound")}</h1>
          <p className="tk-note">{t("t.notFoundLead")}</p>
        </main>
      </div>
    );
  if (!ticket) {
    return (
      <div className="tk-page">
        {top}
        <div className="tk-center">
          <LoadingOrError error={error} />
        </div>
      </div>
    );
  }
  const soon = ticket.state === "waiting" && ticket.peopleAhead !== null && ticket.peopleAhead <= ticket.notifyAhead;
  return (
    <div className={`tk-page tk-s-${ticket.state}`}>
      {top}
      {ticket.state === "called" ? (
        <section className="tk-called" role="alert" data-testid="called-banner">
          <div className="tk-called-title">{t("t.calledTitle", { window: where(ticket) })}</div>
          <div className="tk-called-number">{ticket.number}</div>
          <div>{t("t.calledLead")}</div>
          <div className="tk-muted-light">{t("t.calledAt", { time: time(ticket.calledAt) })}</div>
        </section>
      ) : null}
      <main className="tk-card">
        <div className="tk-label">{t("t.yourNumber")}</div>
        <div className="tk-number">{ticket.number}</div>
        {ticket.itemName ? <div className="tk-item">{ticket.itemName}</div> : null}
        <div className="tk-queue">
          {ticket.queueName}
          {ticket.priority ? <span className="tk-tag tk-tag-priority">{t("t.priority")}</span> : null}
        </div>
        <span className={`tk-tag tk-state tk-tag-${stateColor[ticket.state]}`}>{t(`q.ticketState.${ticket.state}`)}</span>
        {ticket.state === "waiting" ? <WaitingStats ticket={ticket} /> : null}
        {soon ? (
          <div className="tk-alert tk-alert-warning" role="status">
            {t("t.soon", { n: ticket.notifyAhead })}
          </div>
        ) : null}
        <StateNote ticket={ticket} where={where(ticket)} />
        <div className="tk-muted">{t("t.issuedAt", { time: time(ticket.issuedAt) })}</div>
        {ticket.state === "waiting" ? (
          <ConfirmButton
            label={t("t.cancel")}
            question={t("t.cancelConfirm")}
            yes={t("t.cancelYes")}
            no={t("t.cancelNo")}
            onConfirm={() => void cancel()}
          />
        ) : null}
        {notice ? (
          <div className={`tk-alert ${notice.ok ? "tk-alert-ok" : "tk-alert-error"}`} role={notice.ok ? "status" : "alert"}>
            {notice.text}
          </div>
        ) : null}
      </main>
      <footer className="tk-foot">
        <span className={`tk-dot tk-dot-${status}`} /> {status === "retrying" ? t("t.reconnecting") : t("t.live")}
      </footer>
    </div>
  );
}

/** The browser tab's title: the number (and the window when called) so a phone's tab list shows it. */
function pageTitle(ticket: PublicTicket | null, t: TFunction, where: (tk: PublicTicket) => string): string {
  if (!ticket) return t("t.title");
  if (ticket.state !== "called") return `${ticket.number} · ${t("t.title")}`;
  return `【${t("t.calledTitle", { window: where(ticket) })}】${ticket.number}`;
}

function LoadingOrError({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (error) {
    return (
      <div className="tk-alert tk-alert-error" role="alert">
        {errorText(error, i18n.language)}
      </div>
    );
  }
  return <div className="tk-spin" role="status" aria-label={t("t.loading")} />;
}

/** People ahead and the estimated wait, while waiting. */
function WaitingStats({ ticket }: { ticket: PublicTicket }) {
  const { t } = useTranslation();
  return (
    <div className="tk-stats">
      <div>
        <div className="tk-label">{t("t.ahead")}</div>
        <div className="tk-stat" data-testid="people-ahead">
          {ticket.peopleAhead ?? "—"} <small>{t("t.aheadUnit")}</small>
        </div>
      </div>
      <div>
        <div className="tk-label">{t("t.wait")}</div>
        <div className="tk-stat" data-testid="wait-estimate">
          <WaitWords minutes={ticket.estimatedWaitMin} />
        </div>
      </div>
    </div>
  );
}

/** «约N分钟», «即将叫号» when a free window will call it at once, or that no estimate can be given yet. */
function WaitWords({ minutes }: { minutes: number | null }) {
  const { t } = useTranslation();
  if (minutes === null) return <small>{t("t.waitUnknown")}</small>;
  if (minutes === 0) return <>{t("t.waitNow")}</>;
  return (
    <>
      <small>{t("t.waitAbout")}</small>
      {minutes} <small>{t("t.waitUnit")}</small>
    </>
  );
}

const stateColor: Record<PublicTicket["state"], string> = {
  waiting: "blue",
  called: "red",
  serving: "green",
  done: "default",
  no_show: "orange",
  cancelled: "default",
  parked: "purple",
  closed_unserved: "default",
};

function StateNote({ ticket, where }: { ticket: PublicTicket; where: string }) {
  const { t } = useTranslation();
  const note: Partial<Record<PublicTicket["state"], string>> = {
    serving: t("t.serving", { window: where }),
    done: t("t.done"),
    no_show: t("t.noShow"),
    cancelled: t("t.cancelled"),
    parked: t("t.parked", { window: where }),
    closed_unserved: t("t.closed"),
  };
  const text = note[ticket.state];
  return text ? <p className="tk-note">{text}</p> : null;
}
