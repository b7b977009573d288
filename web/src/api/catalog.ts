import { ApiError, api, call } from "./client";
import type { operations } from "./schema";

/**
 * Shapes of the catalog API. The generated schema gives what the server has today; the fields and
 * endpoints the catalog contract adds (themes, paging, disclosure per site, the richer guide) are
 * written out here as optional, so pages render with or without them.
 */
type Json<O extends keyof operations, S extends number = 200> =
  operations[O]["responses"] extends Record<S, { content: { "application/json": infer T } }> ? T : never;

type BaseMaterial = Json<"getPublicItem">["guide"]["materials"][number];
/** A downloadable sample or blank form (样表/空白表格). */
export interface SampleFile {
  fileId: string;
  fileName: string;
  contentType: string;
  size: number;
}
/** A material of a guide; sample text and a downloadable sample/blank form where the guide has them. */
export type Material = BaseMaterial & {
  sampleText?: string | null;
  sample?: SampleFile | null;
};
/** 容缺受理: accepted although minor materials are missing, supplied later within a deadline. */
export interface MinorGaps {
  allowed: boolean;
  materials: string[];
  deadlineDays: number | null;
}
type BaseGuide = Json<"getPublicItem">["guide"];
export type Guide = Omit<BaseGuide, "materials"> & {
  materials: Material[];
  implementingBody?: string | null;
  minorGaps?: MinorGaps;
  reviewStandard?: string[];
  resultSample?: string | null;
  onlinePayment?: boolean | null;
  postalDelivery?: boolean | null;
};
export type AssignmentMode = "handle" | "assist";
/** Where an item is handled (handle) or only assisted (assist: a park station's 帮办代办). */
export interface ItemSite {
  code: string;
  name: string;
  kind?: string;
  mode: AssignmentMode;
  address?: string;
  phone?: string | null;
}
export type PublicItem = Omit<Json<"getPublicItem">, "guide"> & {
  guide: Guide;
  sites?: ItemSite[];
  themes?: Theme[];
};
export type PublicItemSummary = Json<"searchPublicItems">[number];
export type ItemChange = Json<"listPublicItemChanges">[number];
export type Department = Json<"listPublicDepartments">[number];
export type CatalogItem = Json<"listItems">[number];
export type Audience = "individual" | "enterprise";

export interface Theme {
  code: string;
  name: string;
  nameEn?: string | null;
  audience: Audience;
  itemCount?: number;
}

export interface CoverageProblem {
  code: string;
  severity: "violation" | "warning";
  zh: string;
  en: string;
}

/** One item as a site discloses it: how it is handled there, its fee and committed time. */
export interface SiteItem {
  code: string;
  name: string;
  department?: { id: string; name: string } | null;
  mode?: AssignmentMode | null;
  fee?: { charged: boolean; amount?: string | null } | string | null;
  committedLimitDays?: number | null;
  limitUnit?: string | null;
}

/** GET of a JSON endpoint the server may not have yet: undefined on 404, the problem otherwise. */
async function optional<T>(url: string): Promise<T | undefined> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } });
  } catch {
    throw new ApiError(0, {
      message: { zh: "无法连接服务器，请检查网络后重试", en: "Cannot reach the server; check the network and try again" },
    });
  }
  if (res.status === 404) return undefined;
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, body);
  return body as T;
}

export interface SearchParams {
  q?: string;
  department?: string;
  theme?: string;
  audience?: Audience;
  site?: string;
}

export const TARGET_OF: Record<Audience, "个人" | "法人"> = { individual: "个人", enterprise: "法人" };

export const PAGE_SIZE = 20;
/** The server's largest page: one request covers ten pages of the list. */
const FETCH_SIZE = 200;
export interface SearchPage {
  items: PublicItemSummary[];
  hasMore: boolean;
  /** known unless the result runs past what one request brings */
  total?: number;
}

/**
 * Page `page` (PAGE_SIZE items) of a search. It asks the server for the FETCH_SIZE block that holds
 * the page; a server that does not page returns everything, which is cut here just the same. The
 * audience filter is applied here too, so it holds on a server that ignores the parameter.
 */
export async function searchItems(p: SearchParams, page = 1): Promise<SearchPage> {
  const block = Math.floor(((page - 1) * PAGE_SIZE) / FETCH_SIZE) + 1;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) qs.set(k, v);
  qs.set("page", String(block));
  qs.set("pageSize", String(FETCH_SIZE));
  let res: Response;
  try {
    res = await fetch(`/api/public/items?${qs}`, { headers: { accept: "application/json" } });
  } catch {
    throw new ApiError(0, undefined);
  }
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, body);
  let items: PublicItemSummary[] = Array.isArray(body) ? body : (body?.items ?? []);
  if (p.audience) items = items.filter((i) => i.target.includes(TARGET_OF[p.audience as Audience]));
  const paged = items.length <= FETCH_SIZE; // false: the server sent everything
  const offset = paged ? (block - 1) * FETCH_SIZE : 0;
  const start = (page - 1) * PAGE_SIZE - offset;
  // The server counts all matches in X-Total-Count; without it, the count is known once a block comes back short.
  const header = Number(res.headers.get("x-total-count"));
  const total = paged && Number.isFinite(header) && res.headers.has("x-total-count") ? header : undefined;
  const more = total !== undefined ? (page - 1) * PAGE_SIZE + PAGE_SIZE < total : paged && items.length === FETCH_SIZE;
  return {
    items: items.slice(start, start + PAGE_SIZE),
    hasMore: start + PAGE_SIZE < items.length || more,
    total: total ?? (more ? undefined : offset + items.length),
  };
}

export const getItem = (code: string) => call(api.GET("/api/public/items/{code}", { params: { path: { code } } })) as Promise<PublicItem>;
export const getItemVersion = (code: string, version: number) =>
  call(api.GET("/api/public/items/{code}/versions/{version}", { params: { path: { code, version } } })) as Promise<PublicItem>;
export const getChanges = (code: string) => call(api.GET("/api/public/items/{code}/changes", { params: { path: { code } } }));
export const getDepartments = () => call(api.GET("/api/public/departments"));
export const getThemes = () => optional<Theme[]>("/api/public/themes");
export const getSiteItems = (siteCode: string) =>
  optional<SiteItem[] | { items: SiteItem[] }>(`/api/public/sites/${encodeURIComponent(siteCode)}/items`).then((r) =>
    r === undefined ? undefined : Array.isArray(r) ? r : r.items,
  );

/** The slip as PDF; an earlier version's slip when `version` is given. */
export const slipPdfUrl = (code: string, version?: number) =>
  `/api/public/items/${encodeURIComponent(code)}/slip.pdf${version ? `?version=${version}` : ""}`;
export const sampleUrl = (code: string, index: number, version?: number) =>
  `/api/public/items/${encodeURIComponent(code)}/materials/${index}/sample${version ? `?version=${version}` : ""}`;

// ---- staff side ------------------------------------------------------------------------------

export type ItemInput = NonNullable<operations["createItem"]["requestBody"]>["content"]["application/json"];
export type StaffGuide = Guide;

export const listItems = (department?: string) =>
  call(api.GET("/api/catalog/items", { params: { query: department ? { department } : {} } })) as Promise<StaffItem[]>;
/** The staff view of an item; its guide may carry the contract's extra elements. */
export type StaffItem = Omit<CatalogItem, "latest"> & { latest: Omit<CatalogItem["latest"], "guide"> & { guide: Guide } };
export const createItem = (body: ItemInput) => call(api.POST("/api/catalog/items", { body })) as Promise<StaffItem>;
export const saveDraft = (itemId: string, guide: Guide) =>
  call(
    api.PUT("/api/catalog/items/{itemId}/draft", { params: { path: { itemId } }, body: { guide: guide as BaseGuide } }),
  ) as Promise<StaffItem>;
export const publishItem = (itemId: string, body: { effectiveFrom?: string; changeNote: string }) =>
  call(api.POST("/api/catalog/items/{itemId}/publish", { params: { path: { itemId } }, body })) as Promise<StaffItem>;

/** JSON request to an endpoint that may not be on the server yet (404 → undefined for GET). */
async function send<T>(method: string, url: string, body?: BodyInit, contentType?: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: { accept: "application/json", ...(contentType ? { "content-type": contentType } : {}) },
      body,
    });
  } catch {
    throw new ApiError(0, undefined);
  }
  const data = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, data);
  return data as T;
}

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const exportUrl = "/api/catalog/export.xlsx";

/** One bad row of an import: nothing is changed while any row is bad. */
export interface ImportIssue {
  /** the worksheet, when the workbook has several */
  sheet?: string;
  row: number;
  column?: string | null;
  reason: string;
  reasonEn?: string;
}
export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  departmentsCreated: string[];
}
export const importCatalog = (file: Blob) => send<ImportResult>("POST", "/api/catalog/import", file, XLSX);
export const uploadCityList = (file: File) =>
  send<Record<string, unknown>>("POST", "/api/catalog/city-list", file, file.name.toLowerCase().endsWith(".csv") ? "text/csv" : XLSX);

export interface CoverageRow {
  code: string;
  name: string;
  department: string;
  approved: boolean;
  inCatalog: boolean;
  places: string[];
  sites: { code: string; name: string; kind: string; mode: AssignmentMode }[];
  problems: CoverageProblem[];
}
export interface CoverageReport {
  generatedAt: string;
  cityList: { count: number; importedAt: string | null } | null;
  summary: Record<string, number>;
  items: CoverageRow[];
}
export const getCoverage = () => optional<CoverageReport>("/api/catalog/coverage");

export interface Assignments {
  itemId: string;
  code: string;
  name: string;
  sites: { siteId: string; code: string; name: string; kind: string; mode: AssignmentMode }[];
  places: string[];
  problems: CoverageProblem[];
}
export const getAssignments = (itemId: string) => optional<Assignments>(`/api/catalog/items/${encodeURIComponent(itemId)}/assignments`);
export const putAssignments = (itemId: string, sites: { siteId: string; mode: AssignmentMode }[]) =>
  send<Assignments>("PUT", `/api/catalog/items/${encodeURIComponent(itemId)}/assignments`, JSON.stringify({ sites }), "application/json");

/** Attach a sample or blank form to material `index` of the draft (a draft is started if needed). */
export const uploadSample = (itemId: string, index: number, file: File) =>
  send<StaffItem>(
    "POST",
    `/api/catalog/items/${encodeURIComponent(itemId)}/materials/${index}/sample?fileName=${encodeURIComponent(file.name.slice(0, 120))}`,
    file,
    file.type || "application/octet-stream",
  );
export const removeSample = (itemId: string, index: number) =>
  send<StaffItem>("DELETE", `/api/catalog/items/${encodeURIComponent(itemId)}/materials/${index}/sample`);

export type StaffTheme = Json<"listThemes">[number];
export type Hall = Json<"listCatalogHalls">[number];
export const listThemes = () => call(api.GET("/api/catalog/themes"));
export const setItemThemes = (itemId: string, themes: string[]) =>
  call(api.PUT("/api/catalog/items/{itemId}/themes", { params: { path: { itemId } }, body: { themes } })) as Promise<StaffItem>;
export const listHalls = () => call(api.GET("/api/catalog/halls"));
export const setHall = (siteId: string, body: { role: "comprehensive" } | { role: "department"; departmentId: string }) =>
  call(api.PUT("/api/catalog/halls/{siteId}", { params: { path: { siteId } }, body }));
