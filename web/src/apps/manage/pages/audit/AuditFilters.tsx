import { Button, DatePicker, Form, Input, Select } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import type { Site } from "../../../../api/types";

export interface AuditQuery {
  siteId?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}

interface Values {
  siteId?: string;
  action?: string;
  actor?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** Filter by site, action, actor and time; the server matches action and actor as given. */
export function AuditFilters(props: { sites: Site[]; onSearch: (q: AuditQuery) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const apply = (v: Values) => {
    const [from, to] = v.range ?? [];
    props.onSearch({
      siteId: v.siteId || undefined,
      action: v.action?.trim() || undefined,
      actor: v.actor?.trim() || undefined,
      from: from ? from.startOf("minute").toISOString() : undefined,
      to: to ? to.endOf("minute").toISOString() : undefined,
    });
  };
  return (
    <Form<Values> form={form} layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }}>
      <Form.Item name="siteId" label={t("m.audit.site")}>
        <Select
          allowClear
          style={{ width: 240 }}
          placeholder={t("m.audit.allSites")}
          showSearch={{ optionFilterProp: "label" }}
          options={props.sites.map((s) => ({ value: s.id, label: s.name }))}
        />
      </Form.Item>
      <Form.Item name="action" label={t("m.audit.action")}>
        <Input allowClear placeholder="window.create" style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="actor" label={t("m.audit.actor")}>
        <Input allowClear placeholder={t("m.staff.username")} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="range" label={t("m.audit.range")}>
        <DatePicker.RangePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit">
          {t("action.search")}
        </Button>
      </Form.Item>
      <Form.Item>
        <Button
          onClick={() => {
            form.resetFields();
            props.onSearch({});
          }}
        >
          {t("action.reset")}
        </Button>
      </Form.Item>
    </Form>
  );
}
