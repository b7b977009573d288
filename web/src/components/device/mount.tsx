import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { setupI18n } from "../../i18n";
import { DeviceShell, type DeviceShellProps } from "./DeviceShell";
import { deviceEn, deviceZh } from "./i18n";

type Dict = Record<string, unknown>;

/** Starts a device app: no antd, no management code, only the shell, its words and the app's own. */
export function mountDevice(props: DeviceShellProps, words: { zh: Dict; en: Dict } = { zh: {}, en: {} }): void {
  setupI18n({ zh: { ...deviceZh, ...words.zh }, en: { ...deviceEn, ...words.en } });
  const el = document.getElementById("root");
  if (!el) throw new Error("#root missing");
  createRoot(el).render(
    <StrictMode>
      <DeviceShell {...props} />
    </StrictMode>,
  );
}
