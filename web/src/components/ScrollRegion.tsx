import { type ReactNode, useLayoutEffect, useRef } from "react";

/**
 * A table that scrolls inside its own box must be reachable by keyboard (axe:
 * scrollable-region-focusable): antd renders the scrolling element itself, so after each render
 * its scrolling parts get tabIndex 0 and a name.
 */
export function ScrollRegion(props: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    for (const el of ref.current?.querySelectorAll<HTMLElement>(".ant-table-content, .ant-table-body") ?? []) {
      el.tabIndex = 0;
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", props.label);
    }
  });
  return <div ref={ref}>{props.children}</div>;
}
