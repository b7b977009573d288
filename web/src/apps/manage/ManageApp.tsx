import { Result, Spin } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter } from "react-router-dom";
import { AntdProviders, makeQueryClient } from "../../components/AntdProviders";
import { ForcedPasswordPage } from "../../components/auth/ForcedPasswordPage";
import { LoginPage } from "../../components/auth/LoginPage";
import { ErrorAlert } from "../../components/ErrorAlert";
import { ME_KEY, SessionProvider, useMeQuery } from "./session";
import { Shell } from "./shell/Shell";

export function ManageApp() {
  // A 401 or "password change required" on any query re-reads who is signed in, which
  // switches the screen to the sign-in page or the forced password change.
  const [client] = useState(() => {
    const qc = makeQueryClient(() => void qc.invalidateQueries({ queryKey: ME_KEY }));
    return qc;
  });
  return (
    <AntdProviders client={client}>
      <BrowserRouter basename="/manage">
        <Gate />
      </BrowserRouter>
    </AntdProviders>
  );
}

function Gate() {
  const { t } = useTranslation();
  const me = useMeQuery();
  if (me.isPending) {
    return (
      <div className="center-page">
        <Spin size="large" />
      </div>
    );
  }
  if (me.error) {
    return (
      <div className="center-page">
        <Result status="warning" title={t("m.platform")} extra={<ErrorAlert error={me.error} />} />
      </div>
    );
  }
  if (!me.data) return <LoginPage heading={t("m.login.heading")} sub={t("m.login.sub")} />;
  if (me.data.mustChangePassword) return <ForcedPasswordPage me={me.data} heading={t("m.login.heading")} />;
  return (
    <SessionProvider me={me.data}>
      <Shell />
    </SessionProvider>
  );
}
