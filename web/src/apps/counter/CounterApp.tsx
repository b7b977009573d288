import { Result, Spin } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../api/types";
import { AntdProviders, makeQueryClient } from "../../components/AntdProviders";
import { ForcedPasswordPage } from "../../components/auth/ForcedPasswordPage";
import { LoginPage } from "../../components/auth/LoginPage";
import { ME_KEY, useMeQuery } from "../../components/auth/session";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useTitle } from "../../components/useTitle";
import { Console } from "./Console";
import { WindowPicker } from "./WindowPicker";

export function CounterApp() {
  // A 401 or "password change required" anywhere re-reads who is signed in.
  const [client] = useState(() => {
    const qc = makeQueryClient(() => void qc.invalidateQueries({ queryKey: ME_KEY }));
    return qc;
  });
  return (
    <AntdProviders client={client}>
      <Gate />
    </AntdProviders>
  );
}

function Gate() {
  const { t } = useTranslation();
  const me = useMeQuery();
  if (me.isPending) {
    return (
      <div className="c-center">
        <Spin size="large" />
      </div>
    );
  }
  if (me.error) {
    return (
      <div className="c-center">
        <Result status="warning" title={t("c.app")} extra={<ErrorAlert error={me.error} />} />
      </div>
    );
  }
  if (!me.data) return <LoginPage heading={t("c.app")} sub={t("c.loginSub")} />;
  if (me.data.mustChangePassword) return <ForcedPasswordPage me={me.data} heading={t("c.app")} />;
  return <Workbench me={me.data} />;
}

const storageKey = (userId: string) => `govhall.counter.window.${userId}`;

/** The window the user works at is remembered in this browser; without one, the picker shows. */
function Workbench({ me }: { me: Me }) {
  const { t } = useTranslation();
  useTitle(t("c.app"));
  const [windowId, setWindowId] = useState<string | null>(() => {
    try {
      return localStorage.getItem(storageKey(me.id));
    } catch {
      return null;
    }
  });
  const choose = (id: string | null) => {
    try {
      if (id) localStorage.setItem(storageKey(me.id), id);
      else localStorage.removeItem(storageKey(me.id));
    } catch {
      // private mode: remembered for this page only
    }
    setWindowId(id);
  };
  if (!windowId) return <WindowPicker me={me} onOpened={choose} />;
  return <Console me={me} windowId={windowId} onLeave={() => choose(null)} />;
}
