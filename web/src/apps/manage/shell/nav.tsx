import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  DashboardOutlined,
  DesktopOutlined,
  FieldTimeOutlined,
  FileSearchOutlined,
  LayoutOutlined,
  OrderedListOutlined,
  PrinterOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import { can, canAnywhere, isDistrict } from "../../../api/access";
import type { Me } from "../../../api/types";

export interface NavItem {
  key: string;
  path: string;
  icon: ReactNode;
  /** Another app's page (a full page load, not a route of this one). */
  external?: boolean;
}

/** The menu follows the roles: each entry shows only when the user may read what it opens. */
export function navFor(me: Me, siteId: string | null): NavItem[] {
  const items: (NavItem | false)[] = [
    { key: "sites", path: "/sites", icon: <BankOutlined /> },
    { key: "zones", path: "/zones", icon: <LayoutOutlined /> },
    { key: "windows", path: "/windows", icon: <ApartmentOutlined /> },
    can(me, "staff.read", siteId) && { key: "staff", path: "/staff", icon: <TeamOutlined /> },
    can(me, "device.read", siteId) && { key: "devices", path: "/devices", icon: <DesktopOutlined /> },
    can(me, "queue.read", siteId) && { key: "queueLive", path: "/queue/live", icon: <DashboardOutlined /> },
    can(me, "queue.read", siteId) && { key: "queueConfig", path: "/queue/config", icon: <OrderedListOutlined /> },
    can(me, "queue.read", siteId) && { key: "queueStats", path: "/queue/stats", icon: <BarChartOutlined /> },
    // Taking tickets for applicants is the counter app's guide desk (a guide signs in here too).
    can(me, "queue.issue", siteId) && { key: "guideDesk", path: "/counter/issue", icon: <PrinterOutlined />, external: true },
    { key: "catalog", path: "/catalog/items", icon: <ProfileOutlined /> },
    isDistrict(me) && { key: "coverage", path: "/catalog/coverage", icon: <FileSearchOutlined /> },
    can(me, "appointment.read", siteId) && { key: "appointments", path: "/appointments", icon: <ScheduleOutlined /> },
    { key: "calendar", path: "/calendar", icon: <CalendarOutlined /> },
    canAnywhere(me, "audit.read") && { key: "audit", path: "/audit", icon: <AuditOutlined /> },
    // The scheduler's jobs: whoever the server grants `system.read` (the district administrator).
    can(me, "system.read", null) && { key: "jobs", path: "/system/jobs", icon: <FieldTimeOutlined /> },
  ];
  return items.filter((x): x is NavItem => x !== false);
}
