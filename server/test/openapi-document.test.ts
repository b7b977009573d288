import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEVICE_OPERATIONS } from "../src/platform/auth/device-operations.js";
import { OPERATION_ACCESS } from "../src/platform/auth/operations.js";
import { setup, type TestEnv } from "./helpers.js";
import { type OpenApiDoc, openApiDoc } from "./openapi-walk.js";

/**
 * Issue 10 item 20: the document tells the truth. What each operation needs, its errors, its
 * answers without a body, and its files and streams are completed in one place
 * (src/platform/http/openapi.ts); every answer of the suite is checked against it
 * (test/document-truth.ts) and `npm run lint:api` lints it with Redocly's recommended rules.
 */
describe("the OpenAPI document", () => {
  let env: TestEnv;
  let doc: OpenApiDoc;
  type Operation = {
    operationId: string;
    security?: Record<string, unknown>[];
    responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  };
  const ops = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, o]) => ({ path, method, ...(o as unknown as Operation) })),
    );
  const op = (id: string) => ops().find((o) => o.operationId === id) as Operation & { path: string };

  beforeAll(async () => {
    env = await setup();
    doc = await openApiDoc(env);
  });
  afterAll(() => env.close());

  it("declares security on every operation, from the operation table", () => {
    for (const o of ops()) {
      expect(o.security, o.operationId).toBeDefined();
      const schemes = (o.security ?? []).flatMap((s) => Object.keys(s)).sort();
      const need = OPERATION_ACCESS[o.operationId];
      const device = Object.values(DEVICE_OPERATIONS).some((l) => l.includes(o.operationId));
      if (o.path.startsWith("/api/public/") || ["login", "getHealth", "getFile", "getDocumentPdf"].includes(o.operationId)) {
        expect(schemes, o.operationId).toEqual([]);
      } else if (need === "device") expect(schemes, o.operationId).toEqual(["device"]);
      else expect(schemes, o.operationId).toEqual(device ? ["device", "session"] : ["session"]);
    }
    expect(op("issueTicket").security).toEqual([{ session: [] }, { device: [] }]);
  });

  it("documents every 4xx as problem+json with the shared Problem schema, and 401/403 wherever sign-in is needed", () => {
    for (const o of ops()) {
      const errors = Object.entries(o.responses).filter(([s]) => s.startsWith("4"));
      expect(
        errors.map(([s]) => s),
        o.operationId,
      ).toContain("400");
      if ((o.security ?? []).length)
        expect(
          errors.map(([s]) => s),
          o.operationId,
        ).toEqual(expect.arrayContaining(["401", "403"]));
      for (const [s, r] of errors) {
        expect(Object.keys(r.content ?? {}), `${o.operationId} ${s}`).toEqual(["application/problem+json"]);
        expect(JSON.stringify(r.content?.["application/problem+json"]?.schema)).toContain("#/components/schemas/Problem");
      }
    }
  });

  it("answers without a body as 204, files and streams with their content types", () => {
    for (const id of ["logout", "changePassword", "cancelTicket", "cancelPublicTicket", "deleteZone", "setCalendarDay"]) {
      expect(Object.keys(op(id).responses), id).toContain("204");
      expect(Object.keys(op(id).responses), id).not.toContain("200");
    }
    const typesOf = (id: string) => Object.keys(op(id).responses["200"]?.content ?? {});
    expect(typesOf("exportCatalog")).toEqual(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]);
    expect(typesOf("getItemSlipPdf")).toEqual(["application/pdf"]);
    expect(typesOf("downloadAppointmentIcs")).toEqual(["text/calendar"]);
    expect(typesOf("streamSiteEvents")).toEqual(["text/event-stream"]);
    expect(typesOf("downloadMaterialSample")).toEqual(expect.arrayContaining(["image/png", "image/jpeg", "application/pdf"]));
    const upload = (op("importCatalog") as unknown as { requestBody?: { content?: Record<string, unknown> } }).requestBody;
    expect(Object.keys(upload?.content ?? {})).toContain("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  });
});
