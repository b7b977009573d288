import { ExportOutlined, SaveOutlined, SendOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Form, Result, Spin, Tabs, Tag } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { can } from "../../../../api/access";
import { listItems, type StaffItem, saveDraft } from "../../../../api/catalog";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { PageHead } from "../../common/PageHead";
import { useFormSubmit } from "../../common/useFormSubmit";
import { useMe } from "../../session";
import { AssignmentsTab } from "./AssignmentsTab";
import { ITEMS_KEY } from "./CatalogPage";
import { GuideForm } from "./GuideForm";
import { fromValues, type GuideValues, toValues } from "./guideForm";
import { PublishModal } from "./PublishModal";
import { StatusTags } from "./status";
import { ThemesTab } from "./ThemesTab";
import { VersionsTab } from "./VersionsTab";

/** One item: edit its draft guide, publish it with an effective date and a change note, see its versions and sites. */
export function ItemEditorPage() {
  const { t } = useTranslation();
  const { itemId = "" } = useParams();
  const items = useQuery({ queryKey: [...ITEMS_KEY, "all"], queryFn: () => listItems() });
  const item = items.data?.find((i) => i.id === itemId);
  if (items.isPending) return <Spin />;
  if (items.error) return <ErrorAlert error={items.error} />;
  if (!item) return <Result status="404" title="404" extra={<Link to="/catalog/items">{t("mc.editor.back")}</Link>} />;
  // Remount the form when another version becomes the latest (after publish), so it shows what the server holds.
  return <Editor key={`${item.id}-${item.latest.version}-${item.latest.status}`} item={item} />;
}

function Editor({ item }: { item: StaffItem }) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const mayWrite = can(me, "catalog.write", null);
  const [form] = Form.useForm<GuideValues>();
  const initial = useMemo(() => toValues(item.latest.guide), [item]);
  const [dirty, setDirty] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const { submit, busy, error } = useFormSubmit(form, (v: GuideValues) => saveDraft(item.id, fromValues(v)), {
    invalidate: [ITEMS_KEY],
    onSuccess: () => {
      setDirty(false);
      message.success(t("mc.editor.saved"));
    },
  });
  const isDraft = item.latest.status === "draft";
  return (
    <>
      <Link to="/catalog/items">← {t("mc.editor.back")}</Link>
      <PageHead
        title={item.latest.guide.name}
        sub={
          <>
            <Tag>{item.code}</Tag>
            <Tag>{item.department.name}</Tag>
            <StatusTags item={item} />
          </>
        }
        readOnly={!mayWrite}
        extra={
          <>
            <Button
              icon={<ExportOutlined />}
              href={`/portal/items/${encodeURIComponent(item.code)}`}
              target="_blank"
              disabled={item.inForceVersion === null}
            >
              {t("mc.editor.viewPublic")}
            </Button>
            {mayWrite ? (
              <>
                <Button icon={<SaveOutlined />} loading={busy} onClick={() => form.submit()}>
                  {t("mc.editor.save")}
                </Button>
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  disabled={!isDraft && !dirty}
                  onClick={() => (dirty ? message.warning(t("mc.publish.unsaved")) : setPublishing(true))}
                >
                  {t("mc.editor.publish")}
                </Button>
              </>
            ) : null}
          </>
        }
      />
      {!mayWrite ? <Alert type="info" showIcon title={t("mc.editor.readOnly")} style={{ marginBottom: 12 }} /> : null}
      {mayWrite && !isDraft ? <Alert type="info" showIcon title={t("mc.editor.noDraft")} style={{ marginBottom: 12 }} /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Tabs
        items={[
          {
            key: "guide",
            label: t("mc.editor.tabGuide"),
            children: (
              <GuideForm
                form={form}
                initial={initial}
                disabled={!mayWrite}
                onFinish={submit}
                onChange={() => setDirty(true)}
                itemId={item.id}
                dirty={dirty}
              />
            ),
          },
          { key: "versions", label: t("mc.editor.tabVersions"), children: <VersionsTab item={item} /> },
          { key: "sites", label: t("mc.editor.tabSites"), children: <AssignmentsTab item={item} mayWrite={mayWrite} /> },
          { key: "themes", label: t("mc.editor.tabThemes"), children: <ThemesTab item={item} mayWrite={mayWrite} /> },
        ]}
      />
      {publishing ? <PublishModal item={item} onClose={() => setPublishing(false)} /> : null}
    </>
  );
}
