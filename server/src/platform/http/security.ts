import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import helmet, { type HelmetOptions } from "helmet";
import { AppError, toProblem } from "../errors.js";

/** Pages other websites may put in a frame: the park-site widget's guides (Y12). */
const FRAMABLE = /^\/portal\/embed(\/|\?|$)/;
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const isFramable = (url: string | undefined) => FRAMABLE.test(url ?? "");

/**
 * Security headers, cross-site request checks and content types, in one place for every route
 * and every web app:
 * - helmet: a Content-Security-Policy (scripts and connections only from this origin; antd's
 *   CSS-in-JS needs inline styles), `frame-ancestors 'none'` everywhere but /portal/embed,
 *   nosniff, a Referrer-Policy; HSTS only on requests that arrived over TLS.
 * - CSRF: a state-changing request a browser marks as coming from another origin (`Origin`, or
 *   `Sec-Fetch-Site` when there is no Origin) is refused before anything runs, whatever the
 *   route; device calls carry a bearer token (never sent by a browser on its own) and pass.
 * - Bodies: JSON is the only body type outside the upload routes (their own parsers), so a
 *   cross-site `text/plain` form cannot reach a JSON route.
 */
export async function registerSecurity(app: FastifyInstance, opts: { publicUrl: string }): Promise<void> {
  const publicOrigin = new URL(opts.publicUrl).origin;
  app.removeContentTypeParser("text/plain");
  // Computed once: @fastify/helmet built helmet's middleware anew on every request (parsing the
  // whole policy each time, ~5 % of a queue request's time); the headers only differ by framing.
  // Set on the reply, not the raw response: Node then writes all headers in one pass (a header
  // set on the raw response sends every other one through setHeader's checks again).
  const appHeaders = { ...helmetHeaders("'none'"), "x-frame-options": "DENY" };
  const embedHeaders = helmetHeaders("*");
  app.addHook("onRequest", async (req, reply) => {
    reply.headers(isFramable(req.url) ? embedHeaders : appHeaders);
    // Behind TLS only (req.protocol follows X-Forwarded-Proto from a trusted proxy).
    if (req.protocol === "https") reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
    if (STATE_CHANGING.has(req.method) && req.url.startsWith("/api/")) assertSameOrigin(req, publicOrigin);
  });
}

const helmetOptions = (frameAncestors: string): HelmetOptions => ({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:", "blob:"],
      fontSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      mediaSrc: ["'self'", "data:", "blob:"],
      frameSrc: ["'self'", "blob:"],
      workerSrc: ["'self'", "blob:"],
      objectSrc: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: [frameAncestors],
    },
  },
  // Framing is decided by frame-ancestors (and X-Frame-Options for old browsers, set above).
  xFrameOptions: false,
  // The widget script and the public catalog are loaded by park websites.
  crossOriginResourcePolicy: { policy: "cross-origin" },
  crossOriginOpenerPolicy: { policy: "same-origin" },
  strictTransportSecurity: false,
  referrerPolicy: { policy: "strict-origin-when-cross-origin" },
});

/** The headers helmet's middleware sets with these options (it sets the same ones on every response), names in lower case. */
function helmetHeaders(frameAncestors: string): Record<string, string> {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (k: string, v: unknown) => void headers.set(k.toLowerCase(), String(v)),
    removeHeader: (k: string) => void headers.delete(k.toLowerCase()),
  };
  helmet(helmetOptions(frameAncestors))({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return Object.fromEntries(headers);
}

function assertSameOrigin(req: FastifyRequest, publicOrigin: string): void {
  if (req.headers.authorization?.startsWith("Bearer ")) return;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (origin === publicOrigin || origin === `${req.protocol}://${req.host}`) return;
    throw crossSite();
  }
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") throw crossSite();
}

const crossSite = () =>
  new AppError(
    403,
    "cross_site_request",
    "拒绝来自其他网站的请求（跨站请求）",
    "Refused: this request came from another website (cross-site request)",
  );

/** Fastify's own URL errors (a path parameter over 100 characters, a bad percent-encoding) as problem+json. */
export function frameworkErrors(err: Error & { code?: string; statusCode?: number }, req: FastifyRequest, reply: FastifyReply): void {
  const e =
    err.code === "FST_ERR_MAX_PARAM_LENGTH"
      ? new AppError(414, "uri_too_long", "请求地址过长", "A part of the request path is too long")
      : new AppError(400, "bad_url", "请求地址编码有误", "The request path is not valid (bad percent-encoding)");
  reply.status(e.status).header("x-request-id", req.id).type("application/problem+json").send(toProblem(e, req.id));
}

/**
 * Errors Node's HTTP parser answers before Fastify sees a request (headers or URL over 16 KiB,
 * a malformed request line, a client too slow to send its headers) as problem+json too.
 */
export function clientErrors(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const e =
    err.code === "HPE_HEADER_OVERFLOW"
      ? new AppError(431, "headers_too_large", "请求头或请求地址过长", "The request headers or the request address are too large")
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? new AppError(408, "request_timeout", "请求超时", "The request took too long to arrive")
        : new AppError(400, "bad_request", "请求格式有误", "The request is not valid HTTP");
  const body = JSON.stringify(toProblem(e));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${e.status} ${STATUS_CODES[e.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/problem+json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** TRUST_PROXY as Fastify takes it: a hop count trusts the n proxies nearest to this server only. */
export function trustProxyOption(v: false | number | string[]): boolean | string[] | ((addr: string, hop: number) => boolean) {
  return typeof v === "number" ? (_addr: string, hop: number) => hop < v : v;
}
