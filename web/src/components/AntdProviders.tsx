import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, theme as antTheme, ConfigProvider, type ThemeConfig } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import "./contrast.css";

const FONT = '-apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';

/**
 * The staff apps are read at windows all day, by staff with poor sight too: every text meets WCAG AA
 * contrast (4.5:1). antd's defaults do not (secondary text at 45 % black, #ff4d4f danger, light
 * status colors, tag text at shade 7 of each palette, near 3:1 on shade 1), so text colors are
 * darkened here and, for preset tags, in contrast.css.
 */
export const govTheme: ThemeConfig = {
  token: {
    colorPrimary: "#1559b7",
    colorError: "#cf1322",
    colorSuccess: "#237804",
    colorWarning: "#ad6800",
    colorInfo: "#1559b7",
    colorTextSecondary: "rgba(0, 0, 0, 0.7)",
    colorTextTertiary: "rgba(0, 0, 0, 0.62)",
    colorTextDescription: "rgba(0, 0, 0, 0.62)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.62)",
    borderRadius: 4,
    fontFamily: FONT,
  },
  // An empty table or list says so in disabled gray (25 % black): readable text instead.
  components: {
    Table: { colorTextDisabled: "rgba(0, 0, 0, 0.62)" },
    List: { colorTextDisabled: "rgba(0, 0, 0, 0.62)" },
  },
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
