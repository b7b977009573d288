import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call, callOnce, deviceClient, errorText } from "../../api/client";
import type { PublicQueues, TicketPrint } from "../../api/queue";
import type { DeviceSelf } from "../../api/types";
import { ClockIcon } from "../../components/device/icons";
import { relativeDayTime } from "../../components/relativeDay";
import { CheckIn } from "./CheckIn";
import { type Details, DetailsStep } from "./DetailsStep";
import { ServicePicker } from "./ServicePicker";
import { TicketResult } from "./TicketResult";
import { useIdle } from "./useIdle";

export type KioskQueue = PublicQueues["queues"][number];
/** A service item (事项) a queue serves: found by name in the kiosk's search; its ticket names it. */
export interface KioskItem {
  code: string;
  name: string;
  queueId: string;
}

type Step =
  | { kind: "home" }
  | { kind: "details"; queue: KioskQueue; item?: KioskItem }
  | { kind: "checkin" }
  | { kind: "ticket"; print: TicketPrint; note?: string };

const IDLE_MS = 30_000;

/** Self-service ticketing: choose a service → optional ID/mobile and priority → the ticket, its QR code and the 80 mm slip. */
export function KioskApp({ self, token }: { self: DeviceSelf; token: string }) {
  const { t, i18n } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: "home" });
  const [hall, setHall] = useState<PublicQueues | null>(null);
  const [items, setItems] = useState<KioskItem[]>([]);
  const itemsFor = useRef<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [issueError, setIssueError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const next = await call(api.GET("/api/public/sites/{code}/queues", { params: { path: { code: self.site.code } } }));
      setHall(next);
      setLoadError(null);
      // The items each queue serves (C3): searchable by name; without them the tiles still work.
      // Read once per set of queues, not at every refresh of the waiting counts.
      const queueKey = next.queues.map((q) => q.id).join(",");
      if (queueKey === itemsFor.current) return;
      itemsFor.current = queueKey;
      const client = deviceClient(token);
      const lists = await Promise.all(
        next.queues.map((q) =>
          call(client.GET("/api/sites/{siteId}/queues/{queueId}/items", { params: { path: { siteId: self.site.id, queueId: q.id } } }))
            .then((r) => r.items.map((i) => ({ code: i.code, name: i.name, queueId: q.id })))
            .catch(() => [] as KioskItem[]),
        ),
      );
      setItems(lists.flat());
    } catch (err) {
      setLoadError(errorText(err, i18n.language));
    }
  }, [self.site.code, self.site.id, token, i18n.language]);

  // The waiting counts on the tiles stay fresh while the start screen shows.
  useEffect(() => {
    if (step.kind !== "home") return;
    void load();
    const timer = setInterval(() => void load(), 20_000);
    return () => clearInterval(timer);
  }, [step.kind, load]);

  const home = useCallback(() => {
    setIssueError(null);
    setStep({ kind: "home" });
  }, []);
  const left = useIdle(IDLE_MS, step.kind !== "home", home);

  async function issue(queue: KioskQueue, item: KioskItem | undefined, d: Details) {
    setBusy(true);
    setIssueError(null);
    try {
      const client = deviceClient(token);
      // One key per attempt: a retry after a lost answer gets the same ticket, never a second one.
      const ticket = await callOnce((headers) =>
        client.POST("/api/sites/{siteId}/tickets", {
          params: { path: { siteId: self.site.id } },
          headers,
          body: {
            queueId: queue.id,
            priorityClass: d.priority,
            applicantIdNumber: d.idNumber || null,
            applicantPhone: d.phone || null,
            itemCode: item?.code ?? null,
          },
        }),
      );
      const print = await call(client.GET("/api/tickets/{ticketId}/print", { params: { path: { ticketId: ticket.id } } }));
      setStep({ kind: "ticket", print });
    } catch (err) {
      // The server's words: closed now (with when it opens), today's tickets all taken, limit per person…
      setIssueError(errorText(err, i18n.language));
    } finally {
      setBusy(false);
    }
  }

  /** Appointment check-in: on time → an appointment ticket; past the grace period → a normal one. */
  async function checkIn(by: { code: string } | { idNumber: string }) {
    setBusy(true);
    setIssueError(null);
    try {
      const client = deviceClient(token);
      const r = await callOnce((headers) =>
        client.POST("/api/sites/{siteId}/appointments/check-in", { params: { path: { siteId: self.site.id } }, headers, body: by }),
      );
      const print = await call(client.GET("/api/tickets/{ticketId}/print", { params: { path: { ticketId: r.ticket.id } } }));
      setStep({ kind: "ticket", print, note: r.onTime ? t("kc.onTime") : t("kc.late") });
    } catch (err) {
      setIssueError(errorText(err, i18n.language));
    } finally {
      setBusy(false);
    }
  }

  if (step.kind === "ticket") {
    return <TicketResult print={step.print} secondsLeft={left} onDone={home} note={step.note} />;
  }
  if (step.kind === "checkin") {
    return <CheckIn busy={busy} error={issueError} onBack={home} onSubmit={(by) => void checkIn(by)} secondsLeft={left} />;
  }
  if (step.kind === "details") {
    return (
      <DetailsStep
        queue={step.queue}
        itemName={step.item?.name}
        busy={busy}
        error={issueError}
        onBack={home}
        onSubmit={(d) => void issue(step.queue, step.item, d)}
        secondsLeft={left}
      />
    );
  }
  if (hall && !hall.open) return <Closed next={hall.nextOpen} />;
  return (
    <ServicePicker
      queues={hall?.queues ?? null}
      items={items}
      error={loadError ?? undefined}
      onPick={(queue, item) => setStep({ kind: "details", queue, item })}
      loadingText={t("state.loading")}
      extra={
        <div className="kc-entry">
          <button type="button" className="k-secondary" onClick={() => setStep({ kind: "checkin" })}>
            {t("kc.button")}
          </button>
        </div>
      }
    />
  );
}

function Closed({ next }: { next: PublicQueues["nextOpen"] }) {
  const { t, i18n } = useTranslation();
  return (
    <main className="dev-center">
      <div className="k-closed" role="alert">
        <div className="k-closed-icon">
          <ClockIcon />
        </div>
        <h1>{t("k.closedTitle")}</h1>
        <p>{next ? t("k.closedNext", { when: relativeDayTime(next.date, next.time, i18n.language) }) : t("k.closedNone")}</p>
      </div>
    </main>
  );
}
