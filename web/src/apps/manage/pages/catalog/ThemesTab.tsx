import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Select, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { listThemes, type StaffItem, setItemThemes } from "../../../../api/catalog";
import { ErrorAlert } from "../../../../components/ErrorAlert";
import { ITEMS_KEY } from "./CatalogPage";

/** Themes file the item for browsing on the portal; they are not part of the versioned guide and change at once. */
export function ThemesTab({ item, mayWrite }: { item: StaffItem; mayWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const themes = useQuery({ queryKey: ["catalog-themes"], queryFn: listThemes, staleTime: 300_000 });
  const current = ((item as { themes?: { code: string }[] }).themes ?? []).map((x) => x.code);
  const [chosen, setChosen] = useState<string[]>(current);
  const save = useMutation({
    mutationFn: () => setItemThemes(item.id, chosen),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ITEMS_KEY });
      message.success(t("m.common.saved"));
    },
  });
  const en = i18n.language.startsWith("en");
  const audience = (a: string) => (a === "enterprise" ? t("mc.themes.enterprise") : t("mc.themes.individual"));
  return (
    <>
      <Typography.Paragraph type="secondary">{t("mc.themes.lead")}</Typography.Paragraph>
      <ErrorAlert error={themes.error ?? save.error} style={{ marginBottom: 12 }} />
      <Space wrap>
        <Select
          mode="multiple"
          aria-label={t("mc.themes.label")}
          style={{ minWidth: 420 }}
          loading={themes.isPending}
          disabled={!mayWrite}
          value={chosen}
          onChange={setChosen}
          optionFilterProp="label"
          options={(themes.data ?? []).map((th) => ({ value: th.code, label: `${en ? th.nameEn : th.name}（${audience(th.audience)}）` }))}
        />
        {mayWrite ? (
          <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
            {t("mc.themes.save")}
          </Button>
        ) : null}
      </Space>
    </>
  );
}
