import type { FastifyInstance } from "fastify";
import { AppError } from "../errors.js";

/**
 * Characters no field of govhall may hold, whatever the route: NUL and the other C0 controls
 * except tab, line feed and carriage return (PostgreSQL refuses NUL in text, so it was a 500 there
 * and stored on SQLite), DEL, the bidirectional embedding/override/isolate controls (a name that
 * reads backwards on the hall display), and UTF-16 surrogates that are not part of a pair.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const hasUnsafeCharacters = (s: string) => UNSAFE.test(s);

/** Headers whose values reach the services or the logs. */
const USED_HEADERS = ["idempotency-key", "x-request-id", "last-event-id"];

/** The first path (e.g. `/body/name`) of a string, or object key, holding an unsafe character. */
export function findUnsafe(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === "string") return UNSAFE.test(value) ? path || "/" : null;
  if (value === null || typeof value !== "object" || depth > 32 || Buffer.isBuffer(value)) return null;
  if (Array.isArray(value)) return unsafeInArray(value, path, depth);
  for (const [k, v] of Object.entries(value)) {
    if (UNSAFE.test(k)) return `${path}/${k.replace(UNSAFE, "?")}`;
    const hit = findUnsafe(v, `${path}/${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

function unsafeInArray(value: unknown[], path: string, depth: number): string | null {
  for (let i = 0; i < value.length; i++) {
    const hit = findUnsafe(value[i], `${path}/${i}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

/**
 * Refuses unsafe characters in every string input — body, query, path parameters and the headers
 * used — before any schema runs, so no route can forget it and no module needs its own check.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook("preValidation", async (req) => {
    const headers: Record<string, unknown> = {};
    for (const h of USED_HEADERS) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
    const where =
      findUnsafe(req.params, "/params") ??
      findUnsafe(req.query, "/query") ??
      findUnsafe(headers, "/headers") ??
      findUnsafe(req.body, "/body");
    if (where) {
      throw new AppError(
        400,
        "unsafe_characters",
        `请求中含有不允许的控制字符（${where}）`,
        `The request holds characters that are not allowed: control, bidirectional-override or unpaired surrogate characters (${where})`,
        [{ path: where, message: "unsafe characters" }],
      );
    }
  });
}
