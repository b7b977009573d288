import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../platform/errors.js";
import { exportCatalog, importCatalog } from "./catalog.io.js";
import { Item, ItemParams } from "./catalog.schema.js";
import { XLSX } from "./catalog.sheets.js";
import { getCityList, importCityList } from "./city-list.service.js";
import { removeSample, SAMPLE_MAX_BYTES, SAMPLE_TYPES, uploadSample } from "./samples.service.js";

const tags = ["catalog"];
const IMPORT_LIMIT = 10 * 1024 * 1024;
const MaterialParams = ItemParams.extend({ index: z.coerce.number().int().min(0).max(99).describe("0-based index in guide.materials") });
const ImportResult = z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), departmentsCreated: z.array(z.string()) });
/** The whole problem (platform/errors.ts toProblem), with the bad rows: a response schema strips what it does not list. */
const RowErrors = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.string(),
  detail: z.string(),
  message: z.object({ zh: z.string(), en: z.string() }),
  requestId: z.string().optional(),
  errors: z
    .array(z.object({ sheet: z.string().optional(), row: z.number(), column: z.string(), reason: z.string(), reasonEn: z.string() }))
    .optional(),
});

const asBuffer = (body: unknown): Buffer => {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new AppError(
      415,
      "unsupported_media_type",
      "请以 .xlsx 或 .csv 文件作为请求体上传",
      "Send the .xlsx or .csv file as the request body",
    );
  }
  return body;
};

/**
 * Spreadsheets and files in and out of the catalog. Uploads are the raw request body; the parsers
 * and the larger body limit apply to this plugin's routes only.
 */
export const catalogIoRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser(
    [...new Set([XLSX, "text/csv", "application/octet-stream", ...Object.keys(SAMPLE_TYPES)])],
    { parseAs: "buffer", bodyLimit: IMPORT_LIMIT },
    (_req, body, done) => done(null, body),
  );

  app.get(
    "/api/catalog/export.xlsx",
    {
      schema: {
        operationId: "exportCatalog",
        summary: "The catalog as an Excel workbook: items, and their materials on a second sheet / 导出事项清单",
        tags,
      },
    },
    async (req, reply) =>
      reply
        .type(XLSX)
        .header("content-disposition", `attachment; filename="catalog-${req.ctx.clock.now().toISOString().slice(0, 10)}.xlsx"`)
        .send(await exportCatalog(req.ctx)),
  );
  app.post(
    "/api/catalog/import",
    {
      bodyLimit: IMPORT_LIMIT,
      schema: {
        operationId: "importCatalog",
        summary: "Import items from a workbook shaped like the export; any bad row → 422 naming each, nothing changed / 导入事项清单",
        description: `Request body: the .xlsx file itself (Content-Type: ${XLSX}), at most 10 MiB. Changed items get a draft to publish.`,
        tags,
        consumes: [XLSX],
        response: { 200: ImportResult, 422: RowErrors },
      },
    },
    (req) => importCatalog(req.ctx, asBuffer(req.body)),
  );
  app.post(
    "/api/catalog/city-list",
    {
      bodyLimit: IMPORT_LIMIT,
      schema: {
        operationId: "importCityList",
        summary: "Replace the city's approved item list (.xlsx or .csv: code, name, department) / 导入市级事项目录",
        description:
          "Request body: the file itself (text/csv in UTF-8 or GBK, or .xlsx). A header row naming 事项编码/事项名称/实施部门 (or code/name/department) is recognised.",
        tags,
        consumes: [XLSX, "text/csv"],
        response: { 200: z.object({ count: z.number(), importedAt: z.string() }), 422: RowErrors },
      },
    },
    (req) => importCityList(req.ctx, asBuffer(req.body)),
  );
  app.get(
    "/api/catalog/city-list",
    {
      schema: {
        operationId: "getCityList",
        summary: "The city's approved item list as last imported / 市级事项目录",
        tags,
        response: {
          200: z.object({
            importedAt: z.string().nullable(),
            items: z.array(z.object({ code: z.string(), name: z.string(), department: z.string() })),
          }),
        },
      },
    },
    (req) => getCityList(req.ctx),
  );
  app.post(
    "/api/catalog/items/:itemId/materials/:index/sample",
    {
      bodyLimit: SAMPLE_MAX_BYTES + 1024 * 1024,
      schema: {
        operationId: "uploadMaterialSample",
        summary: "Attach a sample or blank form (PDF, DOCX, XLSX, PNG ≤ 5 MB) to a material of the draft / 上传材料样表",
        description: "Request body: the file itself with its Content-Type. Optional ?fileName= names the download.",
        tags,
        consumes: Object.keys(SAMPLE_TYPES),
        params: MaterialParams,
        querystring: z.object({ fileName: z.string().max(120).optional() }),
        response: { 200: Item },
      },
    },
    (req) => uploadSample(req.ctx, req.params.itemId, req.params.index, req.body, req.headers["content-type"], req.query.fileName),
  );
  app.delete(
    "/api/catalog/items/:itemId/materials/:index/sample",
    {
      schema: {
        operationId: "removeMaterialSample",
        summary: "Take the sample off a material of the draft / 移除材料样表",
        tags,
        params: MaterialParams,
        response: { 200: Item },
      },
    },
    (req) => removeSample(req.ctx, req.params.itemId, req.params.index),
  );
};
