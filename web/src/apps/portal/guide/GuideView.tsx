import { CheckCircleFilled, DownloadOutlined, InfoCircleOutlined } from "@ant-design/icons";
import { Tag } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { type Material, type MinorGaps, type PublicItem, sampleUrl } from "../../../api/catalog";
import { committedText, statutoryText } from "./format";

/**
 * A guide as a plain-language checklist (P11): first what it costs and how long it takes, then who
 * can apply, what to bring, the steps, where and when, and only then the legal details.
 */
/** A site where the item can be booked online (from /api/public/items/{code}/appointment-services). */
export interface BookingSite {
  siteCode: string;
  siteName: string;
  serviceId: string;
}

export function GuideView({
  item,
  headingLevel = 2,
  booking = [],
}: {
  item: PublicItem;
  headingLevel?: 2 | 3;
  /** where it can be booked online: the 预约 element links each site's booking page */
  booking?: BookingSite[];
}) {
  const { t } = useTranslation();
  const g = item.guide;
  const H = `h${headingLevel}` as "h2" | "h3";
  const H2 = headingLevel === 2 ? "h3" : "h4";
  const required = g.materials.filter((m) => m.required).length;
  const section = (key: string, title: string, body: ReactNode) => (
    <section className="guide-section" aria-labelledby={`g-${key}`} key={key}>
      <H id={`g-${key}`} className="section-title">
        {title}
      </H>
      {body}
    </section>
  );
  const facts = (rows: [string, ReactNode | null | undefined][]) => (
    <dl className="facts">
      {rows
        .filter(([, v]) => v !== null && v !== undefined && v !== "")
        .map(([k, v]) => (
          <div key={k} className="fact">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
  const yesNo = (v: boolean | null | undefined) => (v === null || v === undefined ? null : v ? t("guide.yes") : t("guide.no"));
  const stated = g.appointment === null ? null : t(appointmentKey(g.appointment));
  const appointment =
    booking.length > 0 ? (
      <span className="guide-booking">
        {stated ?? t("guide.appointmentOnline")}
        {booking.map((b) => (
          <Link key={b.serviceId} to={`/booking?site=${encodeURIComponent(b.siteCode)}&service=${encodeURIComponent(b.serviceId)}`}>
            {t("guide.bookAt", { site: b.siteName })}
          </Link>
        ))}
      </span>
    ) : (
      (stated ?? t("guide.appointmentUnknown"))
    );

  return (
    <div className="guide">
      <Glance item={item} appointment={appointment} H={H} />

      {section("conditions", t("guide.conditions"), <Conditions conditions={g.conditions} />)}

      {section(
        "materials",
        t("guide.materials"),
        g.materials.length === 0 ? (
          <p>{t("guide.noMaterials")}</p>
        ) : (
          <>
            <p className="lead">{t("guide.materialsLead", { count: g.materials.length, required })}</p>
            <ol className="materials">
              {g.materials.map((m, i) => (
                <MaterialRow key={m.name} m={m} index={i} code={item.code} version={item.inForce ? undefined : item.version} />
              ))}
            </ol>
          </>
        ),
      )}

      {section(
        "steps",
        t("guide.steps"),
        g.steps.length === 0 ? (
          <p>{t("guide.noSteps")}</p>
        ) : (
          <ol className="steps">
            {g.steps.map((s, i) => (
              <li key={s}>
                <span className="step-no" aria-hidden>
                  {i + 1}
                </span>
                <span>{s}</span>
              </li>
            ))}
          </ol>
        ),
      )}

      {section(
        "limits",
        t("guide.limits"),
        <>
          {facts([
            [t("guide.committed"), <strong key="c">{committedText(t, g.committedLimitDays, g.limitUnit)}</strong>],
            [t("guide.statutory"), statutoryText(t, g.statutoryLimitDays, g.limitUnit)],
          ])}
          <p className="hint">{t("guide.limitsLead")}</p>
        </>,
      )}

      {section(
        "fees",
        t("guide.fees"),
        facts([
          [t("guide.fee"), g.fee.charged ? g.fee.amount : t("guide.free")],
          [t("guide.feeBasis").replace(/[:：]\s*$/, ""), g.fee.basis],
          [t("guide.onlinePayment"), g.fee.charged ? yesNo(g.onlinePayment) : null],
        ]),
      )}

      {section(
        "where",
        t("guide.where"),
        <>
          {facts([
            [t("guide.place"), g.place ?? t("guide.notStated")],
            [t("guide.hours"), g.hours ?? t("guide.notStated")],
            [
              t("guide.phone"),
              g.consultationPhone ? (
                <a key="tel" href={`tel:${g.consultationPhone.replace(/[^\d+]/g, "")}`}>
                  {g.consultationPhone}
                </a>
              ) : (
                t("guide.notStated")
              ),
            ],
            [t("guide.complaint"), g.complaintChannel],
            [t("guide.tongban"), g.tongban],
            [t("guide.appointment"), appointment],
            [t("guide.postDelivery"), yesNo(g.postalDelivery)],
          ])}
          <SiteLinks item={item} H2={H2} />
        </>,
      )}

      {section(
        "result",
        t("guide.result"),
        facts([
          [t("guide.resultName"), g.resultName ?? t("guide.notStated")],
          [t("guide.resultSample"), g.resultSample],
        ]),
      )}

      {section(
        "more",
        t("guide.more"),
        facts([
          [t("guide.code"), item.code],
          [t("guide.type"), g.type],
          [t("guide.department"), item.department.name],
          [t("guide.implementingBody"), g.implementingBody],
          [t("guide.target"), g.target.map((x) => t(`target.${x}`)).join(" / ")],
          [t("guide.minorGaps"), g.minorGaps ? <MinorGapsText key="gaps" gaps={g.minorGaps} /> : null],
          [
            t("guide.reviewStandard"),
            g.reviewStandard && g.reviewStandard.length > 0 ? (
              <ul key="review" className="plain basis">
                {g.reviewStandard.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ) : null,
          ],
          [
            t("guide.basis"),
            g.legalBasis.length > 0 ? (
              <ul key="basis" className="plain basis">
                {g.legalBasis.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            ) : null,
          ],
        ]),
      )}
    </div>
  );
}

function MinorGapsText({ gaps }: { gaps: MinorGaps }) {
  const { t } = useTranslation();
  if (!gaps.allowed) return <>{t("guide.minorGapsNo")}</>;
  return (
    <>
      {t("guide.minorGapsYes")}
      {gaps.materials.length > 0 ? <div>{t("guide.minorGapsMaterials", { list: gaps.materials.join("、") })}</div> : null}
      {gaps.deadlineDays !== null ? <div>{t("guide.minorGapsDeadline", { count: gaps.deadlineDays })}</div> : null}
    </>
  );
}

function MaterialRow({ m, index, code, version }: { m: Material; index: number; code: string; version?: number }) {
  const { t } = useTranslation();
  return (
    <li className={m.required ? "material" : "material conditional"}>
      <div className="material-head">
        <span className="material-no" aria-hidden>
          {index + 1}
        </span>
        <span className="material-name">{m.name}</span>
      </div>
      <div className="material-tags">
        <Tag className={m.required ? "tag-required" : "tag-conditional"}>{m.required ? t("guide.required") : t("guide.conditional")}</Tag>
        <Tag>{t(`form.${m.form}`)}</Tag>
        <Tag>{m.copies > 0 ? t("guide.copies", { count: m.copies }) : t("guide.copiesNone")}</Tag>
      </div>
      {!m.required && m.condition ? (
        <p className="material-line">
          <InfoCircleOutlined aria-hidden /> <strong>{t("guide.whenNeeded")}</strong>
          {m.condition}
        </p>
      ) : null}
      {m.note ? (
        <p className="material-line">
          <strong>{t("guide.note")}</strong>
          {m.note}
        </p>
      ) : null}
      {m.sampleText ? (
        <p className="material-line sample-text">
          <strong>{t("guide.sampleText")}</strong>
          {m.sampleText}
        </p>
      ) : null}
      {m.sample ? (
        <a className="sample-link" href={sampleUrl(code, index, version)} download={m.sample.fileName}>
          <DownloadOutlined aria-hidden /> {t("guide.sample")}
          <span className="visually-hidden">：{m.name}</span>
        </a>
      ) : null}
    </li>
  );
}

const appointmentKey = (yes: boolean) => (yes ? "guide.appointmentYes" : "guide.appointmentNo");

function Glance({ item, appointment, H }: { item: PublicItem; appointment: ReactNode; H: "h2" | "h3" }) {
  const { t } = useTranslation();
  const g = item.guide;
  return (
    <section className="glance" aria-labelledby="g-glance">
      <H id="g-glance" className="visually-hidden">
        {t("guide.atAGlance")}
      </H>
      <dl className="glance-grid">
        <div>
          <dt>{t("guide.committed")}</dt>
          <dd className={g.committedLimitDays === 0 ? "glance-strong ok" : "glance-strong"}>
            {committedText(t, g.committedLimitDays, g.limitUnit)}
          </dd>
        </div>
        <div>
          <dt>{t("guide.fee")}</dt>
          <dd className="glance-strong">{g.fee.charged ? g.fee.amount : t("guide.free")}</dd>
        </div>
        <div>
          <dt>{t("guide.appointment")}</dt>
          <dd>{appointment}</dd>
        </div>
        <div>
          <dt>{t("guide.forms")}</dt>
          <dd>{g.handlingForms.map((f) => t(`handling.${f}`)).join(" / ")}</dd>
        </div>
        {g.tongban ? (
          <div>
            <dt>{t("guide.tongban")}</dt>
            <dd>{g.tongban}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

function Conditions({ conditions }: { conditions: string[] }) {
  const { t } = useTranslation();
  if (conditions.length === 0) return <p>{t("guide.noConditions")}</p>;
  return (
    <>
      <p className="lead">{t("guide.conditionsLead")}</p>
      <ul className="checklist">
        {conditions.map((c) => (
          <li key={c}>
            <CheckCircleFilled aria-hidden className="check" /> {c}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Where the item is handled or assisted, each site linked to its page. */
function SiteLinks({ item, H2 }: { item: PublicItem; H2: "h3" | "h4" }) {
  const { t } = useTranslation();
  if (!item.sites || item.sites.length === 0) return null;
  return (
    <>
      <H2 className="sub-title">{t("guide.sites")}</H2>
      <ul className="site-links">
        {item.sites.map((s) => (
          <li key={s.code}>
            <Link to={`/sites/${encodeURIComponent(s.code)}`}>{s.name}</Link>
            <Tag className="mode-tag">{t(`guide.mode.${s.mode}`)}</Tag>
            {s.address ? <div className="hint">{s.address}</div> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
