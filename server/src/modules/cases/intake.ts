import { AppError } from "../../platform/errors.js";
import type { Material } from "../catalog/catalog.api.js";
import type { ChecklistEntry, ChecklistItem } from "./cases.schema.js";

/**
 * The intake checklist (K2): the guide version's material list, each material received, missing,
 * non-conforming (with a note) or, for a conditional one whose condition does not apply, not
 * applicable. Pure: the service feeds it the guide and what the window recorded.
 */
const notInGuide = (name: string) =>
  new AppError(
    422,
    "material_not_in_guide",
    `“${name}”不是该事项办事指南所列的申请材料`,
    `“${name}” is not a material of this item's guide`,
  );

export function buildChecklist(materials: readonly Material[], entries: readonly ChecklistEntry[]): ChecklistItem[] {
  const given = new Map<string, ChecklistEntry>();
  for (const e of entries) {
    if (!materials.some((m) => m.name === e.name)) throw notInGuide(e.name);
    given.set(e.name, e);
  }
  return materials.map((m) => {
    const e = given.get(m.name);
    if (e?.status === "not_applicable" && m.required) {
      throw new AppError(
        422,
        "material_required",
        `“${m.name}”是必需材料，不能标为不适用`,
        `“${m.name}” is required; it cannot be marked not applicable`,
      );
    }
    if (e?.status === "nonconforming" && !e.note) {
      throw new AppError(422, "material_note_required", `请写明“${m.name}”哪里不符合要求`, `Say what is wrong with “${m.name}”`);
    }
    const status = e?.status ?? (m.required ? "missing" : "not_applicable");
    return { name: m.name, status, note: e?.note ?? null, required: m.required, condition: m.condition, form: m.form, copies: m.copies };
  });
}

/** Updates the entries named (a correction supplied, a re-check): only materials of the checklist. */
export function updateChecklist(
  list: readonly ChecklistItem[],
  entries: readonly ChecklistEntry[],
  only?: ReadonlySet<string>,
): ChecklistItem[] {
  const byName = new Map(entries.map((e) => [e.name, e]));
  for (const e of entries) {
    if (!list.some((m) => m.name === e.name)) throw notInGuide(e.name);
    if (only && !only.has(e.name)) {
      throw new AppError(
        422,
        "material_not_in_correction",
        `“${e.name}”不在补正告知书所列材料中，补正时只审查告知的材料`,
        `“${e.name}” was not on the correction notice; only the materials listed there are checked again`,
      );
    }
  }
  const materials = list.map(
    (m) => ({ name: m.name, form: m.form, copies: m.copies, required: m.required, condition: m.condition }) as Material,
  );
  const merged = list.map((m) => byName.get(m.name) ?? { name: m.name, status: m.status, note: m.note });
  return buildChecklist(materials, merged);
}

/** What is missing or non-conforming: the whole list a correction notice gives, once. */
export const gapsOf = (list: readonly ChecklistItem[]) => list.filter((m) => m.status === "missing" || m.status === "nonconforming");

export const problemOf = (m: ChecklistItem) =>
  m.status === "missing" ? `缺少${m.copies > 1 ? `（${m.form} ${m.copies} 份）` : `（${m.form}）`}` : `不符合要求：${m.note ?? ""}`;
