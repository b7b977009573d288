import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, Result, Skeleton } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";
import { api, call } from "../../../api/client";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { bookingCodeProblem, phoneProblem, ruleOf } from "../../../components/personFields";
import { sortSites } from "../../../components/siteKinds";
import { AppointmentCard } from "./AppointmentCard";
import type { PublicAppointment, SlotView } from "./api";
import { SlotPicker } from "./SlotPicker";

/** After booking: my appointment (by code and mobile, or the link in a message) and a waiting-list offer. */
export function MyAppointment() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  // How the holder proved it is theirs: the mobile number typed in, or the secret of the link in a message.
  const [found, setFound] = useState<{ a: PublicAppointment; auth: { phone: string } | { token: string } } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [moving, setMoving] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const { modal } = App.useApp();

  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  const lookup = (code: string, auth: { phone: string } | { token: string }) =>
    run(async () => {
      const a = await call(api.POST("/api/public/appointments/lookup", { body: { code: code.trim().toUpperCase(), ...auth } }));
      setFound({ a, auth });
      setNote(null);
      setMoving(false);
    });
  // Opened from the link in a text message: no need to type the mobile number.
  const linkCode = params.get("code");
  const linkToken = params.get("t");
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the link the page was opened with
  useEffect(() => {
    if (linkCode && linkToken) void lookup(linkCode, { token: linkToken });
  }, []);
  const cancel = () =>
    modal.confirm({
      title: t("b.cancelConfirm"),
      okText: t("b.cancel"),
      okButtonProps: { danger: true },
      cancelText: t("b.back"),
      onOk: () =>
        run(async () => {
          if (!found) return;
          const a = await call(api.POST("/api/public/appointments/cancel", { body: { code: found.a.code, ...found.auth } }));
          setFound({ a, auth: found.auth });
          setNote(t("b.cancelled"));
        }),
    });
  const move = (date: string, slot: SlotView) =>
    run(async () => {
      if (!found) return;
      const a = await call(
        api.POST("/api/public/appointments/move", { body: { code: found.a.code, ...found.auth, date, start: slot.start } }),
      );
      // The new booking has its own code and link secret.
      setFound({ a, auth: "phone" in found.auth ? found.auth : { token: a.linkToken ?? "" } });
      setMoving(false);
      setNote(t("b.moved"));
    });
  const siteCode = useSiteCodeOf(found?.a.siteName);

  return (
    <div>
      {!found ? (
        <LookupForm busy={busy} initialCode={params.get("code") ?? ""} onLookup={(code, phone) => void lookup(code, { phone })} />
      ) : null}
      <ErrorAlert error={error} style={{ margin: "12px 0" }} />
      {note ? <Alert type="success" showIcon title={note} style={{ marginBottom: 12 }} /> : null}
      {found ? (
        <>
          {found.a.canRebook ? <Alert type="warning" showIcon title={t("b.rebookLead")} style={{ marginBottom: 12 }} /> : null}
          <AppointmentCard
            a={found.a}
            actions={<ChangeButtons a={found.a} busy={busy} onCancel={cancel} onMove={() => setMoving((m) => !m)} />}
          />
          {found.a.state === "booked" && !found.a.canCancel ? <CutoffNote phone={found.a.sitePhone} /> : null}
          {moving && siteCode ? (
            <section>
              <h2 className="b-h2">{t("b.moveTitle")}</h2>
              <SlotPicker siteCode={siteCode} serviceId={found.a.serviceId} busy={busy} onPick={(d, s) => void move(d, s)} />
            </section>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/** Finding a booking by its code and the mobile number it was made with. */
function LookupForm({
  busy,
  initialCode,
  onLookup,
}: {
  busy: boolean;
  initialCode: string;
  onLookup: (code: string, phone: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string; phone: string }>();
  return (
    <Card className="b-card" title={t("b.lookupTitle")}>
      <Form
        form={form}
        layout="vertical"
        size="large"
        initialValues={{ code: initialCode }}
        onFinish={(v) => onLookup(v.code, v.phone.trim())}
      >
        <Form.Item name="code" label={t("b.bookingCode")} rules={[ruleOf(t, bookingCodeProblem)]}>
          <Input autoCapitalize="characters" autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={t("b.phone")} rules={[ruleOf(t, phoneProblem)]}>
          <Input inputMode="tel" maxLength={11} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t("b.lookup")}
        </Button>
      </Form>
    </Card>
  );
}

/** Cancel (before the cutoff) and move, or book again once the appointment is past saving. */
function ChangeButtons({ a, busy, onCancel, onMove }: { a: PublicAppointment; busy: boolean; onCancel: () => void; onMove: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      {a.canCancel ? (
        <Button danger onClick={onCancel} loading={busy}>
          {t("b.cancel")}
        </Button>
      ) : null}
      {a.canCancel || a.canRebook ? (
        <Button type={a.canRebook ? "primary" : "default"} onClick={onMove}>
          {a.canRebook ? t("b.rebook") : t("b.move")}
        </Button>
      ) : null}
    </>
  );
}

/** The public site list gives a site's code from its name (the appointment carries the name). */
function useSiteCodeOf(name: string | undefined): string | undefined {
  const sites = useQuery({ queryKey: ["public-sites"], queryFn: async () => sortSites(await call(api.GET("/api/public/sites"))) });
  return sites.data?.find((s) => s.name === name)?.code;
}

/** A place offered from the waiting list: one click books it. */
export function Offer() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const token = params.get("token") ?? "";
  const offer = useQuery({
    queryKey: ["offer", token],
    enabled: token.length > 0,
    retry: false,
    queryFn: () => call(api.GET("/api/public/appointments/offers/{token}", { params: { path: { token } } })),
  });
  const [done, setDone] = useState<PublicAppointment | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function accept() {
    try {
      setDone(await call(api.POST("/api/public/appointments/offers/{token}/accept", { params: { path: { token } } })));
    } catch (err) {
      setError(err);
    }
  }
  if (done) {
    return (
      <div>
        <Result status="success" title={t("b.done")} subTitle={t("b.doneLead")} />
        <AppointmentCard a={done} actions={<Button onClick={() => navigate(`/booking/my?code=${done.code}`)}>{t("b.manage")}</Button>} />
      </div>
    );
  }
  return (
    <div>
      <h2 className="b-h2">{t("b.offerTitle")}</h2>
      {offer.isPending && token ? <Skeleton active /> : null}
      <ErrorAlert error={offer.error ?? error} />
      {offer.data ? (
        <>
          <Alert type="info" showIcon title={t("b.offerLead", { time: offer.data.expiresAt.slice(11, 16) })} style={{ marginBottom: 12 }} />
          <AppointmentCard
            a={offer.data}
            actions={
              <Button type="primary" onClick={() => void accept()}>
                {t("b.offerAccept")}
              </Button>
            }
          />
        </>
      ) : null}
    </div>
  );
}

/** Too close to the appointment to change it online: say whom to call, with the number. */
function CutoffNote({ phone }: { phone: string | null }) {
  const { t } = useTranslation();
  return (
    <p className="b-note">
      {phone ? (
        <>
          {t("b.cutoffNoteCall")} <a href={`tel:${phone.replace(/[^\d+]/g, "")}`}>{phone}</a>
        </>
      ) : (
        t("b.cutoffNote")
      )}
    </p>
  );
}
