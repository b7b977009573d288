import type { SwaggerOptions } from "@fastify/swagger";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { DEVICE_OPERATIONS } from "../auth/device-operations.js";
import { OPERATION_ACCESS } from "../auth/operations.js";
import { eventComponents } from "../events/types.js";

/**
 * The OpenAPI document, completed in one place from what the platform already knows, so a route
 * file declares only its own schema and the document still tells the truth about every operation:
 * - security: from the operation table (`auth/operations.ts`, `auth/device-operations.ts`):
 *   public, the session cookie, a device's bearer token, or either;
 * - errors: every 4xx the request pipeline can answer for the operation's shape (validation,
 *   sign-in, access, cross-site and content-type refusals, unknown records, conflicts, sizes), and
 *   those its service adds (`SERVICE_ERRORS`), all `application/problem+json` with the shared
 *   `Problem` schema;
 * - answers without a body (204) and answers that are files or event streams (`RESPONSE_TYPES`),
 *   and request bodies that are files (the route's `consumes`).
 * The test suite holds the document to it: every answer any test gets must be documented with its
 * status and content type (`test/document-truth.ts`), and `npm run check` lints it with Redocly.
 */

/** Operations that answer 204 No Content on success. */
const NO_CONTENT = new Set([
  "logout",
  "changePassword",
  "deleteSiteHourException",
  "deleteZone",
  "setCalendarDay",
  "cancelTicket",
  "cancelPublicTicket",
  "releaseAppointmentHold",
  "clearAppointmentCapacityDay",
]);

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const SAMPLE_FILE = ["application/pdf", "image/jpeg", "image/png"];
const EVENT_STREAM = "text/event-stream";

/** What the operation's success answer is, when it is not JSON. */
const RESPONSE_TYPES: Record<string, string[]> = {
  exportQueueStats: [XLSX],
  exportCatalog: [XLSX],
  exportAppointments: [XLSX],
  getItemSlipPdf: ["application/pdf"],
  getDocumentPdf: ["application/pdf"],
  downloadMaterialSample: SAMPLE_FILE,
  getFile: ["application/octet-stream", ...SAMPLE_FILE],
  downloadAppointmentIcs: ["text/calendar"],
  streamSiteEvents: [EVENT_STREAM],
  streamWindowEvents: [EVENT_STREAM],
  streamTicketEvents: [EVENT_STREAM],
};

/** 4xx answers a service adds beyond those of the request pipeline (see `pipelineErrors`). */
const SERVICE_ERRORS: Record<string, number[]> = {
  login: [401, 429],
  changePassword: [401, 429],
  startDevicePairing: [429],
  claimDevicePairing: [410],
  getDevicePairing: [410],
  confirmDevicePairing: [410],
  requestVerificationCode: [429],
  holdAppointmentSlot: [429],
  joinAppointmentWaitlist: [429],
  issueOnlineTicket: [429],
  confirmAppointment: [410],
  acceptAppointmentOffer: [410],
  // Cases: an unknown ticket or window, an applicant's document type, materials the guide does not
  // list or a non-conforming one without a note, a denial without reasons.
  openCase: [422],
  requestCaseCorrection: [422],
  supplyCaseMaterials: [422],
  decideCase: [422],
  getAppointmentOffer: [410],
  createAppointmentService: [422],
  issueTicket: [422],
  checkInAppointment: [422],
  setItemThemes: [422],
  setItemAssignments: [422],
  setCatalogHall: [422],
  setQueueItems: [422],
  createItem: [422],
  updateItemDraft: [422],
  publishItem: [422],
  // Public routes whose file or document policy decides who reads: refused callers get 401 or 403.
  getFile: [401, 403],
  getDocumentPdf: [401, 403],
  importCatalog: [413, 422],
  importCityList: [413, 422],
  uploadMaterialSample: [413, 415],
  addWorkingDays: [422],
  workingDaysBetween: [422],
};

const WRITES = new Set(["post", "put", "patch", "delete"]);

const ERROR_TEXT: Record<number, string> = {
  400: "The request is not valid (validation, unsafe characters, malformed body) / 请求内容有误",
  401: "Not signed in, or the credentials are wrong / 未登录或凭据有误",
  403: "Not allowed: missing permission, device kind, initial password, or a cross-site request / 无权限",
  404: "No such record (or not visible to the caller) / 不存在",
  409: "Conflicts with the record's current state / 状态冲突",
  410: "Expired / 已过期",
  413: "The request body is too large / 请求内容过大",
  414: "A part of the request path is too long / 请求地址过长",
  415: "Unsupported content type / 不支持的内容类型",
  422: "Understood but refused by a rule of the service / 不符合业务规则",
  429: "Too many requests; retry after the Retry-After header / 操作过于频繁",
};

/** The one error body (platform/errors.ts `toProblem`). */
const PROBLEM = {
  type: "object",
  description: "RFC 9457 problem details; `code` is stable, `message` in Chinese and English",
  required: ["type", "title", "status", "code", "detail", "message"],
  properties: {
    type: { type: "string", description: "https://govhall.local/problems/<code>" },
    title: { type: "string", description: "the English message" },
    status: { type: "integer" },
    code: { type: "string", description: "stable machine-readable code" },
    detail: { type: "string", description: "the Chinese message" },
    message: {
      type: "object",
      required: ["zh", "en"],
      properties: { zh: { type: "string" }, en: { type: "string" } },
    },
    requestId: { type: "string", description: "also in the x-request-id header" },
    errors: { description: "details, e.g. the failing fields or rows" },
  },
};

interface RouteFacts {
  public: boolean;
  consumes?: string[];
  /** Takes an Idempotency-Key (platform/idempotency: every write a device may call, and `config.idempotent`). */
  idempotent: boolean;
}

const DEVICE_CALLS = new Set(Object.values(DEVICE_OPERATIONS).flat());

type Json = Record<string, unknown>;
type Operation = Json & { operationId?: string; responses?: Record<string, Json>; parameters?: Json[]; requestBody?: Json };

/** Public operations answer anyone; the others need a session, a device token, or accept either. */
function securityOf(operationId: string, facts: RouteFacts): Json[] {
  if (facts.public) return [];
  if (OPERATION_ACCESS[operationId] === "device") return [{ device: [] }];
  const deviceToo = DEVICE_CALLS.has(operationId);
  return deviceToo ? [{ session: [] }, { device: [] }] : [{ session: [] }];
}

function accessNote(operationId: string, facts: RouteFacts): string {
  if (facts.public) return "Access: public / 公开";
  const need = OPERATION_ACCESS[operationId];
  if (!need) return "Access: signed in / 需登录";
  if (need === "device") return "Access: a registered device / 设备";
  if (need === "signed_in") return "Access: any signed-in user / 任一登录用户";
  const devices = Object.entries(DEVICE_OPERATIONS)
    .filter(([, ops]) => ops.includes(operationId))
    .map(([k]) => k);
  const where = need.endsWith("@district") ? "district-wide" : "at the record's site";
  return `Access: \`${need.replace("@district", "")}\` ${where}${devices.length ? `; devices: ${devices.join(", ")}` : ""}`;
}

/** The 4xx statuses the request pipeline itself can answer for an operation of this shape. */
function pipelineErrors(method: string, path: string, op: Operation, facts: RouteFacts): number[] {
  const out = [400];
  const hasPathParams = path.includes("{");
  const takesInput = hasPathParams || (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined;
  if (!facts.public) out.push(401, 403);
  if (WRITES.has(method)) out.push(403, 409, 413, 415);
  if (takesInput) out.push(404);
  if (hasPathParams) out.push(414);
  // The same key with another request (422) or while the first is still running (409).
  if (facts.idempotent) out.push(409, 422);
  return out;
}

const problemRef = { $ref: "#/components/schemas/Problem" };

/** The success answers: 204 without a body, files and streams with their types, JSON otherwise. */
function successResponses(id: string, responses: Record<string, Json>): void {
  if (NO_CONTENT.has(id)) {
    delete responses["200"];
    responses["204"] = { description: "Done; no content / 已完成" };
  }
  const types = RESPONSE_TYPES[id];
  if (types) {
    const ok = Object.keys(responses).find((s) => s.startsWith("2")) ?? "200";
    const stream = types.includes(EVENT_STREAM);
    const schema = stream ? streamSchema() : { type: "string", format: "binary" };
    responses[ok] = {
      description: stream ? "An event stream (server-sent events) / 实时事件流" : "The file / 文件",
      content: Object.fromEntries(types.map((t) => [t, { schema }])),
    };
  }
  // A success answer without a declared schema is still JSON.
  for (const [s, r] of Object.entries(responses)) {
    if (s.startsWith("2") && s !== "204" && !r.content) r.content = { "application/json": { schema: {} } };
  }
}

/** Every 4xx as problem+json with the Problem schema (a route's own 4xx schema kept inside it). */
function errorResponses(statuses: Set<number>, responses: Record<string, Json>): void {
  for (const s of Object.keys(responses)) if (s.startsWith("4")) statuses.add(Number(s));
  for (const s of [...statuses].sort()) {
    const own = responses[String(s)] as { content?: Record<string, { schema?: Json }> } | undefined;
    const schema = own?.content ? Object.values(own.content)[0]?.schema : undefined;
    responses[String(s)] = {
      description: ERROR_TEXT[s] ?? "Refused / 请求被拒绝",
      content: { "application/problem+json": { schema: schema ? { allOf: [problemRef, schema] } : problemRef } },
    };
  }
}

function completeResponses(method: string, path: string, op: Operation, facts: RouteFacts): void {
  const id = op.operationId as string;
  const responses: Record<string, Json> = { ...(op.responses ?? {}) };
  successResponses(id, responses);
  errorResponses(new Set([...pipelineErrors(method, path, op, facts), ...(SERVICE_ERRORS[id] ?? [])]), responses);
  op.responses = responses;
}

/** One server-sent event: its name, id, and data (the envelope with `type` and that event's payload). */
function streamSchema(): Json {
  const payloads = (eventComponents().EventPayloads as { properties?: Record<string, unknown> }).properties ?? {};
  return {
    description:
      "Each event: `event:` an EventName, `id:` the envelope's id, `data:` the StreamEventEnvelope with `type` and `data` (EventPayloads[type]); `: ping` comments keep the connection open",
    type: "object",
    properties: {
      event: { $ref: "#/components/schemas/EventName" },
      id: { type: "integer" },
      data: {
        allOf: [{ $ref: "#/components/schemas/StreamEventEnvelope" }],
        oneOf: Object.keys(payloads).map((name) => ({
          type: "object",
          required: ["type", "data"],
          properties: {
            type: { type: "string", enum: [name] },
            data: { $ref: `#/components/schemas/EventPayloads/properties/${name}` },
          },
        })),
      },
    },
  };
}

function completeOperation(method: string, path: string, op: Operation, facts: RouteFacts): void {
  const id = op.operationId as string;
  op.security = securityOf(id, facts);
  op.description = [op.description, accessNote(id, facts)].filter(Boolean).join("\n\n");
  if (facts.consumes && !op.requestBody) {
    op.requestBody = {
      required: true,
      content: Object.fromEntries(facts.consumes.map((t) => [t, { schema: { type: "string", format: "binary" } }])),
    };
  }
  if (facts.idempotent) {
    op.parameters = [
      ...(op.parameters ?? []),
      {
        in: "header",
        name: "Idempotency-Key",
        required: false,
        description: "Repeat a write safely: the same key answers the first result (1–128 visible ASCII characters, kept 24 h)",
        schema: { type: "string", minLength: 1, maxLength: 128 },
      },
    ];
  }
  completeResponses(method, path, op, facts);
}

/** The @fastify/swagger options of the app: the document's frame, and the completion above. */
export function openApiOptions(opts: { version: string; sessionCookie: string }): SwaggerOptions {
  const facts = new Map<string, RouteFacts>();
  return {
    openapi: {
      info: {
        title: "govhall API",
        description: "政务服务中心运行系统 API / Government service hall system API. Errors are `application/problem+json` (Problem).",
        version: opts.version,
      },
      servers: [{ url: "/", description: "this server" }],
      components: {
        schemas: { ...(eventComponents() as Record<string, never>), Problem: PROBLEM as never },
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: opts.sessionCookie, description: "Staff session, set by login" },
          device: { type: "http", scheme: "bearer", description: "Device token issued when a site manager registers or pairs a device" },
        },
      },
    },
    transform: (arg) => {
      const out = jsonSchemaTransform(arg);
      const schema = arg.schema as { operationId?: string; consumes?: string[] } | undefined;
      const route = arg.route as { method?: string | string[]; config?: { public?: boolean; idempotent?: boolean } };
      const id = schema?.operationId;
      if (id) {
        const write = [route.method ?? []].flat().some((m) => WRITES.has(m.toLowerCase()));
        facts.set(id, {
          public: Boolean(route.config?.public) || arg.url.startsWith("/api/public/"),
          consumes: schema.consumes,
          idempotent: write && (Boolean(route.config?.idempotent) || DEVICE_CALLS.has(id)),
        });
      }
      return out;
    },
    transformObject: (doc) => {
      const openapi = (doc as { openapiObject: Json }).openapiObject as Json & { paths?: Record<string, Record<string, Operation>> };
      for (const [path, methods] of Object.entries(openapi.paths ?? {})) {
        for (const [method, op] of Object.entries(methods)) {
          const f = op.operationId ? facts.get(op.operationId) : undefined;
          if (f) completeOperation(method, path, op, f);
        }
      }
      return openapi as never;
    },
  };
}
