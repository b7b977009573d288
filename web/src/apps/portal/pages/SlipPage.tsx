import { DownloadOutlined, PrinterOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { getItem, getItemVersion, type PublicItem, slipPdfUrl } from "../../../api/catalog";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { useTitle } from "../../../components/useTitle";
import { ElderToggle } from "../elder";
import { committedText, dateText, statutoryText } from "../guide/format";
import "../slip.css";

/**
 * 一次性告知单 (K1): everything an applicant needs in one sheet — conditions, the complete material
 * list with forms and copies, the steps, place, hours, time limit, fees, phone — laid out for A4.
 */
export function SlipPage() {
  const { t } = useTranslation();
  const { code = "" } = useParams();
  const [params] = useSearchParams();
  const v = Number(params.get("version")) || undefined;
  const item = useQuery({ queryKey: ["public-item", code, v ?? "current"], queryFn: () => (v ? getItemVersion(code, v) : getItem(code)) });
  useTitle(item.data ? `${t("slip.title")} - ${item.data.guide.name}` : t("slip.title"));
  const today = dateText(new Date().toISOString());
  const enc = encodeURIComponent(code);
  return (
    <div className="slip-wrap">
      <header className="slip-tools no-print">
        <Link to={`/items/${enc}${v ? `/versions/${v}` : ""}`}>← {t("slip.back")}</Link>
        <div className="slip-buttons">
          <Button type="primary" size="large" icon={<PrinterOutlined aria-hidden />} onClick={() => window.print()}>
            {t("slip.print")}
          </Button>
          <Button size="large" icon={<DownloadOutlined aria-hidden />} href={slipPdfUrl(code, v)} download={`${code}-一次性告知单.pdf`}>
            {t("slip.pdf")}
          </Button>
          <ElderToggle compact />
        </div>
      </header>
      <main id="main" className="slip">
        {item.error ? <ErrorAlert error={item.error} title={t("guide.loadFailed")} /> : null}
        {item.isPending ? <Skeleton active paragraph={{ rows: 14 }} /> : null}
        {item.data ? <SlipBody data={item.data} today={today} /> : null}
      </main>
    </div>
  );
}

function SlipBody({ data, today }: { data: PublicItem; today: string }) {
  const { t } = useTranslation();
  const g = data.guide;
  return (
    <>
      <h1 className="slip-title">{t("slip.title")}</h1>
      <p className="slip-item">
        <strong>{g.name}</strong>
        <span>
          {data.department.name} · {t("guide.code")} {data.code}
        </span>
      </p>
      <p className="slip-lead">{t("slip.lead")}</p>

      <h2>一、{t("guide.conditions")}</h2>
      {g.conditions.length === 0 ? (
        <p>{t("guide.noConditions")}</p>
      ) : (
        <ol className="slip-list">
          {g.conditions.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ol>
      )}

      <h2>二、{t("guide.materials")}</h2>
      {g.materials.length === 0 ? (
        <p>{t("guide.noMaterials")}</p>
      ) : (
        <table className="slip-table">
          <thead>
            <tr>
              <th scope="col">{t("slip.no")}</th>
              <th scope="col">{t("slip.material")}</th>
              <th scope="col">{t("slip.form")}</th>
              <th scope="col">{t("slip.copies")}</th>
              <th scope="col">{t("slip.need")}</th>
              <th scope="col">{t("slip.remark")}</th>
            </tr>
          </thead>
          <tbody>
            {g.materials.map((m, i) => (
              <tr key={m.name}>
                <td>{i + 1}</td>
                <td>{m.name}</td>
                <td>{t(`form.${m.form}`)}</td>
                <td>{m.copies}</td>
                <td>{m.required ? t("guide.required") : `${t("guide.conditional")}：${m.condition ?? ""}`}</td>
                <td>{[m.note, m.sampleText ? `${t("guide.sampleText")}${m.sampleText}` : null].filter(Boolean).join("；") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>三、{t("guide.steps")}</h2>
      <p>{g.steps.length > 0 ? g.steps.map((s, i) => `${i + 1}. ${s}`).join("  →  ") : t("guide.noSteps")}</p>

      <h2>
        四、{t("guide.limits")}、{t("guide.fees")}
      </h2>
      <dl className="slip-facts">
        <dt>{t("guide.committed")}</dt>
        <dd>{committedText(t, g.committedLimitDays, g.limitUnit)}</dd>
        <dt>{t("guide.statutory")}</dt>
        <dd>{statutoryText(t, g.statutoryLimitDays, g.limitUnit)}</dd>
        <dt>{t("guide.fee")}</dt>
        <dd>
          {g.fee.charged ? g.fee.amount : t("guide.free")}
          {g.fee.basis ? `（${t("guide.feeBasis")}${g.fee.basis}）` : ""}
        </dd>
      </dl>

      <h2>五、{t("guide.where")}</h2>
      <dl className="slip-facts">
        <dt>{t("guide.place")}</dt>
        <dd>{g.place ?? t("guide.notStated")}</dd>
        <dt>{t("guide.hours")}</dt>
        <dd>{g.hours ?? t("guide.notStated")}</dd>
        <dt>{t("guide.phone")}</dt>
        <dd>{g.consultationPhone ?? t("guide.notStated")}</dd>
        {g.complaintChannel ? (
          <>
            <dt>{t("guide.complaint")}</dt>
            <dd>{g.complaintChannel}</dd>
          </>
        ) : null}
      </dl>

      <footer className="slip-foot">
        <p>{t("slip.version", { version: data.version, date: dateText(data.effectiveFrom) })}</p>
        <p>{t("slip.issued", { date: today })}</p>
        <p className="slip-sign">{t("slip.sign")}</p>
      </footer>
    </>
  );
}
