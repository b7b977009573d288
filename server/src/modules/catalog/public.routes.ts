import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import * as catalog from "./catalog.public.js";
import {
  CodeParams,
  Department,
  ItemChange,
  PublicItem,
  PublicItemSummary,
  PublicTheme,
  SearchQuery,
  VersionParams,
} from "./catalog.schema.js";
import { SiteDisclosure } from "./coverage.schema.js";
import * as coverage from "./coverage.service.js";
import { attachment, downloadSample } from "./samples.service.js";
import { slipPdf } from "./slip.pdf.js";

const tags = ["public"];
const config = { public: true };

/**
 * The catalog as the public sees it: only published guides, the one in force by default.
 * Read-only and open to any origin (Y12: park websites show the same guides), so every route
 * of this plugin answers CORS; the rest of the API does not.
 */
export const publicCatalogRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook("onSend", async (_req, reply) => {
    reply.header("access-control-allow-origin", "*");
    reply.header("access-control-expose-headers", "x-total-count, content-disposition");
  });
  // Preflight, for browsers that send one (a widget adding a header): GET only.
  for (const url of [
    "/api/public/items",
    "/api/public/items/*",
    "/api/public/themes",
    "/api/public/departments",
    "/api/public/sites/:code/items",
  ]) {
    app.options(url, { config, schema: { hide: true } }, (_req, reply) =>
      reply
        .status(204)
        .header("access-control-allow-methods", "GET, OPTIONS")
        .header("access-control-allow-headers", "accept, accept-language, content-type")
        .header("access-control-max-age", "86400")
        .send(),
    );
  }

  app.get(
    "/api/public/items",
    {
      config,
      schema: {
        operationId: "searchPublicItems",
        summary: "Search and browse items by name, result, pinyin initials, department, theme, audience or site / 查找办事事项",
        description: "One page of matches (page, pageSize ≤ 200, default 50); the header X-Total-Count gives the number of all matches.",
        tags,
        querystring: SearchQuery,
        response: { 200: z.array(PublicItemSummary) },
      },
    },
    async (req, reply) => {
      const { items, total } = await catalog.searchPublic(req.ctx, req.query);
      return reply.header("x-total-count", String(total)).send(items);
    },
  );
  app.get(
    "/api/public/items/:code",
    {
      config,
      schema: {
        operationId: "getPublicItem",
        summary: "The guide in force, its themes and where it is handled / 现行办事指南",
        tags,
        params: CodeParams,
        response: { 200: PublicItem },
      },
    },
    (req) => catalog.publicItem(req.ctx, req.params.code),
  );
  app.get(
    "/api/public/items/:code/versions/:version",
    {
      config,
      schema: {
        operationId: "getPublicItemVersion",
        summary: "One published version of a guide / 历史版本办事指南",
        tags,
        params: VersionParams,
        response: { 200: PublicItem },
      },
    },
    (req) => catalog.publicItemVersion(req.ctx, req.params.code, req.params.version),
  );
  app.get(
    "/api/public/items/:code/changes",
    {
      config,
      schema: {
        operationId: "listPublicItemChanges",
        summary: "Change log of a guide / 办事指南变更记录",
        tags,
        params: CodeParams,
        response: { 200: z.array(ItemChange) },
      },
    },
    (req) => catalog.publicChanges(req.ctx, req.params.code),
  );
  app.get(
    "/api/public/departments",
    {
      config,
      schema: {
        operationId: "listPublicDepartments",
        summary: "Departments of the catalog / 事项所属部门",
        tags,
        response: { 200: z.array(Department) },
      },
    },
    (req) => catalog.publicDepartments(req.ctx),
  );
  app.get(
    "/api/public/themes",
    {
      config,
      schema: {
        operationId: "listPublicThemes",
        summary: "Themes for individuals and enterprises, with their item counts / 主题服务",
        tags,
        response: { 200: z.array(PublicTheme) },
      },
    },
    (req) => catalog.publicThemes(req.ctx),
  );
  const VersionQuery = z.object({
    version: z.coerce.number().int().min(1).max(100000).optional().describe("default: the version in force"),
  });
  app.get(
    "/api/public/items/:code/slip.pdf",
    {
      config,
      schema: {
        operationId: "getItemSlipPdf",
        summary: "One-time notification slip as PDF: conditions, every material, procedure, place, hours, limits, fees / 一次性告知单",
        tags,
        params: CodeParams,
        querystring: VersionQuery,
      },
    },
    async (req, reply) => {
      const pdf = await slipPdf(req.ctx, req.params.code, req.query.version);
      return reply
        .type("application/pdf")
        .header("content-disposition", attachment(pdf.name).replace(/^attachment/, "inline"))
        .send(pdf.data);
    },
  );
  app.get(
    "/api/public/items/:code/materials/:index/sample",
    {
      config,
      schema: {
        operationId: "downloadMaterialSample",
        summary: "Download the sample or blank form of a material / 下载材料样表",
        tags,
        params: CodeParams.extend({ index: z.coerce.number().int().min(0).max(99).describe("0-based index in guide.materials") }),
        querystring: VersionQuery,
      },
    },
    async (req, reply) => {
      const f = await downloadSample(req.ctx, req.params.code, req.params.index, req.query.version);
      return reply
        .type(f.contentType)
        .header("content-disposition", attachment(f.name))
        .header("x-content-type-options", "nosniff")
        .send(f.data);
    },
  );
  app.get(
    "/api/public/sites/:code/items",
    {
      config,
      schema: {
        operationId: "listSiteDisclosure",
        summary: "Items handled at a site, with fees and committed times / 场所办理事项公开",
        tags,
        params: z.object({ code: z.string().max(40) }),
        response: { 200: SiteDisclosure },
      },
    },
    (req) => coverage.siteDisclosure(req.ctx, req.params.code),
  );
};
