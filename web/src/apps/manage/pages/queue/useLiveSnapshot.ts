import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { fetchSnapshot } from "../../../../api/queue";
import { useStream } from "../../../../queue/useStream";

export const snapshotKey = (siteId: string) => ["queue-snapshot", siteId] as const;

/**
 * The site's queue snapshot, kept live: the site stream starts after the first snapshot's
 * lastEventId, every event re-reads the snapshot (coalesced), and a reconnection re-reads it
 * before resuming. A slow poll keeps the longest-wait minutes moving when nothing happens.
 */
export function useLiveSnapshot(siteId: string) {
  const qc = useQueryClient();
  const query = useQuery({ queryKey: snapshotKey(siteId), queryFn: () => fetchSnapshot(siteId), refetchInterval: 30_000 });
  const [start, setStart] = useState<number | null>(null);
  useEffect(() => {
    if (start === null && query.data) setStart(query.data.lastEventId);
  }, [start, query.data]);

  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refresh = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void qc.invalidateQueries({ queryKey: snapshotKey(siteId) }), 300);
  }, [qc, siteId]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const status = useStream(start === null ? null : `/api/sites/${encodeURIComponent(siteId)}/events`, null, {
    lastEventId: start,
    onEvent: refresh,
    resync: async () => {
      const s = await fetchSnapshot(siteId);
      qc.setQueryData(snapshotKey(siteId), s);
      return s.lastEventId;
    },
  });
  return { query, status };
}
