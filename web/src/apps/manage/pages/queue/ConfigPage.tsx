import { Tabs, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { can } from "../../../../api/access";
import type { Site } from "../../../../api/types";
import { PageHead } from "../../common/PageHead";
import { NoPermission, RequireSite } from "../../common/RequireSite";
import { useMe } from "../../session";
import { DispatchTab } from "./DispatchTab";
import { QueuesTab } from "./QueuesTab";
import { SettingsTab } from "./SettingsTab";

export function ConfigPage() {
  return <RequireSite>{(site) => <Config key={site.id} site={site} />}</RequireSite>;
}

/** 队列设置: the site's queues, which windows serve them (dispatch), and the calling and alert settings. */
function Config({ site }: { site: Site }) {
  const { t } = useTranslation();
  const me = useMe();
  if (!can(me, "queue.read", site.id)) return <NoPermission />;
  const mayWrite = can(me, "queue.manage", site.id);
  return (
    <>
      <PageHead title={t("m.nav.queueConfig")} sub={<Tag>{site.name}</Tag>} readOnly={!mayWrite} />
      <Tabs
        items={[
          {
            key: "queues",
            label: t("mq.cfg.tabQueues"),
            children: <QueuesTab siteId={site.id} siteCode={site.code} mayWrite={mayWrite} />,
          },
          { key: "dispatch", label: t("mq.cfg.tabDispatch"), children: <DispatchTab siteId={site.id} mayWrite={mayWrite} /> },
          { key: "settings", label: t("mq.cfg.tabSettings"), children: <SettingsTab siteId={site.id} mayWrite={mayWrite} /> },
        ]}
      />
    </>
  );
}
