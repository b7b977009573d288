import { Card, Tag } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { PublicSite } from "../../../api/types";
import { describeWeeklyHours } from "../../../components/hours";

/** One site as the public sees it: nothing personal beyond the masked name of the person in charge. */
export function SiteCard({ site, linkDisclosure = true }: { site: PublicSite; linkDisclosure?: boolean }) {
  const { t } = useTranslation();
  const facts: [string, string, ReactNode][] = [];
  const add = (key: string, label: string, value: ReactNode) => facts.push([key, label, value]);
  if (site.plaqueName) add("plaque", t("portal.plaque"), site.plaqueName);
  add("address", t("portal.address"), site.address);
  if (site.phone) add("phone", t("portal.phone"), <a href={`tel:${site.phone.replace(/[^\d+]/g, "")}`}>{site.phone}</a>);
  add(
    "hours",
    t("portal.hours"),
    <ul className="plain">
      {describeWeeklyHours(site.weeklyHours, t).map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>,
  );
  if (site.exceptions.length > 0) {
    add(
      "exceptions",
      t("portal.exceptions"),
      <ul className="plain">
        {site.exceptions.map((e) => (
          <li key={e.date}>
            {e.date} {e.closed ? t("portal.closedDay") : `${e.opens ?? ""}-${e.closes ?? ""}`}
            {e.note ? `（${e.note}）` : ""}
          </li>
        ))}
      </ul>,
    );
  }
  add("parent", t("portal.parentOrg"), site.parentOrg);
  if (site.zones.length > 0) {
    add(
      "zones",
      t("portal.zones"),
      <div className="zone-tags">
        {site.zones.map((z) => (
          <Tag key={z.name} title={z.kinds.map((k) => t(`zoneKind.${k}`)).join(" / ")}>
            {z.name}
          </Tag>
        ))}
      </div>,
    );
  }
  add("responsible", t("portal.responsible"), site.responsiblePerson);
  return (
    <Card
      className="site-card"
      title={
        <div className="site-card-title">
          <Tag className={`kind-tag kind-${site.kind}`}>{t(`siteKind.${site.kind}`)}</Tag>
          <h2>{site.name}</h2>
        </div>
      }
    >
      <dl className="facts">
        {facts.map(([key, label, value]) => (
          <div key={key} className="fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {linkDisclosure ? (
        <Link className="more-link" to={`/sites/${encodeURIComponent(site.code)}`}>
          {t("portal.disclosureLink")}
          <span className="visually-hidden">：{site.name}</span> →
        </Link>
      ) : null}
    </Card>
  );
}
