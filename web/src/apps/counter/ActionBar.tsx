import {
  CheckCircleOutlined,
  NotificationOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  SoundOutlined,
  StopOutlined,
  SwapOutlined,
} from "@ant-design/icons";
import { Button } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export type ActionKey = "callNext" | "recall" | "start" | "finish" | "noShow" | "transfer" | "park";

const ACTIONS: { key: ActionKey; fkey: string; icon: ReactNode; primary?: boolean; danger?: boolean }[] = [
  { key: "callNext", fkey: "F1", icon: <SoundOutlined />, primary: true },
  { key: "recall", fkey: "F2", icon: <NotificationOutlined /> },
  { key: "start", fkey: "F3", icon: <PlayCircleOutlined /> },
  { key: "finish", fkey: "F4", icon: <CheckCircleOutlined /> },
  { key: "noShow", fkey: "F6", icon: <StopOutlined />, danger: true },
  { key: "transfer", fkey: "F7", icon: <SwapOutlined /> },
  { key: "park", fkey: "F8", icon: <PauseCircleOutlined /> },
];

/** The window's actions, each with its function key printed on it. */
export function ActionBar(props: { enabled: Record<ActionKey, boolean>; busy: string | null; onAction: (k: ActionKey) => void }) {
  const { t } = useTranslation();
  return (
    <div className="c-actions" role="toolbar" aria-label={t("c.keys")}>
      {ACTIONS.map((a) => (
        <Button
          key={a.key}
          size="large"
          type={a.primary ? "primary" : "default"}
          danger={a.danger}
          icon={a.icon}
          disabled={!props.enabled[a.key] || (props.busy !== null && props.busy !== a.key)}
          loading={props.busy === a.key}
          onClick={() => props.onAction(a.key)}
          aria-keyshortcuts={a.fkey}
          className={a.primary ? "c-action c-action-main" : "c-action"}
        >
          {t(`c.act.${a.key}`)}
          <kbd>{a.fkey}</kbd>
        </Button>
      ))}
    </div>
  );
}
