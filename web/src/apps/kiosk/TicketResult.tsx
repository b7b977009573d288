import { toDataURL } from "qrcode";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { liveTicketUrl, type TicketPrint } from "../../api/queue";
import { CheckIcon, PrinterIcon } from "../../components/device/icons";
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
      {createPortal(<PrintSlip print={props.print} qr={qr} />, document.body)}
    </main>
  );
}

function useQr(url: string): string | null {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    toDataURL(url, { margin: 1, width: 320, errorCorrectionLevel: "M" })
      .then((s) => live && setSrc(s))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [url]);
  return src;
}

/** The 80 mm slip: only on paper (print stylesheet), masked data from the server's print view. */
function PrintSlip({ print, qr }: { print: TicketPrint; qr: string | null }) {
  const { t } = useTranslation();
  const time = new Date(print.issuedAt).toLocaleString("zh-CN", { hour12: false, timeZone: "Asia/Shanghai" });
  return (
    <div className="k-print" aria-hidden="true">
      <div className="k-print-site">{print.siteName}</div>
      <div className="k-print-title">{t("k.slipTitle")}</div>
      <div className="k-print-number">{print.number}</div>
      {print.priority ? (
        <div className="k-print-priority">{t("k.slipPriority", { kind: t(`q.priority.${print.priorityClass}`) })}</div>
      ) : null}
      <table>
        <tbody>
          {print.itemName ? (
            <tr>
              <th>{t("k.slipItem")}</th>
              <td>{print.itemName}</td>
            </tr>
          ) : null}
          <tr>
            <th>{t("k.slipQueue")}</th>
            <td>{print.queueName}</td>
          </tr>
          <tr>
            <th>{t("k.slipAhead")}</th>
            <td>{t("q.people", { count: print.peopleAhead })}</td>
          </tr>
          <tr>
            <th>{t("k.slipTime")}</th>
            <td>{time}</td>
          </tr>
        </tbody>
      </table>
      {qr ? <img src={qr} alt="" className="k-print-qr" /> : null}
      <div className="k-print-foot">{t("k.scan")}</div>
      <div className="k-print-foot">{t("k.slipFooter")}</div>
    </div>
  );
}
