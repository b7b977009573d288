import { useEffect, useState } from "react";
import { api, call } from "../../api/client";
import type { DeviceKind } from "../../api/types";

export type PairingCodeState =
  | { kind: "starting" }
  | { kind: "waiting"; code: string; expiresAt: string }
  | { kind: "paired"; token: string }
  | { kind: "error"; error: unknown };

const POLL_MS = 2500;

/**
 * Asks the server for a short pairing code and polls until a manager confirms it; a new code is
 * asked for when one runs out. The secret that collects the token never leaves this page.
 */
export function usePairingCode(kind: DeviceKind, enabled: boolean): PairingCodeState {
  const [state, setState] = useState<PairingCodeState>({ kind: "starting" });
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = (fn: () => void, ms: number) => {
      if (!stopped) timer = setTimeout(fn, ms);
    };
    async function begin() {
      try {
        const p = await call(api.POST("/api/public/device-pairings", { body: { kind } }));
        if (stopped) return;
        setState({ kind: "waiting", code: p.code, expiresAt: p.expiresAt });
        later(() => poll(p.id, p.secret), POLL_MS);
      } catch (error) {
        setState({ kind: "error", error });
        later(begin, 10_000);
      }
    }
    async function poll(id: string, secret: string) {
      try {
        const r = await call(
          api.POST("/api/public/device-pairings/{pairingId}/claim", { params: { path: { pairingId: id } }, body: { secret } }),
        );
        if (stopped) return;
        if (r.state === "paired") setState({ kind: "paired", token: r.token });
        else later(() => poll(id, secret), POLL_MS);
      } catch {
        // Expired or gone: start over with a fresh code.
        later(begin, 1000);
      }
    }
    void begin();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [kind, enabled]);
  return state;
}
