import { CalendarOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Tag } from "antd";
import { toDataURL } from "qrcode";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PublicAppointment } from "./api";

const STATE_COLORS: Record<string, string> = {
  booked: "blue",
  checked_in: "green",
  cancelled_by_site: "red",
  moved_by_site: "orange",
  no_show: "red",
};

/** One appointment as its holder sees it (masked), with the .ics download. */
export function AppointmentCard(props: { a: PublicAppointment; title?: ReactNode; actions?: ReactNode }) {
  const { t } = useTranslation();
  const a = props.a;
  // The booking code as a QR code: the hall's scanner (kiosk or window) reads it at check-in.
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    if (a.state !== "booked") return;
    toDataURL(a.code, { margin: 1, width: 180 }).then(setQr, () => setQr(null));
  }, [a.code, a.state]);
  return (
    <Card className="b-card" title={props.title}>
      <div className="b-code">
        <span>{t("b.bookingCode")}</span>
        <strong data-testid="booking-code">{a.code}</strong>
        <Tag color={STATE_COLORS[a.state] ?? "default"}>{t(`b.state.${a.state}`, { defaultValue: a.state })}</Tag>
      </div>
      <Descriptions column={1} size="small" className="b-facts">
        <Descriptions.Item label={t("b.when")}>
          {a.date} {a.start}-{a.end}
        </Descriptions.Item>
        <Descriptions.Item label={t("b.service")}>{a.serviceName}</Descriptions.Item>
        <Descriptions.Item label={t("b.where")}>
          <div>
            <div>{a.siteName}</div>
            <div className="b-muted">{a.siteAddress}</div>
            {a.sitePhone ? (
              <div>
                {t("b.sitePhone")} <a href={`tel:${a.sitePhone.replace(/[^\d+]/g, "")}`}>{a.sitePhone}</a>
              </div>
            ) : null}
          </div>
        </Descriptions.Item>
        <Descriptions.Item label={t("b.applicant")}>
          {a.applicantName} {a.applicantPhone}
        </Descriptions.Item>
      </Descriptions>
      {a.cancelReason ? (
        <Alert type="warning" showIcon title={`${t("b.siteReason")}：${a.cancelReason}`} style={{ marginBottom: 12 }} />
      ) : null}
      {qr ? (
        <figure className="b-qr">
          <img src={qr} width={180} height={180} alt={t("b.qrAlt", { code: a.code })} />
          <figcaption>{t("b.qrCaption")}</figcaption>
        </figure>
      ) : null}
      <div className="b-actions">
        {a.state === "booked" ? (
          <Button icon={<CalendarOutlined />} href={a.icsUrl} download>
            {t("b.ics")}
          </Button>
        ) : null}
        {props.actions}
      </div>
    </Card>
  );
}
