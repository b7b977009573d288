import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ItemParams } from "./catalog.schema.js";
import {
  Assignments,
  AssignmentsInput,
  Coverage,
  Hall,
  HallInput,
  QueueItems,
  QueueItemsInput,
  QueueItemsParams,
} from "./coverage.schema.js";
import * as coverage from "./coverage.service.js";

const tags = ["catalog"];

/** Where items are handled (C3): assignments, halls, the coverage report, and the items a queue serves. */
export const coverageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/catalog/items/:itemId/assignments",
    {
      schema: {
        operationId: "getItemAssignments",
        summary: "Where an item is handled, and what breaks the coverage rule / 事项进驻场所",
        tags,
        params: ItemParams,
        response: { 200: Assignments },
      },
    },
    (req) => coverage.getAssignments(req.ctx, req.params.itemId),
  );
  app.put(
    "/api/catalog/items/:itemId/assignments",
    {
      schema: {
        operationId: "setItemAssignments",
        summary: "Set where an item is handled or assisted / 设置事项进驻场所",
        tags,
        params: ItemParams,
        body: AssignmentsInput,
        response: { 200: Assignments },
      },
    },
    (req) => coverage.setAssignments(req.ctx, req.params.itemId, req.body.sites),
  );
  app.get(
    "/api/catalog/halls",
    {
      schema: {
        operationId: "listCatalogHalls",
        summary: "Professional halls: the comprehensive hall and each department's hall / 综合大厅与专业大厅",
        tags,
        response: { 200: z.array(Hall) },
      },
    },
    (req) => coverage.listHalls(req.ctx),
  );
  app.put(
    "/api/catalog/halls/:siteId",
    {
      schema: {
        operationId: "setCatalogHall",
        summary: "Mark a professional hall as the comprehensive hall or link it to its department / 设置大厅归属",
        tags,
        params: z.object({ siteId: z.string().uuid() }),
        body: HallInput,
        response: { 200: Hall },
      },
    },
    async (req) => (await coverage.setHall(req.ctx, req.params.siteId, req.body)) as z.infer<typeof Hall>,
  );
  app.get(
    "/api/catalog/coverage",
    {
      schema: {
        operationId: "getCoverageReport",
        summary: "Coverage report: approved items handled nowhere, assignments against the rule, items not approved / 应进必进情况",
        tags,
        response: { 200: Coverage },
      },
    },
    (req) => coverage.coverageReport(req.ctx),
  );
  app.get(
    "/api/sites/:siteId/queues/:queueId/items",
    {
      schema: {
        operationId: "getQueueItems",
        summary: "The items a queue serves / 队列办理的事项",
        tags: ["queue"],
        params: QueueItemsParams,
        response: { 200: QueueItems },
      },
    },
    (req) => coverage.getQueueItems(req.ctx, req.params.siteId, req.params.queueId),
  );
  app.put(
    "/api/sites/:siteId/queues/:queueId/items",
    {
      schema: {
        operationId: "setQueueItems",
        summary: "Set the items a queue serves (each must be assigned to the site) / 设置队列办理的事项",
        tags: ["queue"],
        params: QueueItemsParams,
        body: QueueItemsInput,
        response: { 200: QueueItems },
      },
    },
    (req) => coverage.setQueueItems(req.ctx, req.params.siteId, req.params.queueId, req.body.itemIds),
  );
};
