import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { setupI18n } from "../../i18n";
import { DistrictApp } from "./DistrictApp";
import { districtEn, districtZh } from "./i18n";

setupI18n({ zh: districtZh, en: districtEn });
document.body.style.margin = "0";
document.body.style.background = "#f0f2f5";
const el = document.getElementById("root");
if (!el) throw new Error("#root missing");
createRoot(el).render(
  <StrictMode>
    <DistrictApp />
  </StrictMode>,
);
