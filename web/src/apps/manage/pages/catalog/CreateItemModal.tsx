import { useQuery } from "@tanstack/react-query";
import { App, Checkbox, Form, Input, Modal, Select } from "antd";
import { useTranslation } from "react-i18next";
import { createItem, getDepartments, type StaffItem } from "../../../../api/catalog";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { useFormSubmit } from "../../common/useFormSubmit";
import { ITEMS_KEY } from "./CatalogPage";
import { ITEM_TYPES, TARGETS } from "./guideForm";

interface Values {
  code: string;
  departmentId: string;
  name: string;
  type: (typeof ITEM_TYPES)[number];
  target: (typeof TARGETS)[number][];
}

/** A new item starts as draft version 1 with the least a guide needs; the editor fills in the rest. */
export function CreateItemModal(props: { onClose: () => void; onCreated: (i: StaffItem) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const depts = useQuery({ queryKey: ["public-departments"], queryFn: getDepartments, staleTime: 300_000 });
  const { submit, busy, error } = useFormSubmit(
    form,
    (v: Values) =>
      createItem({
        code: v.code.trim(),
        departmentId: v.departmentId,
        guide: {
          name: v.name.trim(),
          type: v.type,
          target: v.target,
          legalBasis: [],
          conditions: [],
          materials: [],
          statutoryLimitDays: null,
          committedLimitDays: null,
          limitUnit: "工作日",
          fee: { charged: false, amount: null, basis: null },
          steps: [],
          handlingForms: ["窗口"],
          resultName: null,
          appointment: null,
          tongban: null,
          consultationPhone: null,
          complaintChannel: null,
          place: null,
          hours: null,
        },
      }),
    {
      invalidate: [ITEMS_KEY],
      codeFields: { item_code_taken: "code" },
      onSuccess: (i) => {
        message.success(t("mc.create.done"));
        props.onClose();
        props.onCreated(i);
      },
    },
  );
  const req = [{ required: true, whitespace: true, message: t("m.common.required") }];
  return (
    <Modal open title={t("mc.create.title")} onCancel={props.onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ type: "行政许可", target: ["个人"] }}>
        <Form.Item
          name="code"
          label={t("mc.create.code")}
          extra={t("mc.create.codeHelp")}
          rules={[...req, { pattern: /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, message: t("mc.create.codeHelp") }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="departmentId" label={t("mc.create.department")} rules={[{ required: true, message: t("m.common.required") }]}>
          <Select loading={depts.isPending} options={(depts.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
        <Form.Item name="name" label={t("mc.create.name")} rules={req}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="type" label={t("mc.create.type")} rules={[{ required: true }]}>
          <Select options={ITEM_TYPES.map((x) => ({ value: x, label: x }))} />
        </Form.Item>
        <Form.Item name="target" label={t("mc.create.target")} rules={[{ required: true, message: t("m.common.required") }]}>
          <Checkbox.Group options={TARGETS.map((x) => ({ value: x, label: x }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
