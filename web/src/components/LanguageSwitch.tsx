import { Segmented } from "antd";
import { useTranslation } from "react-i18next";
import { type Lang, setLang } from "../i18n";

/** 中文 / English, remembered in this browser. */
export function LanguageSwitch(props: { size?: "small" | "middle" | "large" }) {
  const { i18n, t } = useTranslation();
  const value: Lang = i18n.language.startsWith("en") ? "en" : "zh";
  return (
    <Segmented<Lang>
      size={props.size ?? "small"}
      value={value}
      onChange={setLang}
      options={[
        { value: "zh", label: t("lang.zh") },
        { value: "en", label: t("lang.en") },
      ]}
      aria-label="Language / 语言"
    />
  );
}
