import { useCallback, useEffect, useState } from "react";
import { ApiError, call, deviceClient } from "../../api/client";
import type { DeviceSelf } from "../../api/types";

export type DeviceState =
  | { kind: "unpaired" }
  | { kind: "loading" }
  | { kind: "ready"; self: DeviceSelf; checkedAt: Date }
  | { kind: "revoked" }
  | { kind: "offline"; error: ApiError };

const storageKey = (app: string) => `govhall.device.${app}.token`;

export function readToken(app: string): string | null {
  try {
    return localStorage.getItem(storageKey(app));
  } catch {
    return null;
  }
}

export function fetchSelf(token: string): Promise<DeviceSelf> {
  return call(deviceClient(token).GET("/api/device/self"));
}

/**
 * The device's token (kept in localStorage) and what the server says about it.
 * Re-checked every minute, so a revoked token shows at once on the screen.
 */
export function useDevice(app: string, recheckMs = 60_000) {
  const [token, setTokenState] = useState<string | null>(() => readToken(app));
  const [state, setState] = useState<DeviceState>(token ? { kind: "loading" } : { kind: "unpaired" });

  const check = useCallback(async (tok: string) => {
    try {
      const self = await fetchSelf(tok);
      setState({ kind: "ready", self, checkedAt: new Date() });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) setState({ kind: "revoked" });
      else setState({ kind: "offline", error: err instanceof ApiError ? err : new ApiError(0, undefined) });
    }
  }, []);

  useEffect(() => {
    if (!token) return;
    void check(token);
    const timer = setInterval(() => void check(token), recheckMs);
    return () => clearInterval(timer);
  }, [token, check, recheckMs]);

  // Offline: try again sooner than the regular check.
  useEffect(() => {
    if (!token || state.kind !== "offline") return;
    const timer = setTimeout(() => void check(token), 10_000);
    return () => clearTimeout(timer);
  }, [token, state, check]);

  const pair = useCallback(
    (tok: string, self: DeviceSelf) => {
      localStorage.setItem(storageKey(app), tok);
      setTokenState(tok);
      setState({ kind: "ready", self, checkedAt: new Date() });
    },
    [app],
  );
  const unpair = useCallback(() => {
    localStorage.removeItem(storageKey(app));
    setTokenState(null);
    setState({ kind: "unpaired" });
  }, [app]);

  return { token, state, pair, unpair };
}
