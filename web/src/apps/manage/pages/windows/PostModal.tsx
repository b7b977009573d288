import { useQuery } from "@tanstack/react-query";
import { App, Form, Modal, Select, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import type { Role, Window } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";
import { windowsKey } from "./WindowsPage";

/** Who may be named on a post: the server accepts these site roles (layout.service POST_ROLES). */
const POST_ROLES: Role[] = ["window_staff", "back_office", "site_manager", "guide", "park_operator"];

interface Values {
  primaryUserId?: string | null;
  backupUserId?: string | null;
}

/** A/B post: the primary (A) staffs the window, the backup (B) covers when A is away. */
export function PostModal(props: { siteId: string; window: Window; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const staff = useQuery({
    queryKey: ["staff", props.siteId],
    queryFn: () => call(api.GET("/api/staff", { params: { query: { siteId: props.siteId } } })),
  });
  const options = (staff.data ?? [])
    .filter((s) => s.active && s.grants.some((g) => g.siteId === props.siteId && POST_ROLES.includes(g.role)))
    .map((s) => ({ value: s.id, label: `${s.displayName}（${s.username}）` }));
  const { submit, busy, error } = useFormSubmit(
    form,
    (v: Values) =>
      call(
        api.PUT("/api/sites/{siteId}/windows/{windowId}/post", {
          params: { path: { siteId: props.siteId, windowId: props.window.id } },
          body: { primaryUserId: v.primaryUserId ?? null, backupUserId: v.backupUserId ?? null },
        }),
      ),
    {
      invalidate: [windowsKey(props.siteId)],
      codeFields: { post_same_person: "backupUserId" },
      onSuccess: () => {
        message.success(t("m.common.saved"));
        props.onClose();
      },
    },
  );
  const w = props.window;
  return (
    <Modal
      open
      title={`${t("m.window.setPost")} — ${w.number} ${w.name}`}
      okText={t("action.save")}
      cancelText={t("action.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
    >
      <Typography.Paragraph type="secondary">{t("m.window.staffHint")}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ primaryUserId: w.post.primary?.id, backupUserId: w.post.backup?.id }}
        onFinish={submit}
      >
        <Form.Item name="primaryUserId" label={t("m.window.primary")}>
          <Select allowClear showSearch={{ optionFilterProp: "label" }} loading={staff.isPending} options={options} />
        </Form.Item>
        <Form.Item
          name="backupUserId"
          label={t("m.window.backup")}
          dependencies={["primaryUserId"]}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_r, v) =>
                v && v === getFieldValue("primaryUserId") ? Promise.reject(new Error(t("m.window.samePerson"))) : Promise.resolve(),
            }),
          ]}
        >
          <Select allowClear showSearch={{ optionFilterProp: "label" }} loading={staff.isPending} options={options} />
        </Form.Item>
        <ErrorAlert error={error ?? staff.error} />
      </Form>
    </Modal>
  );
}
