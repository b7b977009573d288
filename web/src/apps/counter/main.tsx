import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { authEn, authZh } from "../../components/auth/i18n";
import { setupI18n } from "../../i18n";
import { queueEn, queueZh } from "../../queue/words";
import { CounterApp } from "./CounterApp";
import { counterEn, counterZh } from "./i18n";
import "./counter.css";

// The counter console: window staff sign in, open a window, and call, serve and transfer tickets.
setupI18n({ zh: { ...authZh, ...queueZh, ...counterZh }, en: { ...authEn, ...queueEn, ...counterEn } });
const el = document.getElementById("root");
if (!el) throw new Error("#root missing");
createRoot(el).render(
  <StrictMode>
    <CounterApp />
  </StrictMode>,
);
