import { Result, Spin } from "antd";
import type { ReactNode } from "react";
import type { Me } from "../../api/types";
import { ErrorAlert } from "../ErrorAlert";
import { ForcedPasswordPage } from "./ForcedPasswordPage";
import { LoginPage } from "./LoginPage";
import { useMeQuery } from "./session";
import "./auth.css";

/**
 * What every staff app shows before its own screens: a spinner while the session is read, the
 * sign-in page, or the forced change of an initial password; then the app, for the signed-in user.
 */
export function SignInGate(props: { title: string; heading: string; sub: string; children: (me: Me) => ReactNode }) {
  const me = useMeQuery();
  if (me.isPending) {
    return (
      <div className="auth-center">
        <Spin size="large" />
      </div>
    );
  }
  if (me.error) {
    return (
      <div className="auth-center">
        <Result status="warning" title={props.title} extra={<ErrorAlert error={me.error} />} />
      </div>
    );
  }
  if (!me.data) return <LoginPage heading={props.heading} sub={props.sub} />;
  if (me.data.mustChangePassword) return <ForcedPasswordPage me={me.data} heading={props.heading} />;
  return <>{props.children(me.data)}</>;
}
