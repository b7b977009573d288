import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App } from "antd";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, errorText } from "../../api/client";
import { fetchConsole } from "../../api/queue";
import { useStream } from "../../queue/useStream";

/**
 * The window's console data, kept live by the window stream: every event of the window or of
 * its queues re-reads the console (coalesced), and so does every reconnection.
 */
export function useConsole(windowId: string) {
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: ["console", windowId],
    queryFn: () => fetchConsole(windowId),
    // Wait times grow by the minute even when nothing happens.
    refetchInterval: 60_000,
  });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refresh = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void qc.invalidateQueries({ queryKey: ["console", windowId] }), 150);
  }, [qc, windowId]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const status = useStream(`/api/windows/${encodeURIComponent(windowId)}/events`, null, {
    onEvent: refresh,
    onOpen: (again) => {
      if (again) refresh();
    },
  });
  return { query, status, refresh };
}

/**
 * Runs one window action: one at a time, the server's refusal shown in its own words (e.g. a
 * no-show before the required recalls), the console re-read afterwards.
 */
export function useRunner(refresh: () => void) {
  const { message } = App.useApp();
  const { i18n } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const busyRef = useRef(false);
  const run = useCallback(
    async (name: string, fn: () => Promise<unknown>, done?: string): Promise<boolean> => {
      if (busyRef.current) return false;
      busyRef.current = true;
      setBusy(name);
      try {
        await fn();
        if (done) message.success(done);
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.code === "no_waiting_ticket") message.info(err.text(i18n.language));
        else message.error(errorText(err, i18n.language), 6);
        return false;
      } finally {
        busyRef.current = false;
        setBusy(null);
        refresh();
      }
    },
    [message, i18n.language, refresh],
  );
  return { busy, run };
}
