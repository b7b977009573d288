import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { setupI18n } from "../../i18n";
import { DeviceShell, type DeviceShellProps } from "./DeviceShell";
import { deviceEn, deviceZh } from "./i18n";

/** Starts a device app: no antd, no management code, only the shell and its words. */
export function mountDevice(props: DeviceShellProps): void {
  setupI18n({ zh: deviceZh, en: deviceEn });
  const el = document.getElementById("root");
  if (!el) throw new Error("#root missing");
  createRoot(el).render(
    <StrictMode>
      <DeviceShell {...props} />
    </StrictMode>,
  );
}
