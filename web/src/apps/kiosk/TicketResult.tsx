import { useTranslation } from "react-i18next";
import { liveTicketUrl, type TicketPrint } from "../../api/queue";
import { CheckIcon, PrinterIcon } from "../../components/device/icons";
import { PrintSlip, useQr } from "../../components/slip/TicketSlip";
import "./result.css";

/** The issued ticket, big: number, service, people ahead, a QR code to the live page, print and done. */
export function TicketResult(props: {
  print: TicketPrint;
  secondsLeft: number;
  onDone: () => void;
  /** A line about the check-in (on time or late). */
  note?: string;
}) {
  const { t } = useTranslation();
  const qr = useQr(liveTicketUrl(props.print.code));
  const ahead = props.print.peopleAhead;
  return (
    <main className="k-main k-result" data-testid="kiosk-ticket">
      <div className="k-done" role="status">
        <CheckIcon /> {t("k.done")}
      </div>
      <div className="k-muted">{t("k.yourNumber")}</div>
      <div className="k-number">{props.print.number}</div>
      {props.print.itemName ? <div className="k-result-queue">{props.print.itemName}</div> : null}
      <div className={props.print.itemName ? "k-muted" : "k-result-queue"}>{props.print.queueName}</div>
      <div className="k-ahead">{ahead > 0 ? t("k.ahead", { count: ahead }) : t("k.aheadNone")}</div>
      {props.note ? <p className="k-note k-note-on">{props.note}</p> : null}
      {props.print.priority ? (
        <p className="k-note k-note-on">{t("k.priorityRecorded", { kind: t(`q.priority.${props.print.priorityClass}`) })}</p>
      ) : null}
      <figure className="k-qr">
        {qr ? <img src={qr} alt={t("k.scan")} width={280} height={280} /> : <div className="k-qr-blank" />}
        <figcaption>{t("k.scan")}</figcaption>
      </figure>
      <div className="k-actions">
        <button type="button" className="k-submit" onClick={() => window.print()}>
          <PrinterIcon /> {t("k.print")}
        </button>
        <button type="button" className="k-secondary" onClick={props.onDone}>
          {t("k.finish")}
        </button>
      </div>
      <p className="k-countdown">{t("k.returning", { s: props.secondsLeft })}</p>
      <PrintSlip print={props.print} qr={qr} />
    </main>
  );
}
