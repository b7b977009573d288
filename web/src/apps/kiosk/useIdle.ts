import { useEffect, useRef, useState } from "react";

/**
 * Calls `onIdle` after `ms` without a touch, click or key while `active`. Returns the seconds
 * left, for a countdown on screen.
 */
export function useIdle(ms: number, active: boolean, onIdle: () => void): number {
  const cb = useRef(onIdle);
  useEffect(() => {
    cb.current = onIdle;
  });
  const [left, setLeft] = useState(Math.round(ms / 1000));
  useEffect(() => {
    if (!active) return;
    let last = Date.now();
    setLeft(Math.round(ms / 1000));
    const touch = () => {
      last = Date.now();
      setLeft(Math.round(ms / 1000));
    };
    const events = ["pointerdown", "keydown", "touchstart", "wheel"] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    const timer = setInterval(() => {
      const rest = ms - (Date.now() - last);
      setLeft(Math.max(0, Math.ceil(rest / 1000)));
      if (rest <= 0) {
        last = Date.now();
        cb.current();
      }
    }, 1000);
    return () => {
      clearInterval(timer);
      for (const e of events) window.removeEventListener(e, touch);
    };
  }, [ms, active]);
  return left;
}
