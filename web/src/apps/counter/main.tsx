import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { authEn, authZh } from "../../components/auth/i18n";
import { fieldEn, fieldZh } from "../../components/personFields";
import { slipEn, slipZh } from "../../components/slip/TicketSlip";
import { setupI18n } from "../../i18n";
import { queueEn, queueZh } from "../../queue/words";
import { CounterApp } from "./CounterApp";
import { counterEn, counterZh } from "./i18n";
import "./counter.css";

// The counter console: window staff sign in, open a window, and call, serve and transfer tickets;
// guides take tickets for applicants at the guide desk (/counter/issue).
setupI18n({
  zh: { ...authZh, ...queueZh, ...counterZh, ...fieldZh, ...slipZh },
  en: { ...authEn, ...queueEn, ...counterEn, ...fieldEn, ...slipEn },
});
const el = document.getElementById("root");
if (!el) throw new Error("#root missing");
createRoot(el).render(
  <StrictMode>
    <CounterApp />
  </StrictMode>,
);
