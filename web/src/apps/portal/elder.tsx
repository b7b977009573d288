import { CheckOutlined, FontSizeOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

const ELDER_KEY = "govhall.portal.elder";

function readElder(): boolean {
  try {
    return localStorage.getItem(ELDER_KEY) === "1";
  } catch {
    return false;
  }
}

interface ElderState {
  elder: boolean;
  toggle: () => void;
}

const ElderContext = createContext<ElderState>({ elder: false, toggle: () => {} });

/** Elder mode (适老化): one switch for every portal page, remembered in this browser. */
export function ElderProvider(props: { children: (elder: boolean) => ReactNode }) {
  const [elder, setElder] = useState(readElder);
  useEffect(() => {
    document.body.classList.toggle("elder", elder);
    try {
      localStorage.setItem(ELDER_KEY, elder ? "1" : "0");
    } catch {
      // private mode: lasts for this page only
    }
  }, [elder]);
  return <ElderContext.Provider value={{ elder, toggle: () => setElder((v) => !v) }}>{props.children(elder)}</ElderContext.Provider>;
}

export const useElder = () => useContext(ElderContext);

export function ElderToggle(props: { compact?: boolean }) {
  const { t } = useTranslation();
  const { elder, toggle } = useElder();
  return (
    <Button
      type={elder ? "primary" : "default"}
      aria-pressed={elder}
      onClick={toggle}
      className="elder-toggle"
      size={props.compact && !elder ? "middle" : "large"}
      icon={elder ? <CheckOutlined /> : <FontSizeOutlined />}
    >
      {t("portal.elder")}
    </Button>
  );
}
