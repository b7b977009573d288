import { useState } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter } from "react-router-dom";
import { AntdProviders, makeQueryClient } from "../../components/AntdProviders";
import { SignInGate } from "../../components/auth/SignInGate";
import { ME_KEY, SessionProvider } from "./session";
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
  return (
    <SignInGate title={t("m.platform")} heading={t("m.login.heading")} sub={t("m.login.sub")}>
      {(me) => (
        <SessionProvider me={me}>
          <Shell />
        </SessionProvider>
      )}
    </SignInGate>
  );
}
