import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { isoDate as date } from "../../platform/validation.js";
import * as layout from "./layout.service.js";
import {
  HourException,
  PostInput,
  Site,
  SiteInput,
  SiteParams,
  SitePatch,
  WeeklyHours,
  Window,
  WindowInput,
  WindowParams,
  WindowPatch,
  Zone,
  ZoneInput,
  ZoneParams,
} from "./org.schema.js";
import * as sites from "./sites.service.js";

const tags = ["org"];

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/sites",
    { schema: { operationId: "listSites", summary: "Sites the caller may see / 可见场所", tags, response: { 200: z.array(Site) } } },
    (req) => sites.listSites(req.ctx),
  );
  app.post(
    "/api/sites",
    {
      schema: {
        operationId: "createSite",
        summary: "Create a site (district administrator) / 新建场所",
        tags,
        body: SiteInput,
        response: { 201: Site },
      },
    },
    async (req, reply) => reply.status(201).send(await sites.createSite(req.ctx, req.body)),
  );
  app.get(
    "/api/sites/:siteId",
    { schema: { operationId: "getSite", summary: "One site / 场所详情", tags, params: SiteParams, response: { 200: Site } } },
    (req) => sites.getSite(req.ctx, req.params.siteId),
  );
  app.patch(
    "/api/sites/:siteId",
    {
      schema: {
        operationId: "updateSite",
        summary: "Update a site / 修改场所信息",
        tags,
        params: SiteParams,
        body: SitePatch,
        response: { 200: Site },
      },
    },
    (req) => sites.updateSite(req.ctx, req.params.siteId, req.body),
  );
  app.put(
    "/api/sites/:siteId/hours",
    {
      schema: {
        operationId: "setSiteHours",
        summary: "Replace the weekly office hours / 设置每周办公时间",
        tags,
        params: SiteParams,
        body: z.object({ weeklyHours: WeeklyHours }),
        response: { 200: Site },
      },
    },
    (req) => sites.setWeeklyHours(req.ctx, req.params.siteId, req.body.weeklyHours),
  );
  app.put(
    "/api/sites/:siteId/hour-exceptions",
    {
      schema: {
        operationId: "putSiteHourException",
        summary: "Add or change a dated exception to office hours / 设置特殊日期办公安排",
        tags,
        params: SiteParams,
        body: HourException,
        response: { 200: Site },
      },
    },
    (req) => sites.putException(req.ctx, req.params.siteId, req.body),
  );
  app.delete(
    "/api/sites/:siteId/hour-exceptions/:date",
    {
      schema: {
        operationId: "deleteSiteHourException",
        summary: "Remove a dated exception / 删除特殊日期安排",
        tags,
        params: SiteParams.extend({ date }),
      },
    },
    async (req, reply) => {
      await sites.deleteException(req.ctx, req.params.siteId, req.params.date);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/sites/:siteId/zones",
    {
      schema: { operationId: "listZones", summary: "Zones of a site / 功能区", tags, params: SiteParams, response: { 200: z.array(Zone) } },
    },
    (req) => layout.listZones(req.ctx, req.params.siteId),
  );
  app.post(
    "/api/sites/:siteId/zones",
    {
      schema: {
        operationId: "createZone",
        summary: "Add a zone / 新增功能区",
        tags,
        params: SiteParams,
        body: ZoneInput,
        response: { 201: Zone },
      },
    },
    async (req, reply) => reply.status(201).send(await layout.createZone(req.ctx, req.params.siteId, req.body)),
  );
  app.put(
    "/api/sites/:siteId/zones/:zoneId",
    {
      schema: {
        operationId: "updateZone",
        summary: "Change a zone / 修改功能区",
        tags,
        params: ZoneParams,
        body: ZoneInput,
        response: { 200: Zone },
      },
    },
    (req) => layout.updateZone(req.ctx, req.params.siteId, req.params.zoneId, req.body),
  );
  app.delete(
    "/api/sites/:siteId/zones/:zoneId",
    { schema: { operationId: "deleteZone", summary: "Remove an empty zone / 删除功能区", tags, params: ZoneParams } },
    async (req, reply) => {
      await layout.deleteZone(req.ctx, req.params.siteId, req.params.zoneId);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/sites/:siteId/windows",
    {
      schema: {
        operationId: "listWindows",
        summary: "Windows of a site with their A/B posts / 窗口及AB岗",
        tags,
        params: SiteParams,
        response: { 200: z.array(Window) },
      },
    },
    (req) => layout.listWindows(req.ctx, req.params.siteId),
  );
  app.post(
    "/api/sites/:siteId/windows",
    {
      schema: {
        operationId: "createWindow",
        summary: "Add a window / 新增窗口",
        tags,
        params: SiteParams,
        body: WindowInput,
        response: { 201: Window },
      },
    },
    async (req, reply) => reply.status(201).send(await layout.createWindow(req.ctx, req.params.siteId, req.body)),
  );
  app.patch(
    "/api/sites/:siteId/windows/:windowId",
    {
      schema: {
        operationId: "updateWindow",
        summary: "Change a window / 修改窗口",
        tags,
        params: WindowParams,
        body: WindowPatch,
        response: { 200: Window },
      },
    },
    (req) => layout.updateWindow(req.ctx, req.params.siteId, req.params.windowId, req.body),
  );
  app.put(
    "/api/sites/:siteId/windows/:windowId/post",
    {
      schema: {
        operationId: "setWindowPost",
        summary: "Name the primary (A) and backup (B) staff of a window / 设置AB岗",
        tags,
        params: WindowParams,
        body: PostInput,
        response: { 200: Window },
      },
    },
    (req) => layout.setPost(req.ctx, req.params.siteId, req.params.windowId, req.body),
  );
};
