import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. Where items are handled (C3), themes, the city's approved list,
// downloadable material samples, and the item version a ticket was issued for.
// - `items.public_from`: when the item's first published version came into force (null: never
//   published). Versions are never withdrawn, so "has a version in force now" is
//   `public_from <= now`: one column, where a correlated EXISTS over versions scanned the
//   status index once per item (seconds at 5,000 items). No index on it: nearly every item is
//   public, and a scan of `items` beats 5,000 index lookups.
// - `items.for_individual` / `for_enterprise` mirror the latest published guide's `target`
//   (like `items.search`), so browsing by audience is one indexed column, not JSON.
// - `item_sites` says where an item is handled (`handle`) or only assisted (`assist`, park stations).
// - `catalog_halls` tells which professional-hall site is the district comprehensive hall
//   (department_id null) or the professional hall of which department.
// - `catalog_files` keep uploaded bytes (≤ 5 MB); a guide's material names its file by id, so
//   every version keeps the sample it was published with.
// - Themes are reference data of the Beijing portal: seeded here, edited rarely.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const isPg = dialect === "postgres";

  await db.schema
    .alterTable("items")
    .addColumn("for_individual", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("items")
    .addColumn("for_enterprise", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("items").addColumn("public_from", "text").execute();
  // Backfill from the latest published guide (or the draft of a never-published item).
  const items = await db.selectFrom("items").select("id").execute();
  for (const it of items) {
    const versions = await db
      .selectFrom("item_versions")
      .select(["status", "guide", "version", "effective_from"])
      .where("item_id", "=", it.id)
      .orderBy("version", "desc")
      .execute();
    const v = versions.find((x: { status: string }) => x.status === "published") ?? versions[0];
    if (!v) continue;
    const target: string[] = JSON.parse(v.guide).target ?? [];
    const starts = versions
      .filter((x: { status: string; effective_from: string | null }) => x.status === "published" && x.effective_from)
      .map((x: { effective_from: string }) => x.effective_from)
      .sort();
    await db
      .updateTable("items")
      .set({
        for_individual: target.includes("个人") ? 1 : 0,
        for_enterprise: target.includes("法人") ? 1 : 0,
        public_from: starts[0] ?? null,
      })
      .where("id", "=", it.id)
      .execute();
  }

  await db.schema
    .createTable("themes")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("audience", "text", (c) => c.notNull())
    .addColumn("sort", "integer", (c) => c.notNull())
    .execute();
  await db.insertInto("themes").values(THEMES).execute();

  await db.schema
    .createTable("item_themes")
    .addColumn("item_id", "text", (c) => c.notNull().references("items.id"))
    .addColumn("theme_code", "text", (c) => c.notNull().references("themes.code"))
    .addPrimaryKeyConstraint("item_themes_pk", ["item_id", "theme_code"])
    .execute();
  await db.schema.createIndex("item_themes_theme").on("item_themes").columns(["theme_code", "item_id"]).execute();

  await db.schema
    .createTable("item_sites")
    .addColumn("item_id", "text", (c) => c.notNull().references("items.id"))
    .addColumn("site_id", "text", (c) => c.notNull().references("sites.id"))
    .addColumn("mode", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("item_sites_pk", ["item_id", "site_id"])
    .execute();
  await db.schema.createIndex("item_sites_site").on("item_sites").columns(["site_id", "item_id"]).execute();

  await db.schema
    .createTable("catalog_halls")
    .addColumn("site_id", "text", (c) => c.primaryKey().references("sites.id"))
    .addColumn("department_id", "text", (c) => c.references("departments.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("city_items")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("department", "text", (c) => c.notNull())
    .addColumn("source_row", "integer", (c) => c.notNull())
    .addColumn("imported_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("catalog_files")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("data", isPg ? "bytea" : "blob", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("queue_items")
    .addColumn("queue_id", "text", (c) => c.notNull().references("queues.id"))
    .addColumn("item_id", "text", (c) => c.notNull().references("items.id"))
    .addColumn("site_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("queue_items_pk", ["queue_id", "item_id"])
    .execute();
  await db.schema.createIndex("queue_items_site_item").on("queue_items").columns(["site_id", "item_id"]).execute();

  await db.schema.alterTable("tickets").addColumn("item_id", "text").execute();
  await db.schema.alterTable("tickets").addColumn("item_code", "text").execute();
  await db.schema.alterTable("tickets").addColumn("item_version", "integer").execute();
}

/** The Beijing portal's themes (主题服务) for individuals (个人) and enterprises (法人). */
const THEMES = [
  ["birth-adoption", "生育收养", "Birth and adoption", "individual"],
  ["education", "教育科研", "Education", "individual"],
  ["employment", "就业创业", "Employment and starting a business", "individual"],
  ["social-security", "社会保障", "Social security", "individual"],
  ["household", "户籍办理", "Household registration", "individual"],
  ["marriage", "婚姻登记", "Marriage", "individual"],
  ["elderly-disabled", "养老助残", "Elderly and disability support", "individual"],
  ["social-assistance", "社会救助", "Social assistance", "individual"],
  ["medical", "医疗卫生", "Health care", "individual"],
  ["housing", "住房保障", "Housing", "individual"],
  ["veterans", "优待抚恤", "Veterans' benefits", "individual"],
  ["business-start", "开办企业", "Starting a company", "enterprise"],
  ["business-licence", "准营准办", "Licences to operate", "enterprise"],
  ["tax", "税务办理", "Tax", "enterprise"],
  ["business-change", "变更注销", "Changes and closure", "enterprise"],
  ["hiring", "用工社保", "Hiring and social insurance", "enterprise"],
].map(([code, name, name_en, audience], sort) => ({ code, name, name_en, audience, sort }));
