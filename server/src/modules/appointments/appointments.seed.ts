import type { Executor } from "../../db/schema.js";
import type { Clock } from "../../platform/clock.js";
import { newId } from "../../platform/ids.js";
import * as catalogApi from "../catalog/catalog.api.js";
import * as orgApi from "../org/org.api.js";
import * as queueApi from "../queue/queue.api.js";
import * as repo from "./appointments.repository.js";

/** Demo capacity: which queues (and catalog items) the demo sites offer for booking. */
const DEMO_SERVICES: { site: string; prefix: string; itemCode?: string; name?: string; capacity: number; slotMinutes: number }[] = [
  { site: "scjg-hall", prefix: "B", itemCode: "00013112800001", name: "个体工商户设立登记", capacity: 3, slotMinutes: 30 },
  { site: "scjg-hall", prefix: "C", capacity: 2, slotMinutes: 60 },
  { site: "zgc-street", prefix: "A", capacity: 4, slotMinutes: 30 },
  { site: "zgc-street", prefix: "B", capacity: 2, slotMinutes: 30 },
  { site: "xyl-street", prefix: "A", capacity: 3, slotMinutes: 30 },
];

export async function seedAppointments(tx: Executor, clock: Clock): Promise<void> {
  const at = clock.now().toISOString();
  for (const d of DEMO_SERVICES) {
    const site = await orgApi.findSiteByCode(tx, d.site);
    if (!site) continue;
    const queue = (await queueApi.queuesOf(tx, site.id)).find((q) => q.prefix === d.prefix);
    if (!queue) continue;
    const item = d.itemCode ? await catalogApi.findItemByCode(tx, d.itemCode) : undefined;
    await repo.insertService(tx, {
      id: newId(),
      site_id: site.id,
      queue_id: queue.id,
      item_id: item?.id ?? null,
      name: d.name ?? queue.name,
      slot_minutes: d.slotMinutes,
      capacity: d.capacity,
      earliest_hours: 1,
      latest_days: 14,
      cancel_cutoff_hours: 2,
      per_phone_limit: 3,
      per_id_limit: 2,
      late_grace_min: 15,
      hold_minutes: 5,
      noshow_limit: 3,
      noshow_window_days: 90,
      noshow_block_days: 30,
      active: 1,
      created_at: at,
      updated_at: at,
    });
  }
}
