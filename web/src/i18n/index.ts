import i18next, { type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { commonEn, commonZh } from "./common";

export type Lang = "zh" | "en";
const KEY = "govhall.lang";

export function storedLang(): Lang {
  try {
    return localStorage.getItem(KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

type Dict = Record<string, unknown>;

/**
 * Starts i18next with the shared words plus the app's own (zh-CN first, English second).
 * Each app brings only its own dictionary, so a kiosk carries no management strings.
 */
export function setupI18n(app: { zh: Dict; en: Dict }): I18n {
  const lng = storedLang();
  void i18next.use(initReactI18next).init({
    resources: {
      zh: { translation: { ...commonZh, ...app.zh } },
      en: { translation: { ...commonEn, ...app.en } },
    },
    lng,
    fallbackLng: "zh",
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  document.documentElement.lang = lng === "zh" ? "zh-CN" : "en";
  return i18next;
}

export function setLang(lang: Lang): void {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  void i18next.changeLanguage(lang);
}
