import { useQuery } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { api, call } from "../../../api/client";
import type { Site } from "../../../api/types";
import { sortSites } from "../../../components/siteKinds";
import { useMe } from "../session";

interface SiteState {
  sites: Site[];
  loading: boolean;
  error: unknown;
  /** the site the site-scoped pages work on */
  site: Site | undefined;
  setSiteId: (id: string) => void;
}

const Ctx = createContext<SiteState | null>(null);
const KEY = "govhall.manage.site";

export const SITES_KEY = ["sites"] as const;

export function useSitesQuery() {
  return useQuery({ queryKey: SITES_KEY, queryFn: async () => sortSites(await call(api.GET("/api/sites"))) });
}

/** Which site the user works on: remembered per browser, defaulting to the user's own site. */
export function SiteProvider(props: { children: ReactNode }) {
  const me = useMe();
  const q = useSitesQuery();
  const [chosen, setChosen] = useState<string | null>(() => {
    try {
      return localStorage.getItem(`${KEY}.${me.id}`);
    } catch {
      return null;
    }
  });
  const sites = useMemo(() => sortSites(q.data ?? []), [q.data]);
  const own = me.grants.find((g) => g.siteId !== null)?.siteId;
  const site = sites.find((s) => s.id === chosen) ?? sites.find((s) => s.id === own) ?? sites[0];

  useEffect(() => {
    if (!chosen) return;
    try {
      localStorage.setItem(`${KEY}.${me.id}`, chosen);
    } catch {
      // private mode: lasts for this page only
    }
  }, [chosen, me.id]);

  const value = useMemo(
    () => ({ sites, loading: q.isPending, error: q.error, site, setSiteId: setChosen }),
    [sites, q.isPending, q.error, site],
  );
  return <Ctx.Provider value={value}>{props.children}</Ctx.Provider>;
}

export function useSites(): SiteState {
  const v = useContext(Ctx);
  if (!v) throw new Error("useSites outside SiteProvider");
  return v;
}
