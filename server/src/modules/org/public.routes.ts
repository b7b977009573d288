import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { PublicSite } from "./org.schema.js";
import * as sites from "./sites.service.js";

const tags = ["public"];

/** Everything under /api/public/ is open to the world; nothing here carries personal data unmasked. */
export const publicRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/public/sites",
    {
      config: { public: true },
      schema: {
        operationId: "listPublicSites",
        summary: "Service sites of the district / 政务服务场所",
        tags,
        response: { 200: z.array(PublicSite) },
      },
    },
    (req) => sites.publicSites(req.ctx),
  );
  app.get(
    "/api/public/sites/:code",
    {
      config: { public: true },
      schema: {
        operationId: "getPublicSite",
        summary: "One site's public profile / 场所公开信息",
        tags,
        params: z.object({ code: z.string().max(40) }),
        response: { 200: PublicSite },
      },
    },
    async (req) => (await sites.publicSites(req.ctx, req.params.code))[0],
  );
};
