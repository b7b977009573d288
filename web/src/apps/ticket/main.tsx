import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { setupI18n } from "../../i18n";
import { queueEn, queueZh } from "../../queue/words";
import { ticketEn, ticketZh } from "./i18n";
import { TicketPage } from "./TicketPage";
import "./ticket.css";

// The live-ticket page a printed QR code opens: /t/<code>, public, phone first; no antd (see TicketPage).
setupI18n({ zh: { ...queueZh, ...ticketZh }, en: { ...queueEn, ...ticketEn } });
const code = decodeURIComponent(window.location.pathname.split("/")[2] ?? "");
const el = document.getElementById("root");
if (!el) throw new Error("#root missing");
createRoot(el).render(
  <StrictMode>
    <TicketPage code={code} />
  </StrictMode>,
);
