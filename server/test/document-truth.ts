import type { App } from "../src/app.js";

/**
 * Holds the OpenAPI document to what the server does, over the whole suite: every answer an
 * operation gives in any test (`setup()` in helpers.ts watches each app) must be listed in its
 * documented responses, with a documented content type. A mismatch fails the test file when its
 * app closes. To fix one, complete the document where it is made: the route's own schema
 * (`response`, `consumes`), or the tables of `src/platform/http/openapi.ts` (NO_CONTENT,
 * RESPONSE_TYPES, SERVICE_ERRORS).
 */
type Responses = Record<string, { content?: Record<string, unknown> }>;

export function watchDocument(app: App): { problems(): string[] } {
  const found = new Set<string>();
  let index: Map<string, Responses> | undefined;
  const indexOf = () => {
    if (index) return index;
    index = new Map();
    const doc = app.swagger() as { paths?: Record<string, Record<string, { operationId?: string; responses?: Responses }>> };
    for (const methods of Object.values(doc.paths ?? {})) {
      for (const op of Object.values(methods)) if (op.operationId) index.set(op.operationId, op.responses ?? {});
    }
    return index;
  };
  app.addHook("onResponse", async (req, reply) => {
    const id = (req.routeOptions.schema as { operationId?: string } | undefined)?.operationId;
    const status = reply.statusCode;
    if (!id || req.method === "HEAD" || req.method === "OPTIONS" || status >= 500) return;
    const responses = indexOf().get(id);
    if (!responses) return;
    const documented = responses[String(status)];
    if (!documented) {
      found.add(`${id} answered ${status}; documented: ${Object.keys(responses).join(", ")}`);
      return;
    }
    const header = reply.getHeader("content-type") ?? reply.raw.getHeader("content-type");
    const type = String(header ?? "")
      .split(";")[0]
      ?.trim();
    if (!type) return;
    if (!documented.content) found.add(`${id} answered ${status} as ${type}; documented without a body`);
    else if (!(type in documented.content)) {
      found.add(`${id} answered ${status} as ${type}; documented: ${Object.keys(documented.content).join(", ")}`);
    }
  });
  return { problems: () => [...found].sort() };
}
