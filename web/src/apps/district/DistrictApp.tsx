import { useQuery } from "@tanstack/react-query";
import { Button, Layout, Result, Space, Spin, Typography } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { isDistrict } from "../../api/access";
import { ApiError, api, call } from "../../api/client";
import { AntdProviders } from "../../components/AntdProviders";
import { CalendarWarning } from "../../components/CalendarWarning";
import { ErrorAlert } from "../../components/ErrorAlert";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { Overview } from "./Overview";

export function DistrictApp() {
  return (
    <AntdProviders>
      <District />
    </AntdProviders>
  );
}

/** Who is signed in, through the management platform's session cookie. */
function District() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t("d.title");
  }, [t]);
  const me = useQuery({
    queryKey: ["me"],
    queryFn: async () => {
      try {
        return await call(api.GET("/api/auth/me"));
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
  });
  const toManage = (label: string) => (
    <Button type="primary" href="/manage/">
      {label}
    </Button>
  );
  let body: React.ReactNode;
  if (me.isPending) body = <Spin size="large" />;
  else if (me.error) body = <ErrorAlert error={me.error} />;
  else if (!me.data) body = <Result status="403" title={t("d.signIn")} subTitle={t("d.signInLead")} extra={toManage(t("d.goManage"))} />;
  else if (me.data.mustChangePassword) body = <Result status="warning" title={t("d.mustChange")} extra={toManage(t("d.openManage"))} />;
  else if (!isDistrict(me.data)) body = <Result status="403" title={t("d.districtOnly")} extra={toManage(t("d.openManage"))} />;
  else
    body = (
      <>
        <CalendarWarning me={me.data} />
        <Overview />
      </>
    );
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={{ display: "flex", alignItems: "center", justifyContent: "space-between", background: "#0b3a82" }}>
        <Typography.Title level={3} style={{ color: "#fff", margin: 0 }}>
          {t("d.title")}
        </Typography.Title>
        <Space>
          {me.data ? <span style={{ color: "#fff" }}>{t("d.user", { name: me.data.displayName })}</span> : null}
          <LanguageSwitch />
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>{body}</Layout.Content>
    </Layout>
  );
}
