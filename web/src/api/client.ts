import createClient from "openapi-fetch";
import type { paths } from "./schema";

/** The body of every error the server sends (application/problem+json). */
export interface Problem {
  status: number;
  code: string;
  detail?: string;
  message?: { zh: string; en: string };
  requestId?: string;
  errors?: unknown;
}

/** An API call that failed: carries the server's code and its message in both languages. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly errors: unknown;

  constructor(status: number, problem: Partial<Problem> | undefined) {
    const zh = problem?.message?.zh ?? problem?.detail ?? `请求失败（${status}）`;
    const en = problem?.message?.en ?? `Request failed (${status})`;
    super(en);
    this.name = "ApiError";
    this.status = status;
    this.code = problem?.code ?? (status === 0 ? "network_error" : "http_error");
    this.zh = zh;
    this.en = en;
    this.errors = problem?.errors;
  }

  /** The message in the UI language. */
  text(lang: string): string {
    return lang.startsWith("en") ? this.en : this.zh;
  }
}

/** Same-origin client: the session cookie goes along by itself. */
export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });

/** A client for a device: every call carries its bearer token. */
export function deviceClient(token: string) {
  return createClient<paths>({ baseUrl: "", headers: { Authorization: `Bearer ${token}` } });
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError built from the
 * problem document. A network failure becomes an ApiError with status 0.
 */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let r: FetchResult<T>;
  try {
    r = await request;
  } catch {
    throw new ApiError(0, {
      code: "network_error",
      message: { zh: "无法连接服务器，请检查网络后重试", en: "Cannot reach the server; check the network and try again" },
    });
  }
  if (!r.response.ok) throw new ApiError(r.response.status, (r.error ?? undefined) as Partial<Problem> | undefined);
  return r.data as T;
}

/** The message of any error, in the UI language. */
export function errorText(err: unknown, lang: string): string {
  if (err instanceof ApiError) return err.text(lang);
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * A write that must happen once (a kiosk's ticket, a check-in): one Idempotency-Key for this
 * attempt, sent again on each retry after a network failure or a 5xx, so a retry whose first
 * answer was lost gets that answer instead of a second ticket (the server keeps keys a day).
 */
export async function callOnce<T>(
  send: (headers: { "Idempotency-Key": string }) => Promise<FetchResult<T>>,
  opts: { tries?: number; delayMs?: number } = {},
): Promise<T> {
  const headers = { "Idempotency-Key": newKey() };
  const tries = opts.tries ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(send(headers));
    } catch (err) {
      const retryable = err instanceof ApiError && (err.status === 0 || err.status >= 500 || err.code === "idempotency_key_in_progress");
      if (!retryable || attempt >= tries) throw err;
      await new Promise((r) => setTimeout(r, (opts.delayMs ?? 1_000) * attempt));
    }
  }
}

/** 128 random bits as hex (`crypto.randomUUID` needs a secure context; a kiosk on the hall's LAN may have none). */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
