/** The one error type of govhall. Every 4xx carries a stable code and a message in Chinese and English. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly details?: unknown,
  ) {
    super(en);
    this.name = "AppError";
  }
}

export const notFound = (what: string, zhWhat: string) => new AppError(404, "not_found", `${zhWhat}不存在`, `${what} not found`);

export const forbidden = () => new AppError(403, "forbidden", "您没有权限执行此操作", "You are not allowed to do this");

export const conflict = (code: string, zh: string, en: string) => new AppError(409, code, zh, en);

export const badRequest = (code: string, zh: string, en: string, details?: unknown) => new AppError(400, code, zh, en, details);

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  message: { zh: string; en: string };
  requestId?: string;
  errors?: unknown;
}

export function toProblem(err: AppError, requestId?: string): Problem {
  return {
    type: `https://govhall.local/problems/${err.code}`,
    title: err.en,
    status: err.status,
    code: err.code,
    detail: err.zh,
    message: { zh: err.zh, en: err.en },
    requestId,
    ...(err.details === undefined ? {} : { errors: err.details }),
  };
}
