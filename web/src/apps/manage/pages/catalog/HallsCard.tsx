import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Card, Select, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { getDepartments, type Hall, listHalls, setHall } from "../../../../api/catalog";
import { ErrorAlert } from "../../../../components/ErrorAlert";

/** Which professional hall is the district's comprehensive hall and which belongs to which department: the coverage rule needs it. */
export function HallsCard({ mayWrite }: { mayWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const halls = useQuery({ queryKey: ["catalog-halls"], queryFn: listHalls });
  const depts = useQuery({ queryKey: ["public-departments"], queryFn: getDepartments, staleTime: 300_000 });
  const save = useMutation({
    mutationFn: (v: { siteId: string; value: string }) =>
      setHall(v.siteId, v.value === "comprehensive" ? { role: "comprehensive" } : { role: "department", departmentId: v.value }),
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: ["catalog-halls"] }), qc.invalidateQueries({ queryKey: ["catalog-coverage"] })]);
      message.success(t("m.common.saved"));
    },
  });
  const options = [
    { value: "comprehensive", label: t("mc.halls.comprehensive") },
    ...(depts.data ?? []).map((d) => ({ value: d.id, label: t("mc.halls.ofDepartment", { name: d.name }) })),
  ];
  return (
    <Card size="small" title={t("mc.halls.title")} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary">{t("mc.halls.lead")}</Typography.Paragraph>
      <ErrorAlert error={halls.error ?? save.error} style={{ marginBottom: 8 }} />
      <Table<Hall>
        rowKey="siteId"
        size="small"
        pagination={false}
        loading={halls.isPending}
        dataSource={halls.data ?? []}
        columns={[
          { title: t("mc.halls.site"), dataIndex: "name" },
          {
            title: t("mc.halls.role"),
            width: 360,
            render: (_: unknown, h) => (
              <Select
                aria-label={`${t("mc.halls.role")} ${h.name}`}
                style={{ width: 340 }}
                disabled={!mayWrite || save.isPending}
                placeholder={t("mc.halls.unlinked")}
                value={h.role === "comprehensive" ? "comprehensive" : (h.department?.id ?? undefined)}
                options={options}
                showSearch={{ optionFilterProp: "label" }}
                onChange={(value) => save.mutate({ siteId: h.siteId, value })}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
