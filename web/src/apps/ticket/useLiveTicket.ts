import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api, call } from "../../api/client";
import type { PublicTicket } from "../../api/queue";
import { useStream } from "../../queue/useStream";

/**
 * The holder's ticket, live: read once, then the ticket stream sends the whole ticket when it
 * changes and the place in line when the queue moves. The stream reconnects by itself and the
 * server sends the whole ticket again on every connection.
 */
export function useLiveTicket(code: string) {
  const [ticket, setTicket] = useState<PublicTicket | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);

  const load = useCallback(async () => {
    try {
      setTicket(await call(api.GET("/api/public/tickets/{code}", { params: { path: { code } } })));
      setError(null);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 400)) setMissing(true);
      else setError(err);
    }
  }, [code]);

  useEffect(() => {
    if (code.length < 2) setMissing(true);
    else void load();
  }, [code, load]);

  const status = useStream(ticket && !missing ? `/api/public/tickets/${encodeURIComponent(code)}/events` : null, null, {
    onEvent: (type, data) => {
      if (type === "ticket") setTicket(data as PublicTicket);
      if (type === "position") {
        const p = data as { peopleAhead: number; estimatedWaitMin: number };
        setTicket((t) => (t ? { ...t, peopleAhead: p.peopleAhead, estimatedWaitMin: p.estimatedWaitMin } : t));
      }
    },
    onFatal: (s) => {
      if (s === 404) setMissing(true);
    },
  });
  return { ticket, error, missing, status, reload: load };
}

/** Buzzes the phone once per call and recall (calledAt changes); silently nothing where unsupported. */
export function useCallAlert(ticket: PublicTicket | null): void {
  const last = useRef<string | null>(null);
  useEffect(() => {
    if (ticket?.state !== "called" || !ticket.calledAt || ticket.calledAt === last.current) return;
    last.current = ticket.calledAt;
    try {
      // Browsers allow vibration only after the user has touched the page once.
      if (navigator.userActivation?.hasBeenActive ?? true) navigator.vibrate?.([400, 200, 400, 200, 600]);
    } catch {
      // no vibration here
    }
  }, [ticket]);
}
