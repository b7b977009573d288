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
/** A material of a guide; sample text and a downloadable sample/blank form where the guide has them. */
export type Material = BaseMaterial & {
  sampleText?: string | null;
  /** whether a sample or blank form can be downloaded at …/materials/:index/sample */
  hasSample?: boolean | null;
  sampleName?: string | null;
};
type BaseGuide = Json<"getPublicItem">["guide"];
export type Guide = Omit<BaseGuide, "materials"> & {
  materials: Material[];
  implementingBody?: string | null;
  /** 容缺受理: accepted with minor gaps, and what may follow later */
  minorGapsAccepted?: boolean | null;
  minorGapsNote?: string | null;
  reviewStandard?: string | null;
  resultSample?: string | null;
  onlinePayment?: boolean | null;
  postDelivery?: boolean | null;
};
export type PublicItem = Omit<Json<"getPublicItem">, "guide"> & {
  guide: Guide;
  /** where it can be handled, when the server sends it */
  sites?: { code: string; name: string; mode?: string | null }[];
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

/** One item as a site discloses it: how it is handled there, its fee and committed time. */
export interface SiteItem {
  code: string;
  name: string;
  department?: { id: string; name: string } | null;
  mode?: string | null;
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

/** Search; the audience filter is applied here too, so it holds on a server that ignores the parameter. */
export async function searchItems(p: SearchParams): Promise<PublicItemSummary[]> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) qs.set(k, v);
  qs.set("pageSize", "500");
  const res = await fetch(`/api/public/items?${qs}`, { headers: { accept: "application/json" } }).catch(() => undefined);
  if (!res) throw new ApiError(0, undefined);
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, body);
  // Today an array; with paging, { items, total }.
  const items: PublicItemSummary[] = Array.isArray(body) ? body : (body?.items ?? []);
  return p.audience ? items.filter((i) => i.target.includes(TARGET_OF[p.audience as Audience])) : items;
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

export const slipPdfUrl = (code: string) => `/api/public/items/${encodeURIComponent(code)}/slip.pdf`;
export const sampleUrl = (code: string, index: number) => `/api/public/items/${encodeURIComponent(code)}/materials/${index}/sample`;
