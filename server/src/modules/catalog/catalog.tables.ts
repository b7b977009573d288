/**
 * Row types of the catalog (事项清单). Portable across SQLite and PostgreSQL like the rest of
 * `db/schema.ts`: text UUID ids, ISO-8601 UTC instants, JSON as text.
 */
export interface DepartmentsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ItemsTable {
  id: string;
  code: string;
  department_id: string;
  /** Name and result name with their pinyin initials, lower-cased; see catalog.search.ts. */
  search: string;
  /** 1 if the latest published guide's target includes 个人 / 法人 (browsing by audience). */
  for_individual: number;
  for_enterprise: number;
  /** When the first published version came into force; null until published. Public iff ≤ now. */
  public_from: string | null;
  created_at: string;
  updated_at: string;
}

export interface ItemVersionsTable {
  id: string;
  item_id: string;
  version: number;
  status: "draft" | "published";
  /** When a published version comes into force; null while a draft. */
  effective_from: string | null;
  published_at: string | null;
  /** The whole guide (办事指南) as JSON text; shape is `Guide` in catalog.schema.ts. */
  guide: string;
  change_note: string | null;
  created_at: string;
  updated_at: string;
}

export interface ThemesTable {
  code: string;
  name: string;
  name_en: string;
  audience: "individual" | "enterprise";
  sort: number;
}

export interface ItemThemesTable {
  item_id: string;
  theme_code: string;
}

/** Where an item is handled (`handle`) or only assisted (`assist`, park stations). */
export interface ItemSitesTable {
  item_id: string;
  site_id: string;
  mode: "handle" | "assist";
  created_at: string;
}

/** A professional-hall site's place in C3: a department's hall, or (department_id null) the comprehensive hall. */
export interface CatalogHallsTable {
  site_id: string;
  department_id: string | null;
  updated_at: string;
}

/** The city's approved item list (目录管理系统审核通过的事项), replaced whole on each import. */
export interface CityItemsTable {
  code: string;
  name: string;
  department: string;
  source_row: number;
  imported_at: string;
}

/** The items a queue serves; each must be assigned to the queue's site. */
export interface QueueItemsTable {
  queue_id: string;
  item_id: string;
  site_id: string;
}

export interface CatalogTables {
  departments: DepartmentsTable;
  items: ItemsTable;
  item_versions: ItemVersionsTable;
  themes: ThemesTable;
  item_themes: ItemThemesTable;
  item_sites: ItemSitesTable;
  catalog_halls: CatalogHallsTable;
  city_items: CityItemsTable;
  queue_items: QueueItemsTable;
}

// The module's tables join the one schema without db/schema.ts importing the module.
declare module "../../db/schema.js" {
  interface Database extends CatalogTables {}
}
