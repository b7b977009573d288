import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { fieldEn, fieldZh } from "../../components/personFields";
import { setupI18n } from "../../i18n";
import { portalEn, portalZh } from "./i18n";
import { PortalApp } from "./PortalApp";
import "./portal.css";

setupI18n({ zh: { ...portalZh, ...fieldZh }, en: { ...portalEn, ...fieldEn } });
const el = document.getElementById("root");
if (!el) throw new Error("#root missing");
createRoot(el).render(
  <StrictMode>
    <PortalApp />
  </StrictMode>,
);
