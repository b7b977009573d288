import type { Writable } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.js";

/** Names that must never reach a log line: personal data and secrets. */
const REDACT = [
  "req.headers.cookie",
  "req.headers.authorization",
  'req.headers["x-forwarded-for"]',
  'res.headers["set-cookie"]',
  "*.password",
  "*.newPassword",
  "*.idNumber",
  "*.id_number",
  "*.phone",
  "*.mobile",
  "*.name",
  "*.verificationCode",
  "*.token",
];

/**
 * Values that look like a resident ID number (15 or 18 characters) or a mainland mobile number,
 * wherever they appear in a line (an error message, a driver's detail, a URL): masked.
 */
const ID_NUMBER = /(?<![\dA-Za-z])\d{6}(?:\d{8}\d{3}[\dXx]|\d{9})(?![\dA-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g;

export function scrub(text: string): string {
  return text.replace(ID_NUMBER, "[id-number]").replace(MOBILE, "[mobile]");
}

function scrubDeep(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return scrub(v);
  if (depth > 6 || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => scrubDeep(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = scrubDeep(x, depth + 1);
  return out;
}

/** Fastify's logger options: pino with redaction, and every line scrubbed of ID numbers and mobiles. */
export function loggerOptions(config: Pick<Config, "logLevel">, stream?: Writable) {
  if (config.logLevel === "silent" && !stream) return false;
  return {
    level: config.logLevel,
    redact: REDACT,
    ...(stream ? { stream } : {}),
    formatters: { log: (o: Record<string, unknown>) => scrubDeep(o) as Record<string, unknown> },
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === "string" ? scrub(a) : a)),
        );
      },
    },
  };
}

/** The path a request asked for, without its query (queries carry searches and lookups). */
export function pathOf(url: string): string {
  return scrub(url.split("?")[0] ?? "");
}

/**
 * One line per request: method, path, status, time and the request id (pino's reqId). Failures
 * (5xx) are logged with their cause by the error handler; slow requests (over a second) are warned.
 * Nothing is built (path scrubbed, message formatted) when the line's level is not logged.
 */
export function accessLine(level: Config["accessLog"]) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const ms = Math.round(reply.elapsedTime);
    const lineLevel = ms > 1000 ? "warn" : level;
    if (lineLevel === "off" || !levelEnabled(req, lineLevel)) return;
    const line = { method: req.method, path: pathOf(req.url), status: reply.statusCode, ms };
    const msg = `${req.method} ${line.path} ${reply.statusCode} ${ms}ms`;
    if (lineLevel === "warn") req.log.warn(line, `slow request: ${msg}`);
    else if (lineLevel === "info") req.log.info(line, msg);
    else req.log.debug(line, msg);
  };
}

/** Whether the request's logger writes this level (Fastify's silent logger has no such check and writes nothing). */
function levelEnabled(req: FastifyRequest, level: "warn" | "info" | "debug"): boolean {
  const log = req.log as { isLevelEnabled?: (l: string) => boolean };
  return log.isLevelEnabled ? log.isLevelEnabled(level) : false;
}
