import { toDataURL } from "qrcode";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import type { TicketPrint } from "../../api/queue";
import "./slip.css";

/**
 * The 80 mm ticket slip, printed by the kiosk and at the guide desk (导办台) alike: only on paper
 * (print stylesheet), from the server's masked print view, with the QR code of the live ticket page.
 */

/** A QR code as a data URL (null until drawn, or when it cannot be). */
export function useQr(url: string): string | null {
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

/** The slip, rendered into <body> beside the app's root: the print stylesheet shows only it on paper. */
export function PrintSlip({ print, qr }: { print: TicketPrint; qr: string | null }) {
  return createPortal(<Slip print={print} qr={qr} />, document.body);
}

function Slip({ print, qr }: { print: TicketPrint; qr: string | null }) {
  const { t } = useTranslation();
  const time = new Date(print.issuedAt).toLocaleString("zh-CN", { hour12: false, timeZone: "Asia/Shanghai" });
  return (
    <div className="k-print" aria-hidden="true">
      <div className="k-print-site">{print.siteName}</div>
      <div className="k-print-title">{t("slip.title")}</div>
      <div className="k-print-number">{print.number}</div>
      {print.priority ? (
        <div className="k-print-priority">{t("slip.priority", { kind: t(`q.priority.${print.priorityClass}`) })}</div>
      ) : null}
      <table>
        <tbody>
          {print.itemName ? (
            <tr>
              <th>{t("slip.item")}</th>
              <td>{print.itemName}</td>
            </tr>
          ) : null}
          <tr>
            <th>{t("slip.queue")}</th>
            <td>{print.queueName}</td>
          </tr>
          <tr>
            <th>{t("slip.ahead")}</th>
            <td>{t("q.people", { count: print.peopleAhead })}</td>
          </tr>
          <tr>
            <th>{t("slip.time")}</th>
            <td>{time}</td>
          </tr>
        </tbody>
      </table>
      {qr ? <img src={qr} alt="" className="k-print-qr" /> : null}
      <div className="k-print-foot">{t("slip.scan")}</div>
      <div className="k-print-foot">{t("slip.footer")}</div>
    </div>
  );
}

export const slipZh = {
  slip: {
    title: "排队凭条",
    ahead: "前面等候",
    time: "取号时间",
    queue: "办理业务",
    item: "办理事项",
    priority: "★ 优先号（{{kind}}）",
    scan: "手机扫码，随时查看排队进度",
    footer: "请留意叫号，过号需重新取号",
  },
};

export const slipEn: typeof slipZh = {
  slip: {
    title: "Queue ticket",
    ahead: "Ahead",
    time: "Issued",
    queue: "Service",
    item: "Item",
    priority: "★ Priority ({{kind}})",
    scan: "Scan to follow your place in line",
    footer: "Watch for your call; a missed call needs a new ticket",
  },
};
