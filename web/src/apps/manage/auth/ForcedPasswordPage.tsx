import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Me } from "../../../api/types";
import { LanguageSwitch } from "../../../components/LanguageSwitch";
import { useTitle } from "../common/useTitle";
import { ME_KEY, useSignOut } from "../session";
import { ChangePasswordForm } from "./ChangePasswordForm";

/** Shown instead of everything else while the server answers "password_change_required". */
export function ForcedPasswordPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  useTitle(`${t("m.pwd.forcedTitle")} — ${t("m.platform")}`);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const signOut = useSignOut();
  return (
    <div className="login-page">
      <div className="login-emblem">
        <h1>{t("m.login.heading")}</h1>
        <p>
          {me.displayName}（{me.username}）
        </p>
      </div>
      <Card className="login-card" title={t("m.pwd.forcedTitle")} extra={<LanguageSwitch />}>
        <Typography.Paragraph type="secondary">{t("m.pwd.forcedLead")}</Typography.Paragraph>
        <ChangePasswordForm
          onDone={() => {
            message.success(t("m.pwd.done"));
            qc.setQueryData(ME_KEY, { ...me, mustChangePassword: false });
            void qc.invalidateQueries({ queryKey: ME_KEY });
          }}
          extra={
            <Button type="link" block onClick={signOut} style={{ marginTop: 8 }}>
              {t("m.pwd.signOutInstead")}
            </Button>
          }
        />
      </Card>
    </div>
  );
}
