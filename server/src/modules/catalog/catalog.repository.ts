import type { Insertable, Kysely, Selectable, Transaction } from "kysely";
import type { Database, Executor } from "../../db/schema.js";
import type { CatalogTables } from "./catalog.tables.js";

type CatalogDatabase = Database & CatalogTables;
type CatalogExecutor = Kysely<CatalogDatabase> | Transaction<CatalogDatabase>;
export type CatalogRow<T extends keyof CatalogTables> = Selectable<CatalogTables[T]>;
type NewCatalogRow<T extends keyof CatalogTables> = Insertable<CatalogTables[T]>;

// Until the catalog tables are merged into `Database` this view widens the executor's type;
// afterwards it is a no-op and can stay.
const c = (db: Executor) => db as unknown as CatalogExecutor;

export async function listDepartments(db: Executor): Promise<CatalogRow<"departments">[]> {
  return c(db).selectFrom("departments").selectAll().orderBy("name").execute();
}

export async function findDepartment(db: Executor, id: string): Promise<CatalogRow<"departments"> | undefined> {
  return c(db).selectFrom("departments").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findDepartmentByName(db: Executor, name: string): Promise<CatalogRow<"departments"> | undefined> {
  return c(db).selectFrom("departments").selectAll().where("name", "=", name).executeTakeFirst();
}

export async function insertDepartment(db: Executor, row: NewCatalogRow<"departments">): Promise<void> {
  await c(db).insertInto("departments").values(row).execute();
}

export async function countItems(db: Executor): Promise<number> {
  const r = await c(db)
    .selectFrom("items")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findItem(db: Executor, id: string): Promise<CatalogRow<"items"> | undefined> {
  return c(db).selectFrom("items").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findItemByCode(db: Executor, code: string): Promise<CatalogRow<"items"> | undefined> {
  return c(db).selectFrom("items").selectAll().where("code", "=", code).executeTakeFirst();
}

export async function insertItem(db: Executor, row: NewCatalogRow<"items">): Promise<void> {
  await c(db).insertInto("items").values(row).execute();
}

export async function updateItem(db: Executor, id: string, patch: Partial<CatalogRow<"items">>): Promise<void> {
  await c(db).updateTable("items").set(patch).where("id", "=", id).execute();
}

export async function listItems(db: Executor, departmentId?: string): Promise<CatalogRow<"items">[]> {
  let q = c(db).selectFrom("items").selectAll();
  if (departmentId) q = q.where("department_id", "=", departmentId);
  return q.orderBy("code").execute();
}

/**
 * Items with a version in force at `now` whose search text matches `pattern` (a LIKE pattern
 * over lower-cased text), optionally of one department.
 */
export async function searchItemsInForce(
  db: Executor,
  opts: { now: string; pattern: string | null; departmentId?: string; limit: number },
): Promise<CatalogRow<"items">[]> {
  let q = c(db)
    .selectFrom("items")
    .selectAll("items")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("item_versions as v")
          .select("v.id")
          .whereRef("v.item_id", "=", "items.id")
          .where("v.status", "=", "published")
          .where("v.effective_from", "<=", opts.now),
      ),
    );
  if (opts.pattern) q = q.where("items.search", "like", opts.pattern);
  if (opts.departmentId) q = q.where("items.department_id", "=", opts.departmentId);
  return q.orderBy("items.code").limit(opts.limit).execute();
}

export async function versionsOf(db: Executor, itemIds: string[]): Promise<CatalogRow<"item_versions">[]> {
  if (itemIds.length === 0) return [];
  return c(db).selectFrom("item_versions").selectAll().where("item_id", "in", itemIds).orderBy("item_id").orderBy("version").execute();
}

export async function insertVersion(db: Executor, row: NewCatalogRow<"item_versions">): Promise<void> {
  await c(db).insertInto("item_versions").values(row).execute();
}

/** Changes a draft; returns false if the version is no longer a draft (someone published it). */
export async function updateDraft(db: Executor, id: string, patch: Partial<CatalogRow<"item_versions">>): Promise<boolean> {
  const r = await c(db).updateTable("item_versions").set(patch).where("id", "=", id).where("status", "=", "draft").executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
