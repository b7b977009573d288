import { z } from "zod";
import type { App } from "../../app.js";
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
import * as catalog from "./catalog.service.js";

const tags = ["public"];
const config = { public: true };

/**
 * The catalog as the public sees it: only published guides, the one in force by default.
 * Read-only and open to any origin (Y12: park websites show the same guides), so every route
 * of this plugin answers CORS; the rest of the API does not.
 */
export async function publicCatalogRoutes(app: App) {
  app.addHook("onSend", async (_req, reply) => {
    reply.header("access-control-allow-origin", "*");
    reply.header("access-control-expose-headers", "x-total-count, content-disposition");
  });
  // Preflight, for browsers that send one (a widget adding a header): GET only.
  for (const url of ["/api/public/items", "/api/public/items/*", "/api/public/themes", "/api/public/departments"]) {
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
}
