import { Spin } from "antd";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { canAnywhere } from "../../api/access";
import type { Me } from "../../api/types";
import { AntdProviders, makeQueryClient } from "../../components/AntdProviders";
import { SignInGate } from "../../components/auth/SignInGate";
import { ME_KEY } from "../../components/auth/session";
import { useTitle } from "../../components/useTitle";
import { Console } from "./Console";
import { WindowPicker } from "./WindowPicker";

// The guide desk loads on first use: window staff at a window never download it.
const GuideDesk = lazy(() => import("./GuideDesk").then((m) => ({ default: m.GuideDesk })));

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
  return (
    <SignInGate title={t("c.app")} heading={t("c.app")} sub={t("c.loginSub")}>
      {(me) => <Workbench me={me} />}
    </SignInGate>
  );
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
  // The guide desk (/counter/issue): where a user who may issue but not serve (a guide) lands.
  const mayServe = canAnywhere(me, "queue.serve");
  const mayIssue = canAnywhere(me, "queue.issue");
  const [desk, setDesk] = useState(() => mayIssue && (!mayServe || window.location.pathname.startsWith("/counter/issue")));
  const go = (toDesk: boolean) => {
    window.history.pushState(null, "", toDesk ? "/counter/issue" : "/counter/");
    setDesk(toDesk);
  };
  if (desk) {
    return (
      <Suspense fallback={<Spin />}>
        <GuideDesk me={me} onWindows={mayServe ? () => go(false) : undefined} />
      </Suspense>
    );
  }
  if (!windowId) return <WindowPicker me={me} onOpened={choose} onGuideDesk={mayIssue ? () => go(true) : undefined} />;
  return <Console me={me} windowId={windowId} onLeave={() => choose(null)} />;
}
