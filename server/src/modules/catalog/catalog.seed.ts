import fs from "node:fs";
import type { Executor } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import type { Clock } from "../../platform/clock.js";
import { newId } from "../../platform/ids.js";
import * as repo from "./catalog.repository.js";
import { Guide } from "./catalog.schema.js";
import { checkGuide, searchColumns } from "./catalog.service.js";

interface DemoItem {
  code: string;
  department: string;
  [field: string]: unknown;
}

/** The 30 demo items (copied from shared/data/service-items.json), read at seed time only. */
function demoItems(): DemoItem[] {
  const file = new URL("./demo-items.json", import.meta.url);
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { items: DemoItem[] }).items;
}

/**
 * Seeds the demo catalog as published version 1 of each item, in force from now. Does nothing
 * if the catalog has items already. Each guide passes the same checks as one entered by hand.
 */
export async function seedCatalog(tx: Executor, clock: Clock): Promise<number> {
  if ((await repo.countItems(tx)) > 0) return 0;
  const at = clock.now().toISOString();
  const items = demoItems();
  const departments = new Map<string, string>();
  for (const name of new Set(items.map((i) => i.department))) {
    const existing = await repo.findDepartmentByName(tx, name);
    const id = existing?.id ?? newId();
    if (!existing) await repo.insertDepartment(tx, { id, name, created_at: at });
    departments.set(name, id);
  }
  for (const d of items) {
    const guide = Guide.parse({ consultationPhone: null, complaintChannel: null, place: null, hours: null, ...d });
    checkGuide(guide);
    const itemId = newId();
    await repo.insertItem(tx, {
      id: itemId,
      code: d.code,
      department_id: departments.get(d.department) as string,
      ...searchColumns(guide),
      created_at: at,
      updated_at: at,
    });
    await repo.insertVersion(tx, {
      id: newId(),
      item_id: itemId,
      version: 1,
      status: "published",
      effective_from: at,
      published_at: at,
      guide: JSON.stringify(guide),
      change_note: "首次发布",
      created_at: at,
      updated_at: at,
    });
  }
  await audit(
    tx,
    { principal: null, clock, requestId: "seed" },
    {
      action: "catalog.seed",
      entityType: "catalog",
      entityId: null,
      siteId: null,
      after: { departments: departments.size, items: items.length },
    },
  );
  return items.length;
}
