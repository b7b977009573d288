import type { Executor, NewRow, Row } from "../../db/schema.js";

export async function listSites(db: Executor, ids: "all" | string[]): Promise<Row<"sites">[]> {
  let q = db.selectFrom("sites").selectAll();
  if (ids !== "all") {
    if (ids.length === 0) return [];
    q = q.where("id", "in", ids);
  }
  return q.orderBy("kind").orderBy("name").execute();
}

export async function findSite(db: Executor, id: string): Promise<Row<"sites"> | undefined> {
  return db.selectFrom("sites").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findSiteByCode(db: Executor, code: string): Promise<Row<"sites"> | undefined> {
  return db.selectFrom("sites").selectAll().where("code", "=", code).executeTakeFirst();
}

export async function findSiteByName(db: Executor, name: string): Promise<Row<"sites"> | undefined> {
  return db.selectFrom("sites").selectAll().where("name", "=", name).executeTakeFirst();
}

export async function insertSite(db: Executor, row: NewRow<"sites">): Promise<void> {
  await db.insertInto("sites").values(row).execute();
}

export async function updateSite(db: Executor, id: string, patch: Partial<Row<"sites">>): Promise<void> {
  await db.updateTable("sites").set(patch).where("id", "=", id).execute();
}

export async function hoursOf(db: Executor, siteIds: string[]): Promise<Row<"site_hours">[]> {
  if (siteIds.length === 0) return [];
  return db.selectFrom("site_hours").selectAll().where("site_id", "in", siteIds).orderBy("weekday").orderBy("opens").execute();
}

export async function replaceHours(db: Executor, siteId: string, rows: NewRow<"site_hours">[]): Promise<void> {
  await db.deleteFrom("site_hours").where("site_id", "=", siteId).execute();
  if (rows.length > 0) await db.insertInto("site_hours").values(rows).execute();
}

export async function exceptionsOf(db: Executor, siteIds: string[], fromDate = "0000-00-00"): Promise<Row<"site_hour_exceptions">[]> {
  if (siteIds.length === 0) return [];
  return db
    .selectFrom("site_hour_exceptions")
    .selectAll()
    .where("site_id", "in", siteIds)
    .where("date", ">=", fromDate)
    .orderBy("date")
    .execute();
}

export async function upsertException(db: Executor, row: Row<"site_hour_exceptions">): Promise<void> {
  const { site_id: _s, date: _d, ...rest } = row;
  await db
    .insertInto("site_hour_exceptions")
    .values(row)
    .onConflict((oc) => oc.columns(["site_id", "date"]).doUpdateSet(rest))
    .execute();
}

export async function deleteException(db: Executor, siteId: string, date: string): Promise<number> {
  const r = await db.deleteFrom("site_hour_exceptions").where("site_id", "=", siteId).where("date", "=", date).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function zonesOf(db: Executor, siteId: string): Promise<Row<"zones">[]> {
  return db.selectFrom("zones").selectAll().where("site_id", "=", siteId).orderBy("created_at").orderBy("name").execute();
}

export async function findZone(db: Executor, siteId: string, id: string): Promise<Row<"zones"> | undefined> {
  return db.selectFrom("zones").selectAll().where("site_id", "=", siteId).where("id", "=", id).executeTakeFirst();
}

export async function insertZone(db: Executor, row: NewRow<"zones">): Promise<void> {
  await db.insertInto("zones").values(row).execute();
}

export async function updateZone(db: Executor, id: string, patch: Partial<Row<"zones">>): Promise<void> {
  await db.updateTable("zones").set(patch).where("id", "=", id).execute();
}

export async function deleteZone(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("zones").where("id", "=", id).execute();
}

export async function windowsOf(db: Executor, siteId: string): Promise<Row<"windows">[]> {
  return db.selectFrom("windows").selectAll().where("site_id", "=", siteId).orderBy("number").execute();
}

export async function countWindowsInZone(db: Executor, zoneId: string): Promise<number> {
  const r = await db
    .selectFrom("windows")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("zone_id", "=", zoneId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function windowById(db: Executor, id: string): Promise<Row<"windows"> | undefined> {
  return db.selectFrom("windows").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findWindow(db: Executor, siteId: string, id: string): Promise<Row<"windows"> | undefined> {
  return db.selectFrom("windows").selectAll().where("site_id", "=", siteId).where("id", "=", id).executeTakeFirst();
}

export async function findWindowByNumber(db: Executor, siteId: string, n: number): Promise<Row<"windows"> | undefined> {
  return db.selectFrom("windows").selectAll().where("site_id", "=", siteId).where("number", "=", n).executeTakeFirst();
}

export async function insertWindow(db: Executor, row: NewRow<"windows">): Promise<void> {
  await db.insertInto("windows").values(row).execute();
}

export async function updateWindow(db: Executor, id: string, patch: Partial<Row<"windows">>): Promise<void> {
  await db.updateTable("windows").set(patch).where("id", "=", id).execute();
}

export async function postsOf(db: Executor, siteId: string): Promise<Row<"posts">[]> {
  return db.selectFrom("posts").selectAll().where("site_id", "=", siteId).execute();
}

export async function upsertPost(db: Executor, row: Row<"posts">): Promise<void> {
  await db
    .insertInto("posts")
    .values(row)
    .onConflict((oc) =>
      oc
        .column("window_id")
        .doUpdateSet({ primary_user_id: row.primary_user_id, backup_user_id: row.backup_user_id, updated_at: row.updated_at }),
    )
    .execute();
}

export async function findDepartment(db: Executor, id: string): Promise<Row<"departments"> | undefined> {
  return db.selectFrom("departments").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findDepartmentByName(db: Executor, name: string): Promise<Row<"departments"> | undefined> {
  return db.selectFrom("departments").selectAll().where("name", "=", name).executeTakeFirst();
}

export async function insertDepartment(db: Executor, row: NewRow<"departments">): Promise<void> {
  await db.insertInto("departments").values(row).execute();
}
