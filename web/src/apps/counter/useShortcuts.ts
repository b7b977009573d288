import { useEffect, useRef } from "react";

/**
 * Function keys for the common actions. Ignored while typing in a field or while a dialog is
 * open (the caller turns them off); the browser's own use of the key (F1 help, F6 address bar) is prevented.
 */
export function useShortcuts(map: Record<string, () => void>, enabled: boolean): void {
  const ref = useRef(map);
  useEffect(() => {
    ref.current = map;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const fn = ref.current[e.key];
      if (!fn) return;
      e.preventDefault();
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable='true']")) return;
      if (e.repeat) return;
      fn();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
