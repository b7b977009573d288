import { createContext, type ReactNode, useContext } from "react";
import type { Me } from "../../api/types";

export { ME_KEY, useMeQuery, useSignOut } from "../../components/auth/session";

const SessionContext = createContext<Me | null>(null);

export function SessionProvider(props: { me: Me; children: ReactNode }) {
  return <SessionContext.Provider value={props.me}>{props.children}</SessionContext.Provider>;
}

/** The signed-in user inside the shell. */
export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error("useMe outside the signed-in shell");
  return me;
}
