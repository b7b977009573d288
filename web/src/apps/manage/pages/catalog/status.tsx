import { Tag } from "antd";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { StaffItem } from "../../../../api/catalog";

export function limitText(t: TFunction, days: number | null, unit: string): string {
  if (days === null) return t("mc.list.noLimit");
  if (days === 0) return t("mc.list.onTheSpot");
  return t("mc.list.days", { count: days, unit: t(`mc.unit.${unit}`, { defaultValue: unit, count: days }) });
}

/** The latest version (draft or published, scheduled or not) and the version the public sees now. */
export function StatusTags({ item }: { item: StaffItem }) {
  const { t } = useTranslation();
  const l = item.latest;
  const scheduled = l.status === "published" && item.inForceVersion !== l.version;
  return (
    <>
      {l.status === "draft" ? (
        <Tag color="gold">{t("mc.editor.draftOf", { version: l.version })}</Tag>
      ) : (
        <Tag color={scheduled ? "blue" : "green"}>
          {scheduled ? `${t("mc.list.scheduled")} v${l.version}` : t("mc.editor.publishedV", { version: l.version })}
        </Tag>
      )}
      {item.inForceVersion !== null && item.inForceVersion !== l.version ? (
        <Tag>{t("mc.editor.inForce", { version: item.inForceVersion })}</Tag>
      ) : null}
      {item.inForceVersion === null ? <Tag>{t("mc.list.none")}</Tag> : null}
    </>
  );
}
