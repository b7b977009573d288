import { expect } from "vitest";
import { json, type TestEnv, testIdNumber } from "./helpers.js";

/**
 * What the walks over the OpenAPI document share (`role-walk.test.ts`, `malformed-walk.test.ts`):
 * the operations as the server documents them, one site's real objects to fill their paths with,
 * and a request body that passes an operation's schema, so a walk reaches the service behind it.
 */

/** A JSON schema as the document holds it (OpenAPI 3.0, zod's output). */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  minItems?: number;
  maxItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  default?: unknown;
  additionalProperties?: boolean | Schema;
  $ref?: string;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

export interface Op {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  /** The JSON body's schema, when the operation takes one. */
  body?: Schema;
  /** Every request body type the operation documents. */
  consumes: string[];
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, Schema> };
}

export async function openApiDoc(env: TestEnv): Promise<OpenApiDoc> {
  return json((await env.app.inject({ url: "/api/openapi.json" })).body) as OpenApiDoc;
}

export function operationsOf(doc: OpenApiDoc): Op[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method, o]) => METHODS.has(method) && typeof o.operationId === "string")
      .map(([method, o]) => {
        const content = (o.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content ?? {};
        return {
          method: method.toUpperCase(),
          path,
          operationId: o.operationId as string,
          parameters: (o.parameters as Parameter[] | undefined) ?? [],
          body: content["application/json"]?.schema,
          consumes: Object.keys(content),
        };
      }),
  );
}

const METHODS = new Set(["get", "put", "post", "patch", "delete"]);

/** One site's real objects, by the names the document's path parameters use. */
export interface Objects {
  siteId: string;
  windowId: string;
  queueId: string;
  zoneId: string;
  ticketId: string;
  deviceId: string;
  userId: string;
  serviceId: string;
  [k: string]: string;
}

/** An id of the right shape that names nothing. */
export const NO_SUCH_ID = "0190f000-0000-7000-8000-000000000009";

/**
 * Creates, at the site with this code, a ticket, a printer device and a window-staff account (named
 * after `tag`), and returns them with the site's first window, queue, zone and appointment service.
 */
export async function objectsOf(env: TestEnv, adminCookie: string, code: string, tag = "walk"): Promise<Objects> {
  const siteId = await env.siteId(code);
  const headers = { cookie: adminCookie };
  const get = async (url: string) => json((await env.app.inject({ url, headers })).body);
  const windows = (await get(`/api/sites/${siteId}/windows`)) as { id: string }[];
  const queues = (await get(`/api/sites/${siteId}/queues`)) as { id: string }[];
  const zones = (await get(`/api/sites/${siteId}/zones`)) as { id: string }[];
  const services = (await get(`/api/sites/${siteId}/appointment-services`)) as { id: string }[];
  const w = windows[0]?.id as string;
  const q = queues[0]?.id as string;
  await env.app.inject({ method: "PUT", url: `/api/sites/${siteId}/windows/${w}/queues`, headers, payload: { queueIds: [q] } });
  const ticket = await env.app.inject({ method: "POST", url: `/api/sites/${siteId}/tickets`, headers, payload: { queueId: q } });
  const device = await env.app.inject({
    method: "POST",
    url: `/api/sites/${siteId}/devices`,
    headers,
    payload: { kind: "printer", name: "走访打印机" },
  });
  const user = await env.app.inject({
    method: "POST",
    url: "/api/staff",
    headers,
    payload: {
      username: `${tag}.${code}`,
      displayName: "走访人员",
      password: "Walk-test-2026!",
      grants: [{ role: "window_staff", siteId }],
    },
  });
  expect(ticket.statusCode, ticket.body).toBe(201);
  expect(device.statusCode, device.body).toBe(201);
  expect(user.statusCode, user.body).toBe(201);
  return {
    siteId,
    windowId: w,
    queueId: q,
    zoneId: zones[0]?.id ?? "0190f000-0000-7000-8000-000000000001",
    ticketId: json(ticket.body).id,
    deviceId: json(device.body).id,
    userId: json(user.body).id,
    serviceId: services[0]?.id ?? "0190f000-0000-7000-8000-000000000002",
    appointmentId: "0190f000-0000-7000-8000-000000000003",
    messageId: "0190f000-0000-7000-8000-000000000004",
    itemId: "0190f000-0000-7000-8000-000000000005",
    fileId: "0190f000-0000-7000-8000-000000000006",
    documentId: "0190f000-0000-7000-8000-000000000007",
    pairingId: "0190f000-0000-7000-8000-000000000008",
    index: "0",
    date: "2026-11-30",
    year: "2026",
    code: "walk",
    token: "walk",
    version: "1",
  };
}

/** The path with its parameters taken from `o` (or `override` for the one being varied). */
export function fillPath(path: string, o: Objects, override?: { name: string; raw: string }): string {
  return path.replace(/\{(\w+)\}/g, (_m, k: string) => (override?.name === k ? override.raw : encodeURIComponent(o[k] ?? "walk")));
}

/** Resolves `$ref`s and picks the first non-null branch of a union. */
export function resolve(doc: OpenApiDoc, s: Schema): Schema {
  if (s.$ref) return resolve(doc, doc.components?.schemas?.[s.$ref.split("/").pop() as string] ?? {});
  const branch = (s.anyOf ?? s.oneOf)?.find((b) => b.type !== "null" && !(b.enum?.length === 1 && b.enum[0] === null));
  if (branch) return resolve(doc, { ...branch, nullable: s.nullable });
  if (s.allOf) return s.allOf.reduce<Schema>((a, b) => merge(a, resolve(doc, b)), {});
  return s;
}

const merge = (a: Schema, b: Schema): Schema => ({
  ...a,
  ...b,
  properties: { ...a.properties, ...b.properties },
  required: [...(a.required ?? []), ...(b.required ?? [])],
});

export const typeOf = (s: Schema): string | undefined => (Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type);

/** Strings tried, in order, against a pattern whose meaning the walk does not know. */
const PATTERN_CANDIDATES = [
  "2026-11-30",
  "10:00",
  "13800138000",
  testIdNumber(7),
  "walk.user",
  "W1",
  "ABCD2345",
  "A",
  "1",
  "11010100000000000001",
  "zgc-street",
  "#1677ff",
];

function sampleString(s: Schema, name: string, o: Objects): string {
  if (s.format === "uuid") return o[name] ?? o[name.replace(/s$/, "")] ?? NO_SUCH_ID;
  if (s.format === "date-time") return "2026-11-27T03:00:00.000Z";
  if (s.format === "email") return "walk@example.com";
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    const hit = PATTERN_CANDIDATES.find((c) => re.test(c));
    if (hit) return hit;
  }
  const min = s.minLength ?? 1;
  const max = s.maxLength ?? 40;
  return "走访测试内容".repeat(Math.ceil(min / 6) + 1).slice(0, Math.max(min, Math.min(max, 6)));
}

/** A value that passes the schema (as far as a schema says: service rules may still refuse it). */
export function sample(doc: OpenApiDoc, schema: Schema, name: string, o: Objects, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum.find((e) => e !== null) ?? null;
  if (s.default !== undefined && s.default !== null) return s.default;
  const t = typeOf(s);
  switch (t) {
    case "string":
      return sampleString(s, name, o);
    case "integer":
    case "number":
      return sampleNumber(s);
    case "boolean":
      return false;
    case "array": {
      const n = Math.max(s.minItems ?? 0, depth > 2 ? 0 : Math.min(1, s.maxItems ?? 1));
      return Array.from({ length: n }, () => sample(doc, s.items ?? {}, name, o, depth + 1));
    }
    case "object":
      return sampleObject(doc, s, o, depth);
    default:
      return s.properties ? sampleObject(doc, s, o, depth) : s.nullable ? null : "走访";
  }
}

/** The smallest number from 1 up that the bounds allow (an exclusive minimum is passed by one). */
function sampleNumber(s: Schema): number {
  const lo = typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum + 1 : (s.minimum ?? 1) + (s.exclusiveMinimum ? 1 : 0);
  return Math.min(Math.max(lo, 1), s.maximum ?? Number.MAX_SAFE_INTEGER);
}

/** The object's required properties, each with a passing value. */
export function sampleObject(doc: OpenApiDoc, s: Schema, o: Objects, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of s.required ?? []) {
    const p = s.properties?.[k];
    if (p) out[k] = sample(doc, p, k, o, depth + 1);
  }
  return out;
}
