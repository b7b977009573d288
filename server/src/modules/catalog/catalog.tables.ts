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

export interface CatalogTables {
  departments: DepartmentsTable;
  items: ItemsTable;
  item_versions: ItemVersionsTable;
}
