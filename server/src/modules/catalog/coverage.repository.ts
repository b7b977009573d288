import type { Insertable, Kysely, Selectable, Transaction } from "kysely";
import type { Database, Executor, Row } from "../../db/schema.js";
import type { CatalogTables } from "./catalog.tables.js";

type CatalogDatabase = Database & CatalogTables;
type CatalogExecutor = Kysely<CatalogDatabase> | Transaction<CatalogDatabase>;
type R<T extends keyof CatalogTables> = Selectable<CatalogTables[T]>;
const c = (db: Executor) => db as unknown as CatalogExecutor;

// ---- sites (read only: the org module owns them) ---------------------------------------------

export type SiteRow = Pick<Row<"sites">, "id" | "code" | "kind" | "name" | "address" | "phone" | "active">;

export async function listSites(db: Executor): Promise<SiteRow[]> {
  return c(db).selectFrom("sites").select(["id", "code", "kind", "name", "address", "phone", "active"]).orderBy("code").execute();
}

export async function findSiteByCode(db: Executor, code: string): Promise<SiteRow | undefined> {
  return c(db)
    .selectFrom("sites")
    .select(["id", "code", "kind", "name", "address", "phone", "active"])
    .where("code", "=", code)
    .executeTakeFirst();
}

export async function findSite(db: Executor, id: string): Promise<SiteRow | undefined> {
  return c(db)
    .selectFrom("sites")
    .select(["id", "code", "kind", "name", "address", "phone", "active"])
    .where("id", "=", id)
    .executeTakeFirst();
}

// ---- assignments ----------------------------------------------------------------------------

export async function assignmentsOfItems(db: Executor, itemIds: string[]): Promise<R<"item_sites">[]> {
  if (itemIds.length === 0) return [];
  return c(db).selectFrom("item_sites").selectAll().where("item_id", "in", itemIds).execute();
}

export async function allAssignments(db: Executor): Promise<R<"item_sites">[]> {
  return c(db).selectFrom("item_sites").selectAll().execute();
}

export async function assignmentsAtSite(db: Executor, siteId: string): Promise<R<"item_sites">[]> {
  return c(db).selectFrom("item_sites").selectAll().where("site_id", "=", siteId).execute();
}

export async function findAssignment(db: Executor, itemId: string, siteId: string): Promise<R<"item_sites"> | undefined> {
  return c(db).selectFrom("item_sites").selectAll().where("item_id", "=", itemId).where("site_id", "=", siteId).executeTakeFirst();
}

export async function replaceAssignments(db: Executor, itemId: string, rows: Insertable<CatalogTables["item_sites"]>[]): Promise<void> {
  await c(db).deleteFrom("item_sites").where("item_id", "=", itemId).execute();
  if (rows.length > 0) await c(db).insertInto("item_sites").values(rows).execute();
}

// ---- halls ----------------------------------------------------------------------------------

export async function listHalls(db: Executor): Promise<R<"catalog_halls">[]> {
  return c(db).selectFrom("catalog_halls").selectAll().execute();
}

export async function upsertHall(db: Executor, row: R<"catalog_halls">): Promise<void> {
  await c(db)
    .insertInto("catalog_halls")
    .values(row)
    .onConflict((oc) => oc.column("site_id").doUpdateSet({ department_id: row.department_id, updated_at: row.updated_at }))
    .execute();
}

// ---- the city's approved list ---------------------------------------------------------------

export async function listCityItems(db: Executor): Promise<R<"city_items">[]> {
  return c(db).selectFrom("city_items").selectAll().orderBy("source_row").execute();
}

export async function replaceCityItems(db: Executor, rows: R<"city_items">[]): Promise<void> {
  await c(db).deleteFrom("city_items").execute();
  // In chunks: SQLite allows at most 32,766 bound parameters per statement.
  for (let i = 0; i < rows.length; i += 500)
    await c(db)
      .insertInto("city_items")
      .values(rows.slice(i, i + 500))
      .execute();
}

// ---- queue items ----------------------------------------------------------------------------

export async function itemsOfQueue(db: Executor, queueId: string): Promise<R<"queue_items">[]> {
  return c(db).selectFrom("queue_items").selectAll().where("queue_id", "=", queueId).execute();
}

export async function queuesServingItem(db: Executor, siteId: string, itemId: string): Promise<R<"queue_items">[]> {
  return c(db).selectFrom("queue_items").selectAll().where("site_id", "=", siteId).where("item_id", "=", itemId).execute();
}

export async function replaceQueueItems(db: Executor, siteId: string, queueId: string, itemIds: string[]): Promise<void> {
  await c(db).deleteFrom("queue_items").where("queue_id", "=", queueId).execute();
  if (itemIds.length > 0) {
    await c(db)
      .insertInto("queue_items")
      .values(itemIds.map((item_id) => ({ queue_id: queueId, item_id, site_id: siteId })))
      .execute();
  }
}

export async function findQueue(db: Executor, siteId: string, queueId: string) {
  return c(db)
    .selectFrom("queues")
    .select(["id", "site_id", "name", "prefix"])
    .where("id", "=", queueId)
    .where("site_id", "=", siteId)
    .executeTakeFirst();
}

export async function findQueueByPrefix(db: Executor, siteId: string, prefix: string) {
  return c(db).selectFrom("queues").select(["id", "site_id"]).where("site_id", "=", siteId).where("prefix", "=", prefix).executeTakeFirst();
}
