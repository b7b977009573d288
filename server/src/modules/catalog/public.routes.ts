import { z } from "zod";
import type { App } from "../../app.js";
import { CodeParams, Department, ItemChange, PublicItem, PublicItemSummary, SearchQuery, VersionParams } from "./catalog.schema.js";
import * as catalog from "./catalog.service.js";

const tags = ["public"];
const config = { public: true };

/** The catalog as the public sees it: only published guides, the one in force by default. */
export async function publicCatalogRoutes(app: App) {
  app.get(
    "/api/public/items",
    {
      config,
      schema: {
        operationId: "searchPublicItems",
        summary: "Search items by name, result or pinyin initials / 查找办事事项",
        tags,
        querystring: SearchQuery,
        response: { 200: z.array(PublicItemSummary) },
      },
    },
    (req) => catalog.searchPublic(req.ctx, req.query.q, req.query.department),
  );
  app.get(
    "/api/public/items/:code",
    {
      config,
      schema: {
        operationId: "getPublicItem",
        summary: "The guide in force / 现行办事指南",
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
}
