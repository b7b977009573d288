import { type EventSourceMessage, EventStreamContentType, fetchEventSource } from "@microsoft/fetch-event-source";

export type StreamStatus = "connecting" | "open" | "retrying" | "stopped";

export interface StreamOptions {
  /** path of the server-sent event stream, e.g. /api/sites/<id>/events */
  url: string;
  /** a device's bearer token; staff pages send their session cookie instead */
  token?: string | null;
  /** resume after this event id (the snapshot's lastEventId); null: live events only */
  lastEventId?: number | null;
  onEvent: (type: string, data: unknown) => void;
  /** every (re)connection; `again` is false the first time */
  onOpen?: (again: boolean) => void;
  onStatus?: (status: StreamStatus) => void;
  /**
   * Before each reconnection: re-read the state (a snapshot) and return the event id to resume
   * after, or undefined to keep resuming after the last event seen. A throw counts as a failure.
   */
  resync?: () => Promise<number | null | undefined>;
  /** 401/403/404: the stream will not work by retrying (token revoked, not allowed, gone) */
  onFatal?: (status: number) => void;
  /** no byte (not even the server's 15 s heartbeat) for this long: the connection is dead */
  idleMs?: number;
}

/**
 * Whether an event with this id continues what the client holds. The server sends each stream in
 * id order, with `prev` (the id it sent before on this connection, or the one resumed after): an
 * id at or below the last held is a duplicate; a `prev` above it means events in between are missing.
 */
export function acceptId(lastId: number | null, id: number, prev: unknown): "next" | "duplicate" | "gap" {
  if (lastId === null) return "next";
  if (id <= lastId) return "duplicate";
  if (typeof prev === "number" && prev > lastId) return "gap";
  return "next";
}

/** The resume point after a heartbeat or id-only message: its id when that is further on. */
const furthest = (lastId: number | null, id: number | null) => (id !== null && (lastId === null || id > lastId) ? id : lastId);

const numericId = (id: string | undefined) => (id && /^\d+$/.test(id) ? Number(id) : null);

/** An event's JSON payload, or undefined when it is not JSON (such an event is skipped). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

class HttpRefusal extends Error {
  constructor(readonly status: number) {
    super(`stream refused: ${status}`);
  }
}

/** Counts bytes as they arrive, so a silent, half-dead connection is noticed. */
function tappedFetch(onBytes: () => void): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (!res.body) return res;
    const tap = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        onBytes();
        ctl.enqueue(chunk);
      },
    });
    return new Response(res.body.pipeThrough(tap), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((ok) => {
    const timer = setTimeout(ok, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      ok();
    });
  });

/**
 * A server-sent event stream that stays up for days: it reconnects by itself with growing pauses
 * (1 s … 30 s), resumes with Last-Event-ID, drops a connection that went silent, and can re-read
 * the state before resuming. Works with a bearer token (EventSource cannot send one).
 * Returns a function that stops it for good.
 */
export function openStream(o: StreamOptions): () => void {
  const stop = new AbortController();
  const idleMs = o.idleMs ?? 45_000;
  let lastId = o.lastEventId ?? null;
  let opened = false;
  let openedAt = 0;
  let gap = false;

  const status = (s: StreamStatus) => o.onStatus?.(s);

  async function connectOnce(): Promise<void> {
    const conn = new AbortController();
    const abort = () => conn.abort();
    stop.signal.addEventListener("abort", abort);
    let lastByte = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - lastByte > idleMs) conn.abort();
    }, 5_000);
    const headers: Record<string, string> = { accept: EventStreamContentType };
    if (o.token) headers.Authorization = `Bearer ${o.token}`;
    if (lastId !== null) headers["Last-Event-ID"] = String(lastId);
    try {
      await fetchEventSource(o.url, {
        signal: conn.signal,
        headers,
        credentials: "same-origin",
        openWhenHidden: true,
        fetch: tappedFetch(() => {
          lastByte = Date.now();
        }),
        onopen: async (res) => {
          if (!res.ok) throw new HttpRefusal(res.status);
          if (!res.headers.get("content-type")?.startsWith(EventStreamContentType)) throw new HttpRefusal(0);
          status("open");
          openedAt = Date.now();
          o.onOpen?.(opened);
          opened = true;
        },
        onmessage: (ev) => receive(ev, conn),
        onclose: () => {
          throw new Error("stream closed by the server");
        },
        onerror: (err: unknown) => {
          throw err;
        },
      });
      // Resolves only when aborted: by the watchdog (retry) or by stop().
    } finally {
      clearInterval(watchdog);
      stop.signal.removeEventListener("abort", abort);
    }
  }

  /** One message: a heartbeat or id-only message moves the resume point; an event is delivered once, in order. */
  function receive(ev: EventSourceMessage, conn: AbortController): void {
    const id = numericId(ev.id);
    if (!ev.event || !ev.data) {
      lastId = furthest(lastId, id);
      return;
    }
    const data = parseJson(ev.data);
    if (data === undefined) return;
    const v = id === null ? "next" : acceptId(lastId, id, (data as { prev?: unknown }).prev);
    if (v === "duplicate") return;
    if (v === "gap") {
      // Something between the last id held and this one never arrived: resume after the
      // highest contiguous id held, and let the server replay the rest in order.
      gap = true;
      conn.abort();
      return;
    }
    if (id !== null) lastId = id;
    o.onEvent(ev.event, data);
  }

  /** One connection (re-reading the state first on a reconnection); the status that ends it for good, if any. */
  async function attempt(): Promise<number | null> {
    try {
      if (opened && o.resync) {
        const id = await o.resync();
        if (id !== undefined) lastId = id;
      }
      await connectOnce();
      return null;
    } catch (err) {
      return err instanceof HttpRefusal && [401, 403, 404].includes(err.status) ? err.status : null;
    }
  }

  async function run() {
    let failures = 0;
    status("connecting");
    while (!stop.signal.aborted) {
      const fatal = await attempt();
      if (fatal !== null) {
        status("stopped");
        o.onFatal?.(fatal);
        return;
      }
      if (stop.signal.aborted) break;
      if (gap) {
        // Not a failure: reconnect at once from the last contiguous id.
        gap = false;
        status("retrying");
        await sleep(100, stop.signal);
        continue;
      }
      // A connection that stayed up a while was healthy: the pauses start short again.
      if (openedAt && Date.now() - openedAt > 30_000) failures = 0;
      openedAt = 0;
      failures += 1;
      status("retrying");
      const pause = Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5));
      await sleep(pause + Math.random() * 500, stop.signal);
    }
    status("stopped");
  }

  void run();
  return () => stop.abort();
}
