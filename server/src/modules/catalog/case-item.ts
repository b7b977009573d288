import type { Executor } from "../../db/schema.js";
import { AppError } from "../../platform/errors.js";
import * as repo from "./catalog.repository.js";
import type { Guide } from "./catalog.schema.js";
import * as coverageRepo from "./coverage.repository.js";
import { guideOf, versionInForce } from "./guide.rules.js";

/** An item as a case keeps it: the version in force at receipt, its guide, and who decides it. */
export interface CaseItem {
  itemId: string;
  code: string;
  version: number;
  departmentId: string;
  departmentName: string;
  guide: Guide;
}

const unknownItem = (code: string) =>
  new AppError(422, "item_unknown", `事项 ${code} 不存在或未公布`, `Item ${code} does not exist or is not published`);

/**
 * The item a case is opened for, with the guide version in force at `now`; it must be assigned
 * to the receiving site for handling (an assisting park station helps, it does not receive).
 */
export async function itemForCase(db: Executor, siteId: string, code: string, now: string): Promise<CaseItem> {
  const item = await repo.findItemByCode(db, code);
  const v = item ? versionInForce(await repo.publishedVersionsOf(db, [item.id]), now) : undefined;
  if (!item || !v) throw unknownItem(code);
  const at = await coverageRepo.findAssignment(db, item.id, siteId);
  if (at?.mode !== "handle") {
    throw new AppError(422, "item_not_at_site", `事项 ${code} 不在本场所受理`, `Item ${code} is not received at this site`);
  }
  const dept = await repo.findDepartment(db, item.department_id);
  return {
    itemId: item.id,
    code: item.code,
    version: v.version,
    departmentId: item.department_id,
    departmentName: dept?.name ?? "",
    guide: guideOf(v),
  };
}

/** The guide of one published version (what a case received under it asked for). */
export async function guideOfVersion(db: Executor, itemId: string, version: number): Promise<Guide | undefined> {
  const v = (await repo.publishedVersionsOf(db, [itemId])).find((x) => x.version === version);
  return v ? guideOf(v) : undefined;
}

/** Department names by id (for lists of cases). */
export async function departmentNames(db: Executor): Promise<Map<string, string>> {
  return new Map((await repo.listDepartments(db)).map((d) => [d.id, d.name]));
}
