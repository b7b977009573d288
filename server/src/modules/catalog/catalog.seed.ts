import fs from "node:fs";
import type { Executor } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import type { Clock } from "../../platform/clock.js";
import { newId } from "../../platform/ids.js";
import * as repo from "./catalog.repository.js";
import { Guide } from "./catalog.schema.js";
import { decodeText, parseCsv } from "./catalog.sheets.js";
import { parseCityList, replaceCityList } from "./city-list.service.js";
import * as coverageRepo from "./coverage.repository.js";
import { checkGuide, searchColumns } from "./guide.rules.js";

interface DemoItem {
  code: string;
  department: string;
  themes?: string[];
  sites?: { site: string; mode: "handle" | "assist" }[];
  [field: string]: unknown;
}

/** The 30 demo items (copied from shared/data/service-items.json), read at seed time only. */
function demoItems(): DemoItem[] {
  const file = new URL("./demo-items.json", import.meta.url);
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { items: DemoItem[] }).items;
}

/** Professional halls of the demo district: the comprehensive hall, and the market regulator's hall. */
const DEMO_HALLS: { site: string; department: string | null }[] = [
  { site: "district-hall", department: null },
  { site: "scjg-hall", department: "区市场监督管理局" },
];

/** Queues of the demo district and the items they serve (each assigned to the queue's site). */
const DEMO_QUEUE_ITEMS: { site: string; prefix: string; items: string[] }[] = [
  { site: "scjg-hall", prefix: "A", items: ["00013112700401", "440100000000007483033016"] },
  { site: "scjg-hall", prefix: "B", items: ["00013112800001", "00013112800003"] },
  { site: "scjg-hall", prefix: "C", items: ["DEMO-0005"] },
  { site: "zgc-street", prefix: "A", items: ["DEMO-0007", "DEMO-0008", "DEMO-0009", "DEMO-0010", "DEMO-0011", "DEMO-0012", "DEMO-0025"] },
];

/**
 * Seeds the demo catalog as published version 1 of each item, in force from now, with themes,
 * where each item is handled, the halls, and the city's approved list (demo-city-list.csv). Does
 * nothing if the catalog has items already. Each guide passes the same checks as one entered by hand.
 */
export async function seedCatalog(tx: Executor, clock: Clock): Promise<number> {
  if ((await repo.countItems(tx)) > 0) return 0;
  const at = clock.now().toISOString();
  const items = demoItems();
  const departments = await seedDepartments(tx, items, at);
  const sites = new Map((await coverageRepo.listSites(tx)).map((s) => [s.code, s.id]));
  const itemIds = new Map<string, string>();
  for (const d of items) itemIds.set(d.code, await seedItem(tx, d, departments, sites, at));
  await seedHalls(tx, departments, sites, at);
  await seedQueueItems(tx, itemIds, sites);
  const city = parseCityList(parseCsv(decodeText(fs.readFileSync(new URL("./demo-city-list.csv", import.meta.url)))));
  if (city.errors.length) throw new Error(`demo-city-list.csv: ${JSON.stringify(city.errors)}`);
  await replaceCityList(tx, city.rows, at);
  await audit(
    tx,
    { principal: null, clock, requestId: "seed" },
    {
      action: "catalog.seed",
      entityType: "catalog",
      entityId: null,
      siteId: null,
      after: { departments: departments.size, items: items.length, cityList: city.rows.length },
    },
  );
  return items.length;
}

/** The demo items' departments (found by name, or created): id by name. */
async function seedDepartments(tx: Executor, items: DemoItem[], at: string): Promise<Map<string, string>> {
  const departments = new Map<string, string>();
  for (const name of new Set(items.map((i) => i.department))) {
    const existing = await repo.findDepartmentByName(tx, name);
    const id = existing?.id ?? newId();
    if (!existing) await repo.insertDepartment(tx, { id, name, created_at: at });
    departments.set(name, id);
  }
  return departments;
}

/** One demo item, checked like a guide entered by hand, published as version 1 with its themes and sites; returns its id. */
async function seedItem(
  tx: Executor,
  d: DemoItem,
  departments: Map<string, string>,
  sites: Map<string, string>,
  at: string,
): Promise<string> {
  const guide = Guide.parse({ consultationPhone: null, complaintChannel: null, place: null, hours: null, ...d });
  checkGuide(guide);
  const itemId = newId();
  await repo.insertItem(tx, {
    id: itemId,
    code: d.code,
    department_id: departments.get(d.department) as string,
    ...searchColumns(guide),
    public_from: at,
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
  await repo.replaceItemThemes(tx, itemId, d.themes ?? []);
  const assignments = (d.sites ?? []).flatMap((a) => {
    const siteId = sites.get(a.site);
    return siteId ? [{ item_id: itemId, site_id: siteId, mode: a.mode, created_at: at }] : [];
  });
  await coverageRepo.replaceAssignments(tx, itemId, assignments);
  return itemId;
}

async function seedHalls(tx: Executor, departments: Map<string, string>, sites: Map<string, string>, at: string): Promise<void> {
  for (const h of DEMO_HALLS) {
    const siteId = sites.get(h.site);
    if (siteId)
      await coverageRepo.upsertHall(tx, {
        site_id: siteId,
        department_id: h.department ? (departments.get(h.department) ?? null) : null,
        updated_at: at,
      });
  }
}

async function seedQueueItems(tx: Executor, itemIds: Map<string, string>, sites: Map<string, string>): Promise<void> {
  for (const q of DEMO_QUEUE_ITEMS) {
    const siteId = sites.get(q.site);
    const queue = siteId ? await coverageRepo.findQueueByPrefix(tx, siteId, q.prefix) : undefined;
    if (siteId && queue) {
      await coverageRepo.replaceQueueItems(
        tx,
        siteId,
        queue.id,
        q.items.map((c) => itemIds.get(c) as string),
      );
    }
  }
}
