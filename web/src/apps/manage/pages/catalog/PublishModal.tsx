import { App, DatePicker, Form, Input, Modal, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { publishItem, type StaffItem } from "../../../../api/catalog";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";
import { ITEMS_KEY } from "./CatalogPage";

interface Values {
  effectiveFrom?: Dayjs | null;
  changeNote: string;
}

/** Publishing gives the draft an effective date and a plain-language note of what changed (C2). */
export function PublishModal(props: { item: StaffItem; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { submit, busy, error } = useFormSubmit(
    form,
    (v: Values) =>
      publishItem(props.item.id, {
        changeNote: v.changeNote.trim(),
        ...(v.effectiveFrom ? { effectiveFrom: v.effectiveFrom.toISOString() } : {}),
      }),
    {
      invalidate: [ITEMS_KEY, ["public-item-changes", props.item.code]],
      codeFields: { nothing_to_publish: "changeNote", effective_in_past: "effectiveFrom", effective_before_previous: "effectiveFrom" },
      onSuccess: (i) => {
        message.success(t("mc.publish.done", { version: i.latest.version }));
        props.onClose();
      },
    },
  );
  return (
    <Modal
      open
      title={t("mc.publish.title")}
      okText={t("mc.publish.ok")}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Typography.Paragraph strong>
        {props.item.latest.guide.name} · {t("mc.editor.draftOf", { version: props.item.latest.version })}
      </Typography.Paragraph>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="effectiveFrom" label={t("mc.publish.effective")} extra={t("mc.publish.effectiveHelp")}>
          {/* The server refuses a date in the past (effective_in_past): what was in force then stays. */}
          <DatePicker showTime style={{ width: "100%" }} disabledDate={(d) => d.isBefore(dayjs(), "day")} />
        </Form.Item>
        <Form.Item
          name="changeNote"
          label={t("mc.publish.note")}
          extra={t("mc.publish.noteHelp")}
          rules={[{ required: true, whitespace: true, message: t("m.common.required") }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
