import { useTranslation } from "react-i18next";
import type { DeviceSelf } from "../../api/types";

/**
 * The window rating pad (服务评价器, norms 第十五条): after each service it shows who served the
 * applicant and asks for a rating. Until the ratings module gives it that screen, it says so.
 */
export function EvaluatorPad({ self }: { self: DeviceSelf }) {
  const { t } = useTranslation();
  return (
    <div className="dev-center">
      <div className="dev-card">
        <div className="dev-eyebrow">{t("ev.eyebrow")}</div>
        <h1>{self.window ? t("ev.titleAt", { number: self.window.number }) : t("ev.title")}</h1>
        <p className="dev-lead">{t("ev.lead")}</p>
        <p className="dev-lead">{t("ev.until")}</p>
      </div>
    </div>
  );
}

export const evaluatorZh = {
  ev: {
    eyebrow: "窗口服务评价器",
    title: "服务评价",
    titleAt: "{{number}}号窗口 服务评价",
    lead: "每次办理结束后，这里会显示为您服务的工作人员，并请您对本次服务作出评价（非常满意、满意、基本满意、不满意、非常不满意）。",
    until: "评价功能将随“好差评”模块启用；本设备已连接，届时无需重新配对。",
  },
};

export const evaluatorEn: typeof evaluatorZh = {
  ev: {
    eyebrow: "Window rating pad",
    title: "Rate our service",
    titleAt: "Window {{number}}: rate our service",
    lead: "After each service this pad shows the member of staff who served you and asks you to rate the service (from very satisfied to very dissatisfied).",
    until: "Ratings start with the ratings module; this device is connected and will not need pairing again.",
  },
};
