import { type Insertable, type Kysely, type Selectable, SqliteAdapter, sql, type Transaction } from "kysely";
import type { Dialect } from "../../db/index.js";
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

/**
 * Reads items and holds their rows until the transaction ends: every change of an item's draft,
 * its publication and its assignments starts here, so two of them run one after the other on
 * PostgreSQL as they do on SQLite, and each sees what the other committed. A no-op update is the
 * portable row lock (like the queue's lockWindowState); rows are locked in id order, so two
 * transactions locking several items cannot deadlock.
 */
export async function lockItems(db: Executor, ids: string[]): Promise<CatalogRow<"items">[]> {
  if (ids.length === 0) return [];
  const sorted = [...new Set(ids)].sort();
  // SQLite transactions hold the database's one write lock from BEGIN (db/index.ts): a read is enough.
  if (db.getExecutor().adapter instanceof SqliteAdapter) return c(db).selectFrom("items").selectAll().where("id", "in", sorted).execute();
  const out: CatalogRow<"items">[] = [];
  for (const id of sorted) {
    const row = await c(db)
      .updateTable("items")
      .set((eb) => ({ id: eb.ref("id") }))
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    if (row) out.push(row);
  }
  return out;
}

export async function lockItem(db: Executor, id: string): Promise<CatalogRow<"items"> | undefined> {
  return (await lockItems(db, [id]))[0];
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

export interface SearchFilter {
  now: string;
  /** Lower-cased text to find in `items.search`, or null for all. */
  text: string | null;
  dialect: Dialect;
  departmentId?: string;
  themeCode?: string;
  audience?: "individual" | "enterprise";
  siteId?: string;
  /** Only these items (the scheduled ones, see catalog.public.ts). */
  only?: string[];
  /** Not these items. */
  except?: string[];
}

/** Items with a version in force at `now` that pass every filter given. */
function searchQuery(db: Executor, f: SearchFilter) {
  // Versions are never withdrawn: an item is public from its first version's effective date on.
  let q = c(db).selectFrom("items").where("items.public_from", "<=", f.now);
  // A plain substring test: twice as fast as LIKE '%…%' on SQLite for Chinese text.
  const text = f.text;
  if (text)
    q = q.where(f.dialect === "postgres" ? sql<number>`strpos(items.search, ${text})` : sql<number>`instr(items.search, ${text})`, ">", 0);
  if (f.departmentId) q = q.where("items.department_id", "=", f.departmentId);
  if (f.audience === "individual") q = q.where("items.for_individual", "=", 1);
  if (f.audience === "enterprise") q = q.where("items.for_enterprise", "=", 1);
  const { themeCode, siteId } = f;
  if (themeCode) {
    q = q.where((eb) =>
      eb.exists(
        eb.selectFrom("item_themes as t").select("t.item_id").whereRef("t.item_id", "=", "items.id").where("t.theme_code", "=", themeCode),
      ),
    );
  }
  if (siteId) {
    q = q.where((eb) =>
      eb.exists(
        eb.selectFrom("item_sites as s").select("s.item_id").whereRef("s.item_id", "=", "items.id").where("s.site_id", "=", siteId),
      ),
    );
  }
  if (f.only) q = f.only.length > 0 ? q.where("items.id", "in", f.only) : q.where(sql<boolean>`1 = 0`);
  if (f.except && f.except.length > 0) q = q.where("items.id", "not in", f.except);
  return q;
}

/** Ids and codes of every match, in code order: one scan gives both the page and the total. */
export async function matchingItems(db: Executor, f: SearchFilter): Promise<{ id: string; code: string }[]> {
  return searchQuery(db, f).select(["items.id", "items.code"]).orderBy("items.code").execute();
}

/** How many versions were ever published: a publish is the only thing that changes the number. */
export async function publishedCount(db: Executor): Promise<number> {
  const r = await c(db)
    .selectFrom("item_versions")
    .where("status", "=", "published")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Items that ever had a version published for a later date than its publication. */
export async function scheduledItemIds(db: Executor): Promise<string[]> {
  const rows = await c(db)
    .selectFrom("item_versions")
    .where("status", "=", "published")
    .whereRef("effective_from", ">", "published_at")
    .select("item_id")
    .distinct()
    .execute();
  return rows.map((r) => r.item_id);
}

/** How many public items each theme has at `now`, in one scan (themes without any are absent). */
export async function themeCounts(db: Executor, now: string): Promise<{ theme_code: string; n: number }[]> {
  const rows = await c(db)
    .selectFrom("item_themes as t")
    .innerJoin("items", "items.id", "t.item_id")
    .where("items.public_from", "<=", now)
    .groupBy("t.theme_code")
    .select((eb) => ["t.theme_code", eb.fn.countAll<number>().as("n")])
    .execute();
  return rows.map((r) => ({ theme_code: r.theme_code, n: Number(r.n) }));
}

/** Published versions of the given items without their guides: enough to tell which is in force. */
export async function publishedVersionMeta(
  db: Executor,
  itemIds: string[],
): Promise<Pick<CatalogRow<"item_versions">, "id" | "item_id" | "version" | "status" | "effective_from">[]> {
  if (itemIds.length === 0) return [];
  return c(db)
    .selectFrom("item_versions")
    .select(["id", "item_id", "version", "status", "effective_from"])
    .where("item_id", "in", itemIds)
    .where("status", "=", "published")
    .execute();
}

export async function guidesOfVersions(db: Executor, ids: string[]): Promise<{ id: string; guide: string }[]> {
  if (ids.length === 0) return [];
  return c(db).selectFrom("item_versions").select(["id", "guide"]).where("id", "in", ids).execute();
}

/** The published versions of the given items: what the public may read. */
export async function publishedVersionsOf(db: Executor, itemIds: string[]): Promise<CatalogRow<"item_versions">[]> {
  if (itemIds.length === 0) return [];
  return c(db)
    .selectFrom("item_versions")
    .selectAll()
    .where("item_id", "in", itemIds)
    .where("status", "=", "published")
    .orderBy("item_id")
    .orderBy("version")
    .execute();
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

// ---- themes ---------------------------------------------------------------------------------

export async function listThemes(db: Executor): Promise<CatalogRow<"themes">[]> {
  return c(db).selectFrom("themes").selectAll().orderBy("sort").execute();
}

export async function themesOfItems(db: Executor, itemIds: string[]): Promise<CatalogRow<"item_themes">[]> {
  if (itemIds.length === 0) return [];
  return c(db).selectFrom("item_themes").selectAll().where("item_id", "in", itemIds).execute();
}

export async function allItemThemes(db: Executor): Promise<CatalogRow<"item_themes">[]> {
  return c(db).selectFrom("item_themes").selectAll().execute();
}

export async function replaceItemThemes(db: Executor, itemId: string, codes: string[]): Promise<void> {
  await c(db).deleteFrom("item_themes").where("item_id", "=", itemId).execute();
  if (codes.length > 0) {
    await c(db)
      .insertInto("item_themes")
      .values(codes.map((theme_code) => ({ item_id: itemId, theme_code })))
      .execute();
  }
}

export async function itemsByIds(db: Executor, ids: string[]): Promise<CatalogRow<"items">[]> {
  if (ids.length === 0) return [];
  return c(db).selectFrom("items").selectAll().where("id", "in", ids).orderBy("code").execute();
}
