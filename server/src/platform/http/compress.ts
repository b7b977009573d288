import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

const br = promisify(brotliCompress);
const gz = promisify(gzip);

/** Below this the headers cost more than compression saves. */
const MIN_BYTES = 1024;

/** `br` or `gzip` when the request accepts it (and does not refuse it with q=0), else null. */
export function acceptedEncoding(header: string | string[] | undefined): "br" | "gzip" | null {
  const list = (Array.isArray(header) ? header.join(",") : (header ?? "")).toLowerCase().split(",");
  const ok = (name: string) =>
    list.some((part) => {
      const [token, ...params] = part.trim().split(";");
      return token?.trim() === name && !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p));
    });
  if (ok("br")) return "br";
  if (ok("gzip")) return "gzip";
  return null;
}

/**
 * The public API's JSON answers, compressed for phones (issue 11, item 9): the portal's item list
 * and the site list are 6–10 KB of JSON, a few KB compressed. Only `/api/public/` (what phones on
 * a poor network call; the staff apps run on the hall's network and the queue's hot paths are not
 * slowed), only JSON of 1 KB or more, Brotli at a fast quality or gzip; event streams and files are
 * untouched. Static assets come precompressed from the build (web/scripts/precompress.mjs).
 */
export function registerPublicCompression(app: FastifyInstance): void {
  app.addHook("onSend", async (req, reply, payload) => {
    if (!compressible(req, reply, payload)) return payload;
    const vary = String(reply.getHeader("vary") ?? "");
    if (!/accept-encoding/i.test(vary)) reply.header("vary", vary ? `${vary}, accept-encoding` : "accept-encoding");
    const encoding = acceptedEncoding(req.headers["accept-encoding"]);
    if (!encoding) return payload;
    const body = encoding === "br" ? await brotliText(payload) : await gz(payload, { level: 6 });
    reply.header("content-encoding", encoding);
    reply.removeHeader("content-length");
    return body;
  });
}

/** A public API answer in JSON of at least MIN_BYTES, not yet encoded (HEAD answers carry no body). */
function compressible(req: FastifyRequest, reply: FastifyReply, payload: unknown): payload is string | Buffer {
  if (!req.url.startsWith("/api/public/") || req.method === "HEAD") return false;
  if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return false;
  if (!/json/.test(String(reply.getHeader("content-type") ?? "")) || reply.getHeader("content-encoding")) return false;
  return Buffer.byteLength(payload) >= MIN_BYTES;
}

const brotliText = (payload: string | Buffer) =>
  br(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } });
