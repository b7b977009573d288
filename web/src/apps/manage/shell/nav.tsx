import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  CalendarOutlined,
  DesktopOutlined,
  LayoutOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import type { Me } from "../../../api/types";
import { can, canAnywhere } from "../access";

export interface NavItem {
  key: string;
  path: string;
  icon: ReactNode;
}

/** The menu follows the roles: each entry shows only when the user may read what it opens. */
export function navFor(me: Me, siteId: string | null): NavItem[] {
  const g = me.grants;
  const items: (NavItem | false)[] = [
    { key: "sites", path: "/sites", icon: <BankOutlined /> },
    { key: "zones", path: "/zones", icon: <LayoutOutlined /> },
    { key: "windows", path: "/windows", icon: <ApartmentOutlined /> },
    can(g, "staff.read", siteId) && { key: "staff", path: "/staff", icon: <TeamOutlined /> },
    can(g, "device.read", siteId) && { key: "devices", path: "/devices", icon: <DesktopOutlined /> },
    { key: "calendar", path: "/calendar", icon: <CalendarOutlined /> },
    canAnywhere(g, "audit.read") && { key: "audit", path: "/audit", icon: <AuditOutlined /> },
  ];
  return items.filter((x): x is NavItem => x !== false);
}
