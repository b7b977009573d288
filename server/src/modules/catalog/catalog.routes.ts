import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DraftInput, Item, ItemInput, ItemParams, PublishInput, Theme, ThemesInput } from "./catalog.schema.js";
import * as catalog from "./catalog.service.js";

const tags = ["catalog"];

/** Staff side of the catalog (事项清单): district administrators edit, any staff member reads. */
export const catalogRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/catalog/items",
    {
      schema: {
        operationId: "listItems",
        summary: "Items with their latest version, drafts included / 事项清单（含草稿）",
        tags,
        querystring: z.object({ department: z.string().uuid().optional() }),
        response: { 200: z.array(Item) },
      },
    },
    (req) => catalog.listItems(req.ctx, req.query.department),
  );
  app.post(
    "/api/catalog/items",
    {
      schema: {
        operationId: "createItem",
        summary: "Create an item; its guide becomes draft version 1 / 新建事项（生成第1版草稿）",
        tags,
        body: ItemInput,
        response: { 201: Item },
      },
    },
    async (req, reply) => reply.status(201).send(await catalog.createItem(req.ctx, req.body)),
  );
  app.put(
    "/api/catalog/items/:itemId/draft",
    {
      schema: {
        operationId: "updateItemDraft",
        summary: "Edit the draft guide, or start one from the published version / 编辑办事指南草稿",
        tags,
        params: ItemParams,
        body: DraftInput,
        response: { 200: Item },
      },
    },
    (req) => catalog.updateDraft(req.ctx, req.params.itemId, req.body),
  );
  app.post(
    "/api/catalog/items/:itemId/publish",
    {
      schema: {
        operationId: "publishItem",
        summary: "Publish the draft with an effective date and a change note / 发布办事指南",
        tags,
        params: ItemParams,
        body: PublishInput,
        response: { 200: Item },
      },
    },
    (req) => catalog.publish(req.ctx, req.params.itemId, req.body),
  );
  app.get(
    "/api/catalog/themes",
    {
      schema: {
        operationId: "listThemes",
        summary: "Themes an item may be given / 主题分类",
        tags,
        response: { 200: z.array(Theme) },
      },
    },
    (req) => catalog.staffThemes(req.ctx),
  );
  app.put(
    "/api/catalog/items/:itemId/themes",
    {
      schema: {
        operationId: "setItemThemes",
        summary: "Set an item's themes (not versioned: takes effect at once) / 设置事项主题",
        tags,
        params: ItemParams,
        body: ThemesInput,
        response: { 200: Item },
      },
    },
    (req) => catalog.setItemThemes(req.ctx, req.params.itemId, req.body.themes),
  );
};
