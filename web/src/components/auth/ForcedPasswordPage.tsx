import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Me } from "../../api/types";
import { LanguageSwitch } from "../LanguageSwitch";
import { useTitle } from "../useTitle";
import { ChangePasswordForm } from "./ChangePasswordForm";
import { ME_KEY, useSignOut } from "./session";
import "./auth.css";

/** Shown instead of everything else while the server answers "password_change_required". */
export function ForcedPasswordPage({ me, heading }: { me: Me; heading: string }) {
  const { t } = useTranslation();
  useTitle(`${t("auth.pwd.forcedTitle")} — ${heading}`);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const signOut = useSignOut();
  return (
    <div className="login-page">
      <div className="login-emblem">
        <h1>{heading}</h1>
        <p>
          {me.displayName}（{me.username}）
        </p>
      </div>
      <Card className="login-card" title={t("auth.pwd.forcedTitle")} extra={<LanguageSwitch />}>
        <Typography.Paragraph type="secondary">{t("auth.pwd.forcedLead")}</Typography.Paragraph>
        <ChangePasswordForm
          onDone={() => {
            message.success(t("auth.pwd.done"));
            qc.setQueryData(ME_KEY, { ...me, mustChangePassword: false });
            void qc.invalidateQueries({ queryKey: ME_KEY });
          }}
          extra={
            <Button type="link" block onClick={signOut} style={{ marginTop: 8 }}>
              {t("auth.pwd.signOutInstead")}
            </Button>
          }
        />
      </Card>
    </div>
  );
}
