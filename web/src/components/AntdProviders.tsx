import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, theme as antTheme, ConfigProvider, type ThemeConfig } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";

const FONT = '-apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';

export const govTheme: ThemeConfig = {
  token: { colorPrimary: "#1559b7", borderRadius: 4, fontFamily: FONT },
};

/** Errors the app handles globally (sign-in expired, password change required) get a callback. */
export function makeQueryClient(onAuthError?: (err: ApiError) => void): QueryClient {
  const onError = (err: unknown) => {
    if (err instanceof ApiError && (err.status === 401 || err.code === "password_change_required")) onAuthError?.(err);
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: (count, err) => !(err instanceof ApiError && err.status > 0 && err.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 10_000,
      },
    },
  });
}

/** antd in the UI language, react-query, and antd's App (for message/modal with the theme). */
export function AntdProviders(props: { children: ReactNode; client?: QueryClient; theme?: ThemeConfig; dark?: boolean }) {
  const { i18n } = useTranslation();
  const [fallbackClient] = useState(() => makeQueryClient());
  const en = i18n.language.startsWith("en");
  dayjs.locale(en ? "en" : "zh-cn");
  const theme = { ...(props.theme ?? govTheme), algorithm: props.dark ? antTheme.darkAlgorithm : antTheme.defaultAlgorithm };
  return (
    <QueryClientProvider client={props.client ?? fallbackClient}>
      <ConfigProvider locale={en ? enUS : zhCN} theme={theme}>
        <AntApp>{props.children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
