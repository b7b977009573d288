import { LogoutOutlined } from "@ant-design/icons";
import { Button, Space, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../api/types";
import { useSignOut } from "../../components/auth/session";
import { LanguageSwitch } from "../../components/LanguageSwitch";

/** The console's top bar: app name, what the page adds (window, state, actions), language, user. */
export function Header(props: { me: Me; children?: ReactNode }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <header className="c-header">
      <div className="c-brand">
        <img src="/favicon.svg" alt="" width={24} height={24} />
        {t("c.app")}
      </div>
      <div className="c-header-main">{props.children}</div>
      <Space size="middle">
        <LanguageSwitch />
        <Typography.Text className="c-user">{props.me.displayName}</Typography.Text>
        <Button size="small" icon={<LogoutOutlined />} onClick={() => void signOut()}>
          {t("c.signOut")}
        </Button>
      </Space>
    </header>
  );
}
