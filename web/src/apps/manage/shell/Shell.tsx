import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { App, Button, Dropdown, Layout, Menu, Modal, Select, Space, Spin, Tag, Typography } from "antd";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router-dom";
import { rolesAt } from "../../../api/access";
import { ChangePasswordForm } from "../../../components/auth/ChangePasswordForm";
import { CalendarWarning } from "../../../components/CalendarWarning";
import { LanguageSwitch } from "../../../components/LanguageSwitch";
import { useMe, useSignOut } from "../session";
import { navFor } from "./nav";
import { SiteProvider, useSites } from "./SiteContext";

// Pages load on first visit: the sign-in screen and the shell stay small.
const SitesPage = lazy(() => import("../pages/sites/SitesPage").then((m) => ({ default: m.SitesPage })));
const SiteDetailPage = lazy(() => import("../pages/sites/SiteDetailPage").then((m) => ({ default: m.SiteDetailPage })));
const ZonesPage = lazy(() => import("../pages/zones/ZonesPage").then((m) => ({ default: m.ZonesPage })));
const WindowsPage = lazy(() => import("../pages/windows/WindowsPage").then((m) => ({ default: m.WindowsPage })));
const StaffPage = lazy(() => import("../pages/staff/StaffPage").then((m) => ({ default: m.StaffPage })));
const DevicesPage = lazy(() => import("../pages/devices/DevicesPage").then((m) => ({ default: m.DevicesPage })));
const CalendarPage = lazy(() => import("../pages/calendar/CalendarPage").then((m) => ({ default: m.CalendarPage })));
const AuditPage = lazy(() => import("../pages/audit/AuditPage").then((m) => ({ default: m.AuditPage })));
const LivePage = lazy(() => import("../pages/queue/LivePage").then((m) => ({ default: m.LivePage })));
const ConfigPage = lazy(() => import("../pages/queue/ConfigPage").then((m) => ({ default: m.ConfigPage })));
const CatalogPage = lazy(() => import("../pages/catalog/CatalogPage").then((m) => ({ default: m.CatalogPage })));
const ItemEditorPage = lazy(() => import("../pages/catalog/ItemEditorPage").then((m) => ({ default: m.ItemEditorPage })));
const CoveragePage = lazy(() => import("../pages/catalog/CoveragePage").then((m) => ({ default: m.CoveragePage })));
const AppointmentsPage = lazy(() => import("../pages/appointments/AppointmentsPage").then((m) => ({ default: m.AppointmentsPage })));
const JobsPage = lazy(() => import("../pages/system/JobsPage").then((m) => ({ default: m.JobsPage })));
const StatsPage = lazy(() => import("../pages/queue/StatsPage").then((m) => ({ default: m.StatsPage })));

export function Shell() {
  return (
    <SiteProvider>
      <Frame />
    </SiteProvider>
  );
}

function Frame() {
  const { t } = useTranslation();
  const me = useMe();
  const { site } = useSites();
  const nav = navFor(me, site?.id ?? null);
  const location = useLocation();
  const navigate = useNavigate();
  const selected = nav.find((n) => location.pathname.startsWith(n.path))?.key;
  const [collapsed, setCollapsed] = useState(false);

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208} breakpoint="lg">
        <div className="shell-brand" title={t("m.platform")}>
          <img src="/favicon.svg" alt="" width={24} height={24} />
          {collapsed ? null : t("m.platform")}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={nav.map((n) => ({ key: n.key, icon: n.icon, label: t(`m.nav.${n.key}`) }))}
          onClick={(e) => {
            const item = nav.find((n) => n.key === e.key);
            if (item?.external) window.location.assign(item.path);
            else if (item) navigate(item.path);
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="shell-header">
          <SitePicker />
          <LanguageSwitch />
          <UserMenu />
        </Layout.Header>
        <Layout.Content className="shell-content">
          <CalendarWarning me={me} />
          <Suspense fallback={<Spin />}>
            <Routes>
              <Route path="/" element={<Navigate to="/sites" replace />} />
              <Route path="/sites" element={<SitesPage />} />
              <Route path="/sites/:siteId" element={<SiteDetailPage />} />
              <Route path="/zones" element={<ZonesPage />} />
              <Route path="/windows" element={<WindowsPage />} />
              <Route path="/staff" element={<StaffPage />} />
              <Route path="/devices" element={<DevicesPage />} />
              <Route path="/calendar" element={<CalendarPage />} />
              <Route path="/audit" element={<AuditPage />} />
              <Route path="/queue/live" element={<LivePage />} />
              <Route path="/queue/config" element={<ConfigPage />} />
              <Route path="/queue/stats" element={<StatsPage />} />
              <Route path="/catalog/items" element={<CatalogPage />} />
              <Route path="/catalog/items/:itemId" element={<ItemEditorPage />} />
              <Route path="/catalog/coverage" element={<CoveragePage />} />
              <Route path="/appointments" element={<AppointmentsPage />} />
              <Route path="/system/jobs" element={<JobsPage />} />
              <Route path="*" element={<Navigate to="/sites" replace />} />
            </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** Shown when the user may see more than one site. */
function SitePicker() {
  const { t } = useTranslation();
  const { sites, site, setSiteId, loading } = useSites();
  if (sites.length <= 1) return site ? <Typography.Text strong>{site.name}</Typography.Text> : null;
  return (
    <Space>
      <Typography.Text type="secondary">{t("m.shell.site")}</Typography.Text>
      <Select
        aria-label={t("m.shell.site")}
        style={{ width: 300 }}
        loading={loading}
        value={site?.id}
        onChange={setSiteId}
        showSearch={{ optionFilterProp: "label" }}
        options={sites.map((s) => ({ value: s.id, label: s.name }))}
      />
    </Space>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const { site } = useSites();
  const signOut = useSignOut();
  const { message } = App.useApp();
  const [pwdOpen, setPwdOpen] = useState(false);
  const roles = [...new Set(rolesAt(me, site?.id ?? null))];
  return (
    <>
      <Dropdown
        menu={{
          items: [
            { key: "pwd", icon: <KeyOutlined />, label: t("m.shell.changePassword") },
            { key: "out", icon: <LogoutOutlined />, label: t("m.shell.signOut"), danger: true },
          ],
          onClick: (e) => (e.key === "out" ? void signOut() : setPwdOpen(true)),
        }}
      >
        <Button type="text" icon={<UserOutlined />}>
          {me.displayName}
          {roles.slice(0, 1).map((r) => (
            <Tag key={r} color="blue" style={{ marginInlineStart: 8 }}>
              {t(`role.${r}`)}
            </Tag>
          ))}
          <DownOutlined />
        </Button>
      </Dropdown>
      <Modal open={pwdOpen} title={t("auth.pwd.title")} footer={null} onCancel={() => setPwdOpen(false)} destroyOnHidden>
        <ChangePasswordForm
          onDone={() => {
            setPwdOpen(false);
            message.success(t("auth.pwd.done"));
          }}
        />
      </Modal>
    </>
  );
}
