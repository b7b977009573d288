import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Modal, Radio, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../../../api/client";
import type { Site } from "../../../../api/types";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import type { ApptService } from "./api";

interface Values {
  serviceId: string;
  slot: string;
  channel: "phone" | "on_site";
  name: string;
  phone: string;
  idNumber: string;
}

/** Staff book for an applicant on the phone or at the hall: the same slots, places and rules as online. */
export function BookForModal(props: { site: Site; services: ApptService[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const serviceId = Form.useWatch("serviceId", form) ?? props.services[0]?.id;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const slots = useQuery({
    queryKey: ["slots", props.site.code, serviceId],
    enabled: !!serviceId,
    staleTime: 0,
    queryFn: () =>
      call(
        api.GET("/api/public/sites/{code}/appointment-services/{serviceId}/slots", {
          params: { path: { code: props.site.code, serviceId: serviceId ?? "" }, query: { days: 31 } },
        }),
      ),
  });
  const options = (slots.data?.days ?? []).map((d) => ({
    label: d.date,
    title: d.date,
    options: d.slots
      .filter((s) => s.bookable)
      .map((s) => ({ value: `${d.date} ${s.start}`, label: `${d.date} ${s.start}-${s.end}（${t("ma.free")} ${s.free}）` })),
  }));
  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      const [date, start] = v.slot.split(" ") as [string, string];
      const a = await call(
        api.POST("/api/sites/{siteId}/appointments", {
          params: { path: { siteId: props.site.id } },
          body: { serviceId: v.serviceId, date, start, channel: v.channel, name: v.name, phone: v.phone, idNumber: v.idNumber },
        }),
      );
      message.success(`${t("ma.booked")} · ${t("ma.code")} ${a.code}`);
      await qc.invalidateQueries({ queryKey: ["appt-list", props.site.id] });
      await qc.invalidateQueries({ queryKey: ["appt-calendar", props.site.id] });
      props.onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={t("ma.bookFor")} onCancel={props.onClose} footer={null} destroyOnHidden>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ serviceId: props.services[0]?.id, channel: "phone" }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="channel" label={t("ma.channel")}>
          <Radio.Group
            options={[
              { value: "phone", label: t("ma.channels.phone") },
              { value: "on_site", label: t("ma.channels.on_site") },
            ]}
          />
        </Form.Item>
        <Form.Item name="serviceId" label={t("ma.service")} rules={[{ required: true }]}>
          <Select options={props.services.filter((s) => s.active).map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        <Form.Item name="slot" label={t("ma.slot")} rules={[{ required: true }]}>
          <Select showSearch loading={slots.isPending} options={options} />
        </Form.Item>
        <Form.Item name="name" label={t("ma.applicant")} rules={[{ required: true, max: 40 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="idNumber" label={t("ma.idNumber")} rules={[{ required: true, pattern: /^\d{17}[\dXx]$/ }]}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="phone" label={t("ma.phone")} rules={[{ required: true, pattern: /^1\d{10}$/ }]}>
          <Input maxLength={11} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t("ma.bookFor")}
        </Button>
      </Form>
    </Modal>
  );
}
