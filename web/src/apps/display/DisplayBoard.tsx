import { useTranslation } from "react-i18next";
import type { DeviceSelf } from "../../api/types";
import { NoticeLine } from "./NoticeLine";
import { type Call, useBoard } from "./useBoard";

/** The hall display, landscape 1920×1080: the call in huge type, recent calls, waiting per queue, notices. */
export function DisplayBoard({ self, token }: { self: DeviceSelf; token: string }) {
  const { t } = useTranslation();
  const { queues, calls, status } = useBoard(self.site.id, token);
  const now = calls[0];
  return (
    <div className="dsp">
      <section className="dsp-now" aria-live="assertive" data-testid="display-now">
        <div className="dsp-label">{t("d.nowCalling")}</div>
        {now ? <NowCalling call={now} /> : <div className="dsp-idle">{t("d.idle")}</div>}
      </section>
      <section className="dsp-recent" aria-labelledby="dsp-recent">
        <h2 id="dsp-recent">{t("d.recent")}</h2>
        {calls.length === 0 ? <p className="dsp-muted">{t("d.recentNone")}</p> : null}
        <ol>
          {calls.map((c, i) => (
            <li key={c.ticketId} className={i === 0 ? "dsp-recent-now" : undefined}>
              <span className="dsp-recent-number">{c.number}</span>
              <span className="dsp-recent-window">{windowLabel(c, t)}</span>
            </li>
          ))}
        </ol>
      </section>
      <section className="dsp-queues" aria-label={t("d.waiting")}>
        {queues.map((q) => (
          <div key={q.id} className="dsp-queue">
            <span className="dsp-queue-prefix">{q.prefix}</span>
            <span className="dsp-queue-name">{q.name}</span>
            <span className="dsp-queue-count">
              {t("d.waiting")} <b>{q.waiting}</b>
            </span>
          </div>
        ))}
      </section>
      <NoticeLine siteCode={self.site.code} />
      {status === "retrying" ? (
        <div className="dsp-offline" role="status">
          {t("d.offline")}
        </div>
      ) : null}
    </div>
  );
}

type T = ReturnType<typeof useTranslation>["t"];
const windowLabel = (c: Call, t: T) => (c.windowNumber === null ? t("d.windowAny") : t("q.windowNo", { number: c.windowNumber }));

function NowCalling({ call }: { call: Call }) {
  const { t } = useTranslation();
  // Keyed by seq: every call and recall restarts the flash.
  return (
    <div key={call.seq} className="dsp-flash">
      <div className="dsp-number">{call.number}</div>
      <div className="dsp-where">
        {t("d.goTo")} <b>{windowLabel(call, t)}</b> {t("d.handle")}
      </div>
      <div className="dsp-queue-line">
        {call.queueName}
        {call.recall ? <span className="dsp-recall">{t("d.recall")}</span> : null}
      </div>
    </div>
  );
}
