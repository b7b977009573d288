import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { setupI18n } from "../../i18n";
import { manageEn } from "./i18n/en";
import { manageZh } from "./i18n/zh";
import { ManageApp } from "./ManageApp";
import "./manage.css";

setupI18n({ zh: manageZh, en: manageEn });
const el = document.getElementById("root");
if (!el) throw new Error("#root missing");
createRoot(el).render(
  <StrictMode>
    <ManageApp />
  </StrictMode>,
);
