import { STATUS_CODES } from "node:http";
import { connect } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATION_ACCESS } from "../src/platform/auth/operations.js";
import { json, setup, type TestEnv } from "./helpers.js";
import {
  fillPath,
  type Objects,
  type Op,
  type OpenApiDoc,
  objectsOf,
  openApiDoc,
  operationsOf,
  resolve,
  type Schema,
  sample,
  sampleObject,
  typeOf,
} from "./openapi-walk.js";

/**
 * Issue 10's general check for bad input: every operation of the OpenAPI document, called with
 * malformed input — wrong types, huge strings, control characters and NUL, lone surrogates, bad
 * ids, impossible dates, missing and malformed bodies, wrong content types — by a caller with the
 * rights to get past the access checks (the district administrator; a kiosk for device-only
 * operations). Every answer must be below 500, and every 4xx problem+json with a `code`; and a
 * refused request changes nothing (no audit entry, no event).
 * Each request varies one thing of an otherwise passing request, so the walk reaches the service
 * behind the schema too.
 */
interface Case {
  label: string;
  op: Op;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const HUGE = "长".repeat(50_000);
const BAD_STRINGS: [string, string][] = [
  ["huge", HUGE],
  ["NUL", "a\u0000b"],
  ["lone high surrogate", "a\uD800b"],
  ["bidi override", "a\u202Eb"],
  ["impossible date", "2026-02-30"],
  ["bad id", "not-an-id"],
  ["nil uuid", "00000000-0000-0000-0000-000000000000"],
  ["empty", ""],
  ["quote", "' OR 1=1 --"],
];
const WRONG_TYPES: [string, unknown][] = [
  ["number", 12345],
  ["null", null],
  ["array", []],
  ["object", {}],
];
const BAD_NUMBERS: [string, unknown][] = [
  ["zero", 0],
  ["negative", -1],
  ["fraction", 1.5],
  ["huge", 1e308],
  ["beyond safe", 2 ** 53 + 2],
  ["string", "abc"],
  ["null", null],
  ["array", [1]],
];
const BAD_BOOLEANS: [string, unknown][] = [
  ["string", "true"],
  ["number", 1],
  ["null", null],
  ["array", [true]],
];
const BAD_ARRAYS = (item: unknown): [string, unknown][] => [
  ["object", {}],
  ["string", "x"],
  ["null", null],
  ["null item", [null]],
  ["number items", [1, 2, 3]],
  ["many items", Array.from({ length: 5000 }, () => item)],
  ["huge item", [HUGE]],
];
const BAD_OBJECTS: [string, unknown][] = [
  ["string", "x"],
  ["array", []],
  ["null", null],
  ["number", 1],
];

/** Raw path segments (already encoded as a client would send them). */
const BAD_SEGMENTS: [string, string][] = [
  ["not an id", "not-an-id"],
  ["zero", "0"],
  ["negative", "-1"],
  ["nil uuid", "00000000-0000-0000-0000-000000000000"],
  ["99 characters", "x".repeat(99)],
  ["too long", "x".repeat(3000)],
  ["NUL", "a%00b"],
  ["bad percent-encoding", "a%ZZ"],
  ["lone surrogate (CESU)", "%ED%A0%80"],
  ["bidi override", "%E2%80%AE"],
  ["impossible date", "2026-02-30"],
  ["dot segments", "..%2F..%2Fetc"],
  ["huge number", "9".repeat(40)],
];
const BAD_QUERY: [string, string][] = [
  ["huge", encodeURIComponent("长".repeat(2000))],
  ["NUL", "%00"],
  ["lone surrogate (CESU)", "%ED%A0%80"],
  ["bad percent-encoding", "%ZZ"],
  ["bidi override", "%E2%80%AE"],
  ["impossible date", "2026-02-30"],
  ["bad id", "not-an-id"],
  ["negative", "-1"],
  ["huge number", "9".repeat(40)],
  ["word", "abc"],
  ["empty", ""],
];

/** Refused requests that are meant to leave a trace: a failed sign-in is recorded on the account's chain. */
const RECORDS_REFUSALS = new Set(["login", "changePassword"]);

describe("malformed input walk: every operation, on both engines", () => {
  let env: TestEnv;
  let doc: OpenApiDoc;
  let ops: Op[];
  let own: Objects;
  let admin: string;
  let kiosk: string;
  let logoutCookie: string;
  let baseUrl: string;

  beforeAll(async () => {
    env = await setup();
    doc = await openApiDoc(env);
    ops = operationsOf(doc);
    admin = await env.login("admin");
    logoutCookie = await env.login("admin");
    own = await objectsOf(env, admin, "zgc-street", "mal");
    const reg = await env.app.inject({
      method: "POST",
      url: `/api/sites/${own.siteId}/devices`,
      headers: { cookie: admin },
      payload: { kind: "kiosk", name: "走访取号机" },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    kiosk = `Bearer ${json(reg.body).token}`;
    baseUrl = await env.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(() => env.close());

  const authOf = (op: Op): Record<string, string> => {
    if (OPERATION_ACCESS[op.operationId] === "device") return { authorization: kiosk };
    return { cookie: op.operationId === "logout" ? logoutCookie : admin };
  };
  const isStream = (op: Op) => op.path.endsWith("/events");

  /** The query string of an otherwise passing request, with one parameter set to `raw` (encoded). */
  const queryOf = (op: Op, vary?: { name: string; raw: string }) => {
    const parts: string[] = [];
    for (const p of op.parameters.filter((x) => x.in === "query")) {
      if (vary?.name === p.name) parts.push(`${p.name}=${vary.raw}`);
      else if (p.required) parts.push(`${p.name}=${encodeURIComponent(String(sample(doc, p.schema ?? {}, p.name, own)))}`);
    }
    return parts.length ? `?${parts.join("&")}` : "";
  };

  const jsonCase = (op: Op, label: string, body: unknown): Case => ({
    label,
    op,
    method: op.method,
    url: fillPath(op.path, own) + queryOf(op),
    headers: { ...authOf(op), "content-type": "application/json" },
    payload: JSON.stringify(body),
  });

  function pathCases(op: Op): Case[] {
    const body = op.body ? JSON.stringify(sampleObject(doc, resolve(doc, op.body), own)) : undefined;
    return op.parameters
      .filter((p) => p.in === "path")
      .flatMap((p) =>
        BAD_SEGMENTS.map(([what, raw]) => ({
          label: `path ${p.name}: ${what}`,
          op,
          method: op.method,
          url: fillPath(op.path, own, { name: p.name, raw }) + queryOf(op),
          headers: { ...authOf(op), ...(body ? { "content-type": "application/json" } : {}) },
          payload: body,
        })),
      );
  }

  function queryCases(op: Op): Case[] {
    const body = op.body ? JSON.stringify(sampleObject(doc, resolve(doc, op.body), own)) : undefined;
    const at = (label: string, query: string): Case => ({
      label,
      op,
      method: op.method,
      url: fillPath(op.path, own) + query,
      headers: { ...authOf(op), ...(body ? { "content-type": "application/json" } : {}) },
      payload: body,
    });
    const cases = op.parameters
      .filter((p) => p.in === "query")
      .flatMap((p) => [
        ...BAD_QUERY.map(([what, raw]) => at(`query ${p.name}: ${what}`, queryOf(op, { name: p.name, raw }))),
        at(`query ${p.name}: repeated`, `${queryOf(op, { name: p.name, raw: "a" })}&${p.name}=b`),
      ]);
    return [...cases, at("unknown query parameter", `${queryOf(op) || "?"}&walk%00=%00`)];
  }

  /** Bad values for one property, by the type its schema gives. */
  function badValues(s: Schema, name: string): [string, unknown][] {
    const r = resolve(doc, s);
    switch (typeOf(r)) {
      case "integer":
      case "number":
        return BAD_NUMBERS;
      case "boolean":
        return BAD_BOOLEANS;
      case "array":
        return BAD_ARRAYS(sample(doc, r.items ?? {}, name, own));
      case "object":
        return BAD_OBJECTS;
      default:
        return [...BAD_STRINGS, ...WRONG_TYPES];
    }
  }

  /** One level down: each property of an object property (or of an array property's first object). */
  function nestedCases(op: Op, base: Record<string, unknown>, name: string, prop: Schema): Case[] {
    const r = resolve(doc, prop);
    const isArray = typeOf(r) === "array";
    const inner = isArray ? resolve(doc, r.items ?? {}) : r;
    if (typeOf(inner) !== "object" || !inner.properties) return [];
    const innerBase = sampleObject(doc, inner, own);
    return Object.entries(inner.properties).flatMap(([k, p]) =>
      badValues(p, k)
        .slice(0, 5)
        .map(([what, v]) => {
          const nested = { ...innerBase, [k]: v };
          return jsonCase(op, `body ${name}.${k}: ${what}`, { ...base, [name]: isArray ? [nested] : nested });
        }),
    );
  }

  function bodyCases(op: Op): Case[] {
    if (!op.body) return [];
    const schema = resolve(doc, op.body);
    const base = sampleObject(doc, schema, own);
    const cases: Case[] = [jsonCase(op, "body: passing sample", base)];
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      for (const [what, v] of badValues(prop, name)) cases.push(jsonCase(op, `body ${name}: ${what}`, { ...base, [name]: v }));
      cases.push(...nestedCases(op, base, name, prop));
    }
    return cases;
  }

  /** The body as a whole: missing, not an object, not JSON, not JSON at all. */
  function envelopeCases(op: Op): Case[] {
    if (op.method === "GET") return [];
    const url = fillPath(op.path, own) + queryOf(op);
    const raw = (label: string, contentType: string | undefined, payload: string | Buffer | undefined): Case => ({
      label,
      op,
      method: op.method,
      url,
      headers: { ...authOf(op), ...(contentType ? { "content-type": contentType } : {}) },
      payload,
    });
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const cases = [
      raw("JSON content type, no body", "application/json", undefined),
      raw("body null", "application/json", "null"),
      raw("body an array", "application/json", "[]"),
      raw("body a string", "application/json", '"x"'),
      raw("body a number", "application/json", "1"),
      raw("body cut short", "application/json", '{"a":'),
      raw("body deeply nested", "application/json", deep),
      raw("body with a NUL key", "application/json", '{"\\u0000":1}'),
      raw("body __proto__", "application/json", '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'),
      raw("text/plain", "text/plain", "{}"),
      raw("form", "application/x-www-form-urlencoded", "a=1"),
      raw("multipart", "multipart/form-data; boundary=x", "--x\r\n\r\n--x--"),
      raw("xml", "application/xml", "<a/>"),
      raw("JSON in UTF-16", "application/json; charset=utf-16", "{}"),
      raw("no content type", undefined, "{}"),
    ];
    // Uploads: bytes that are not what the content type says, and nothing.
    for (const type of op.consumes.filter((t) => t !== "application/json")) {
      cases.push(raw(`${type}: garbage`, type, Buffer.from("this is not that kind of file\u0000\u00ff")));
      cases.push(raw(`${type}: empty`, type, Buffer.alloc(0)));
    }
    return cases;
  }

  const casesOf = (op: Op): Case[] =>
    isStream(op) ? [...pathCases(op), ...queryCases(op)] : [...pathCases(op), ...queryCases(op), ...bodyCases(op), ...envelopeCases(op)];

  /** Audit entries and events written so far: a refused request must not add to either. */
  const written = async () => {
    const r = await sql<{ a: string | number; e: string | number }>`
      select (select max(id) from audit_log) as a, (select max(id) from events) as e`.execute(env.handle.db);
    return `${r.rows[0]?.a}/${r.rows[0]?.e}`;
  };

  async function send(c: Case): Promise<{ status: number; contentType: string; body: string }> {
    if (isStream(c.op)) {
      const ctl = new AbortController();
      const res = await fetch(baseUrl + c.url, { headers: c.headers, signal: ctl.signal });
      const contentType = res.headers.get("content-type") ?? "";
      const body = res.status === 200 ? "" : await res.text();
      ctl.abort();
      return { status: res.status, contentType, body };
    }
    const res = await env.app.inject({ method: c.method as "GET", url: c.url, headers: c.headers, payload: c.payload });
    return { status: res.statusCode, contentType: String(res.headers["content-type"] ?? ""), body: res.body };
  }

  const problemOf = (status: number, contentType: string, body: string): string | null => {
    if (status >= 500) return `${status} ${body.slice(0, 160)}`;
    if (status < 400) return null;
    if (!contentType.startsWith("application/problem+json")) return `${status} as ${contentType || "no content type"}`;
    try {
      const p = JSON.parse(body) as { code?: unknown; status?: unknown };
      if (typeof p.code !== "string" || !p.code) return `${status} problem without a code`;
      if (p.status !== status) return `${status} problem says status ${String(p.status)}`;
    } catch {
      return `${status} problem+json that is not JSON`;
    }
    return null;
  };

  async function walk(filter: (op: Op) => boolean): Promise<{ wrong: string[]; sent: number }> {
    const wrong: string[] = [];
    let sent = 0;
    let before = await written();
    for (const op of ops.filter(filter)) {
      for (const c of casesOf(op)) {
        const res = await send(c);
        sent++;
        const after = await written();
        const problem = problemOf(res.status, res.contentType, res.body);
        if (problem) wrong.push(`${op.operationId} — ${c.label}: ${problem}`);
        else if (res.status >= 400 && after !== before && !RECORDS_REFUSALS.has(op.operationId)) {
          wrong.push(`${op.operationId} — ${c.label}: refused with ${res.status} but wrote (audit/events ${before} → ${after})`);
        }
        before = after;
      }
    }
    return { wrong, sent };
  }

  // Reads first, then writes (a write that passes may close a window or a day for what follows).
  it("reads: no 5xx, every 4xx problem+json with a code, nothing written", { timeout: 240_000 }, async () => {
    const { wrong, sent } = await walk((op) => op.method === "GET");
    expect(sent).toBeGreaterThan(500);
    expect(wrong).toEqual([]);
  });

  it("writes: no 5xx, every 4xx problem+json with a code, a refused request writes nothing", { timeout: 240_000 }, async () => {
    const { wrong, sent } = await walk((op) => op.method !== "GET");
    expect(sent).toBeGreaterThan(2000);
    expect(wrong).toEqual([]);
  });

  /** Sends raw bytes to the listening server and returns what comes back before it closes. */
  const rawHttp = (bytes: string) =>
    new Promise<string>((done, fail) => {
      const { port } = new URL(baseUrl);
      const socket = connect(Number(port), "127.0.0.1", () => socket.end(bytes));
      let got = "";
      socket.on("data", (d) => {
        got += d.toString("utf8");
      });
      socket.on("close", () => done(got));
      socket.on("error", fail);
    });

  it("what Node's HTTP parser refuses (huge headers or address, not HTTP at all) is problem+json too", async () => {
    const answers = [
      await rawHttp(`GET /api/health?q=${"x".repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`),
      await rawHttp(`GET /api/health HTTP/1.1\r\nHost: a\r\nX-Big: ${"x".repeat(20_000)}\r\n\r\n`),
      await rawHttp("NOT HTTP AT ALL\r\n\r\n"),
      await rawHttp("GET /api/health HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n"),
    ];
    for (const [i, status] of [431, 431, 400, 400].entries()) {
      const [head = "", body = ""] = (answers[i] as string).split("\r\n\r\n");
      expect(head.split("\r\n")[0], answers[i]).toBe(`HTTP/1.1 ${status} ${STATUS_CODES[status]}`);
      expect(head.toLowerCase()).toContain("content-type: application/problem+json");
      expect(json(body)).toMatchObject({ status, code: expect.any(String) });
    }
  });
});
