import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { authEn, authZh } from "../../components/auth/i18n";
import { setupI18n } from "../../i18n";
import { queueEn, queueZh } from "../../queue/words";
import { manageCatalogEn } from "./i18n/catalog.en";
import { manageCatalogZh } from "./i18n/catalog.zh";
import { manageEn } from "./i18n/en";
import { manageQueueEn, manageQueueZh } from "./i18n/queue";
import { manageZh } from "./i18n/zh";
import { ManageApp } from "./ManageApp";
import "./manage.css";

setupI18n({
  zh: { ...authZh, ...queueZh, ...manageQueueZh, ...manageCatalogZh, ...manageZh },
  en: { ...authEn, ...queueEn, ...manageQueueEn, ...manageCatalogEn, ...manageEn },
});
const el = document.getElementById("root");
if (!el) throw new Error("#root missing");
createRoot(el).render(
  <StrictMode>
    <ManageApp />
  </StrictMode>,
);
