import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, call } from "../../api/client";
import type { Me } from "../../api/types";

export const ME_KEY = ["me"] as const;

/** The signed-in user, or null when nobody is (401). */
export function useMeQuery() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await call(api.GET("/api/auth/me"));
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

/** Signs out, then forgets every cached answer so the next user starts clean. */
export function useSignOut() {
  const qc = useQueryClient();
  return async () => {
    try {
      await call(api.POST("/api/auth/logout"));
    } catch {
      // already signed out or offline: the local state is cleared anyway
    }
    qc.clear();
    qc.setQueryData(ME_KEY, null);
  };
}
