import { ArrowLeftOutlined, CheckCircleFilled, InfoCircleFilled } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Empty, Skeleton } from "antd";
import { lazy, type ReactNode, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Route, Routes, useSearchParams } from "react-router-dom";
import { api, call, errorText } from "../../../api/client";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { sortSites } from "../../../components/siteKinds";
import type { Hold, PublicAppointment, SlotView } from "./api";
import type { PersonValues } from "./PersonForm";
import { SlotPicker } from "./SlotPicker";
import "./i18n";
import "./booking.css";

// What the first booking page does not show loads when it is needed: a phone on a poor network
// gets the site and slot lists first (issue 11, item 9: under 250 KB).
const MyAppointment = lazy(() => import("./MyAppointment").then((m) => ({ default: m.MyAppointment })));
const Offer = lazy(() => import("./MyAppointment").then((m) => ({ default: m.Offer })));
const PersonForm = lazy(() => import("./PersonForm").then((m) => ({ default: m.PersonForm })));
const AppointmentCard = lazy(() => import("./AppointmentCard").then((m) => ({ default: m.AppointmentCard })));

/**
 * The booking pages under /portal/booking (inside the portal's layout and router): book, my
 * appointment (by code and mobile, or by the link in a message), a waiting-list offer.
 */
export function BookingApp() {
  return (
    <div className="b-page">
      <Header />
      <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
        <Routes>
          <Route index element={<BookFlow />} />
          <Route path="my" element={<MyAppointment />} />
          <Route path="offer" element={<Offer />} />
          <Route path="*" element={<BookFlow />} />
        </Routes>
      </Suspense>
    </div>
  );
}

function Header() {
  const { t } = useTranslation();
  return (
    <div className="b-header">
      <h1 className="b-title">{t("b.title")}</h1>
      <nav className="b-nav" aria-label={t("b.title")}>
        <NavLink to="/booking" end>
          {t("b.newBooking")}
        </NavLink>
        <NavLink to="/booking/my">{t("b.my")}</NavLink>
      </nav>
    </div>
  );
}

type Step =
  | { kind: "pick" }
  | { kind: "form"; hold: Hold; slot: SlotView }
  | { kind: "wait"; date: string; slot: SlotView }
  | { kind: "waited"; position: number }
  | { kind: "done"; appointment: PublicAppointment };

function BookFlow() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const siteCode = params.get("site");
  const serviceId = params.get("service");
  const [step, setStep] = useState<Step>({ kind: "pick" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sites = useQuery({ queryKey: ["public-sites"], queryFn: async () => sortSites(await call(api.GET("/api/public/sites"))) });
  const services = useQuery({
    queryKey: ["appt-services", siteCode],
    enabled: !!siteCode,
    queryFn: () => call(api.GET("/api/public/sites/{code}/appointment-services", { params: { path: { code: siteCode ?? "" } } })),
  });
  const choose = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) v ? p.set(k, v) : p.delete(k);
    setParams(p);
    setStep({ kind: "pick" });
    setError(null);
  };

  /** One request at a time: busy while it runs, its error shown, its answer the next step. */
  async function run(work: () => Promise<Step>) {
    setBusy(true);
    setError(null);
    try {
      setStep(await work());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const actions: SlotActions = {
    pick: (date, slot) =>
      run(async () => {
        const hold = await call(
          api.POST("/api/public/appointments/holds", { body: { serviceId: serviceId ?? "", date, start: slot.start } }),
        );
        return { kind: "form", hold, slot };
      }),
    confirm: (hold, v) =>
      run(async () => {
        const appointment = await call(
          api.POST("/api/public/appointments/holds/{token}/confirm", { params: { path: { token: hold.holdToken } }, body: v }),
        );
        return { kind: "done", appointment };
      }),
    wait: (date, slot, v) =>
      run(async () => {
        const r = await call(
          api.POST("/api/public/appointments/waitlist", { body: { serviceId: serviceId ?? "", date, start: slot.start, ...v } }),
        );
        return { kind: "waited", position: r.position };
      }),
    release: (hold) => {
      void call(api.DELETE("/api/public/appointments/holds/{token}", { params: { path: { token: hold.holdToken } } })).catch(
        () => undefined,
      );
      setStep({ kind: "pick" });
    },
    setStep,
  };

  if (step.kind === "done") return <Booked a={step.appointment} onAgain={() => choose({ service: null })} />;
  if (step.kind === "waited") {
    return (
      <div>
        <Outcome kind="info" title={t("b.waitDone", { n: step.position })} sub={t("b.waitLead")} />
        <Button block onClick={() => choose({})}>
          {t("b.back")}
        </Button>
      </div>
    );
  }
  if (!siteCode) {
    return (
      <div>
        <section>
          <h2 className="b-h2">{t("b.pickSite")}</h2>
          {sites.isPending ? <Skeleton active /> : null}
          <ErrorAlert error={sites.error} />
          <div className="b-list">
            {sites.data?.map((s) => (
              <button key={s.code} type="button" className="b-choice" onClick={() => choose({ site: s.code })}>
                <strong>{s.name}</strong>
                <span className="b-muted">{s.address}</span>
              </button>
            ))}
          </div>
        </section>
      </div>
    );
  }
  const siteName = sites.data?.find((s) => s.code === siteCode)?.name;
  const service = services.data?.services.find((s) => s.id === serviceId);
  return (
    <div>
      <section>
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => choose({ site: null, service: null })} className="b-backlink">
          {siteName ?? siteCode}
        </Button>
        {!serviceId ? (
          <>
            <h2 className="b-h2">{t("b.pickService")}</h2>
            {services.isPending ? <Skeleton active /> : null}
            <ErrorAlert error={services.error} />
            {services.data && services.data.services.length === 0 ? <Empty description={t("b.noServices")} /> : null}
            <div className="b-list">
              {services.data?.services.map((s) => (
                <button key={s.id} type="button" className="b-choice" onClick={() => choose({ service: s.id })}>
                  <strong>{s.name}</strong>
                </button>
              ))}
            </div>
          </>
        ) : (
          <>
            <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => choose({ service: null })} className="b-backlink">
              {service?.name ?? ""}
            </Button>
            <SlotStep siteCode={siteCode} serviceId={serviceId} step={step} busy={busy} error={error} actions={actions} />
          </>
        )}
      </section>
    </div>
  );
}

function Booked({ a, onAgain }: { a: PublicAppointment; onAgain: () => void }) {
  const { t } = useTranslation();
  return (
    <div>
      <Outcome kind="success" title={t("b.done")} sub={t("b.doneLead")} />
      <AppointmentCard
        a={a}
        actions={
          <>
            <Link to={`/booking/my?code=${a.code}`}>
              <Button>{t("b.manage")}</Button>
            </Link>
            <Button onClick={onAgain}>{t("b.again")}</Button>
          </>
        }
      />
    </div>
  );
}

interface SlotActions {
  pick(date: string, slot: SlotView): Promise<void>;
  confirm(hold: Hold, v: PersonValues): Promise<void>;
  wait(date: string, slot: SlotView, v: PersonValues): Promise<void>;
  /** Lets a hold go (best effort) and goes back to the slots. */
  release(hold: Hold): void;
  setStep(step: Step): void;
}

/** A chosen service: its slots, then the person's details for a hold or for the waiting list. */
function SlotStep(props: { siteCode: string; serviceId: string; step: Step; busy: boolean; error: unknown; actions: SlotActions }) {
  const { t, i18n } = useTranslation();
  const { step, busy, actions } = props;
  return (
    <>
      {props.error ? <Alert type="error" showIcon title={errorText(props.error, i18n.language)} style={{ marginBottom: 12 }} /> : null}
      {step.kind === "pick" ? (
        <>
          <h2 className="b-h2">{t("b.stepSlot")}</h2>
          <SlotPicker
            siteCode={props.siteCode}
            serviceId={props.serviceId}
            busy={busy}
            onPick={(d, s) => void actions.pick(d, s)}
            onWait={(date, slot) => actions.setStep({ kind: "wait", date, slot })}
          />
        </>
      ) : null}
      {step.kind === "form" ? (
        <Panel title={`${step.hold.slot.date} ${step.slot.start}-${step.slot.end}`}>
          <HoldTimer until={step.hold.expiresAt} />
          <PersonForm submitText={t("b.submit")} busy={busy} onSubmit={(v) => void actions.confirm(step.hold, v)} />
          <Button block type="text" style={{ marginTop: 8 }} onClick={() => actions.release(step.hold)}>
            {t("b.change")}
          </Button>
        </Panel>
      ) : null}
      {step.kind === "wait" ? (
        <Panel title={`${t("b.waitTitle")} · ${step.date} ${step.slot.start}`}>
          <p className="b-note">{t("b.waitLead")}</p>
          <PersonForm submitText={t("b.waitJoin")} busy={busy} onSubmit={(v) => void actions.wait(step.date, step.slot, v)} />
          <Button block type="text" style={{ marginTop: 8 }} onClick={() => actions.setStep({ kind: "pick" })}>
            {t("b.back")}
          </Button>
        </Panel>
      ) : null}
    </>
  );
}

function HoldTimer({ until }: { until: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.floor((Date.parse(until) - now) / 1000));
  const mmss = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  return (
    <Alert
      type={left > 0 ? "info" : "warning"}
      showIcon
      title={left > 0 ? t("b.holdLeft", { time: mmss }) : t("b.holdGone")}
      style={{ marginBottom: 12 }}
    />
  );
}

/** My appointment: find it by booking code and mobile; cancel, move, or rebook in one click after the site cancelled. */

/**
 * A booking's outcome and a step's panel as plain elements: the library's Result and Card (which
 * brings its tabs, menus and dropdowns) weighed on the first booking page of every phone.
 */
function Outcome(props: { kind: "success" | "info"; title: string; sub: string }) {
  return (
    <div className={`b-result b-result-${props.kind}`} role="status">
      <span className="b-result-icon" aria-hidden="true">
        {props.kind === "success" ? <CheckCircleFilled /> : <InfoCircleFilled />}
      </span>
      <h2 className="b-result-title">{props.title}</h2>
      <p className="b-result-sub">{props.sub}</p>
    </div>
  );
}

function Panel(props: { title: string; children: ReactNode }) {
  return (
    <section className="b-card b-panel" aria-label={props.title}>
      <h2 className="b-panel-title">{props.title}</h2>
      <div className="b-panel-body">{props.children}</div>
    </section>
  );
}
