import { useCallback, useEffect, useRef, useState } from "react";
import { type Board, fetchBoard, type QueueEvent, type TicketEventData } from "../../api/queue";
import { callText, speak } from "../../queue/speech";
import { useStream } from "../../queue/useStream";

export interface Call {
  ticketId: string;
  number: string;
  queueName: string;
  windowNumber: number | null;
  recall: boolean;
  at: string;
  /** changes on every call and recall, so the screen can flash again */
  seq: number;
}

export interface BoardQueue {
  id: string;
  prefix: string;
  name: string;
  waiting: number;
}

/** The last calls kept: the screen shows this many; older ones are dropped, so memory stays flat for days. */
export const MAX_CALLS = 8;
/** Events after which a call no longer stands: the ticket leaves the board. */
const WITHDRAWN = new Set(["ticket.no_show", "ticket.transferred", "ticket.parked", "ticket.cancelled"]);
/** A call older than this (replayed after a reconnect) is shown but not spoken. */
const SPEAK_WITHIN_MS = 60_000;

function toCall(e: QueueEvent<TicketEventData>, seq: number): Call {
  const t = e.data.ticket;
  return {
    ticketId: t.id,
    number: t.number,
    queueName: t.queueName,
    windowNumber: t.windowNumber,
    recall: e.type === "ticket.recalled",
    at: e.at,
    seq,
  };
}

/** Newest first, one entry per ticket, at most MAX_CALLS. */
function addCall(calls: Call[], c: Call): Call[] {
  return [c, ...calls.filter((x) => x.ticketId !== c.ticketId)].slice(0, MAX_CALLS);
}

/**
 * The display's state: read from the board, then kept current by the site stream. After a
 * reconnection the board is read again and the stream resumes after its lastEventId.
 */
export function useBoard(siteId: string, token: string) {
  const [queues, setQueues] = useState<BoardQueue[]>([]);
  const [calls, setCalls] = useState<Call[]>([]);
  const [start, setStart] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  // Starts over (board, then stream) after the server refused the stream.
  const restart = useRef<() => void>(() => undefined);

  const apply = useCallback((s: Board) => {
    setQueues(s.queues.map((q) => ({ id: q.id, prefix: q.prefix, name: q.name, waiting: q.waiting })));
    setCalls((prev) => {
      let list: Call[] = [];
      // lastCalls come newest first; add oldest first so the newest ends on top. A call already
      // shown keeps its seq, so re-reading the board does not flash it again.
      for (const e of [...s.lastCalls].reverse()) {
        const known = prev.find((c) => c.ticketId === e.data.ticket.id && c.at === e.at);
        list = addCall(list, toCall(e, known?.seq ?? ++seq.current));
      }
      return list;
    });
    setError(null);
  }, []);

  const load = useCallback(async () => {
    const s = await fetchBoard(siteId, token);
    apply(s);
    return s.lastEventId;
  }, [siteId, token, apply]);

  // First read, retried every 10 s until it works; then the stream keeps the board current. A
  // fresh read every 10 minutes also rolls the board over to the next day.
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const first = async () => {
      try {
        const id = await load();
        if (live) setStart(id);
      } catch (err) {
        if (!live) return;
        setError(err);
        timer = setTimeout(() => void first(), 10_000);
      }
    };
    void first();
    restart.current = () => void first();
    const refresh = setInterval(() => void load().catch(() => undefined), 10 * 60_000);
    return () => {
      live = false;
      clearTimeout(timer);
      clearInterval(refresh);
    };
  }, [load]);

  const onEvent = (type: string, raw: unknown) => {
    const e = raw as QueueEvent<TicketEventData>;
    if (type === "queue.config" || type === "tickets.closed_unserved") {
      void load().catch(setError);
      return;
    }
    if (!type.startsWith("ticket.") || !e.data?.ticket) return;
    const q = e.data.queue;
    if (q && typeof q.waiting === "number") {
      const waiting = q.waiting;
      setQueues((qs) => qs.map((x) => (x.id === q.id ? { ...x, waiting } : x)));
    }
    if (type === "ticket.called" || type === "ticket.recalled") {
      // A recall flashes the number again and speaks it again, as loudly as the first call.
      const call = toCall(e, ++seq.current);
      setCalls((cs) => addCall(cs, call));
      if (Date.now() - Date.parse(e.at) < SPEAK_WITHIN_MS) speak(callText(call.number, call.windowNumber).spoken, 2);
    } else if (WITHDRAWN.has(type)) {
      // No longer a call to act on: a no-show, a transfer, a parked or cancelled ticket leaves the board.
      setCalls((cs) => cs.filter((c) => c.ticketId !== e.data.ticket.id));
    }
  };

  const status = useStream(start === null ? null : `/api/sites/${encodeURIComponent(siteId)}/events`, token, {
    lastEventId: start,
    onEvent,
    resync: load,
    // Refused (token revoked, not allowed): the shell's own check shows why; try again in a minute.
    onFatal: () => {
      setStart(null);
      setTimeout(() => restart.current(), 60_000);
    },
  });
  return { queues, calls, status, error };
}
