import { Space, Tag } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export function PageHead(props: { title: ReactNode; sub?: ReactNode; readOnly?: boolean; extra?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="page-head">
      <Space align="center" wrap>
        <h2>{props.title}</h2>
        {props.sub}
        {props.readOnly ? <Tag>{t("m.shell.readOnly")}</Tag> : null}
      </Space>
      <Space wrap>{props.extra}</Space>
    </div>
  );
}
