import type { Ctx } from "../../platform/context.js";
import { newId } from "../../platform/ids.js";
import * as repo from "./org.repository.js";

/** Whether a site exists (other modules check references through this, never the repository). */
export async function siteExists(db: Ctx["db"], siteId: string): Promise<boolean> {
  return !!(await repo.findSite(db, siteId));
}

/** Whether a department (an organisation unit of kind department) exists. */
export async function departmentExists(db: Ctx["db"], departmentId: string): Promise<boolean> {
  return !!(await repo.findDepartment(db, departmentId));
}

/** The id of the department of that name, created if missing (seeding, catalog import). */
export async function ensureDepartment(db: Ctx["db"], name: string, at: string): Promise<string> {
  const existing = await repo.findDepartmentByName(db, name);
  if (existing) return existing.id;
  const id = newId();
  await repo.insertDepartment(db, { id, name, created_at: at });
  return id;
}
