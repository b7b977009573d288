import { useEffect, useRef, useState } from "react";
import { openStream, type StreamOptions, type StreamStatus } from "./stream";

export type StreamHandlers = Omit<StreamOptions, "url" | "token" | "onStatus">;

/**
 * Keeps a server-sent event stream open while `url` is set. The handlers may change on every
 * render without reconnecting; `lastEventId` is read when the stream starts.
 */
export function useStream(url: string | null, token: string | null, handlers: StreamHandlers): StreamStatus {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  const [status, setStatus] = useState<StreamStatus>("connecting");
  useEffect(() => {
    if (!url) return;
    const h = ref.current;
    return openStream({
      url,
      token,
      lastEventId: h.lastEventId ?? null,
      onEvent: (type, data) => ref.current.onEvent(type, data),
      onOpen: (again) => ref.current.onOpen?.(again),
      onFatal: (s) => ref.current.onFatal?.(s),
      resync: h.resync ? () => ref.current.resync?.() ?? Promise.resolve(undefined) : undefined,
      onStatus: setStatus,
      idleMs: h.idleMs,
    });
  }, [url, token]);
  return status;
}
