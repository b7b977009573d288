import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { attachmentName } from "./disposition.js";
import { readFile } from "./files.service.js";

/**
 * Any stored file by id. Reachable without signing in: the file's own policy (declared by the
 * module that stored it) decides who reads it, and every read of a protected file is recorded.
 */
export const fileRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/files/:fileId",
    {
      config: { public: true },
      schema: {
        operationId: "getFile",
        summary: "A stored file, if its policy lets the caller read it / 读取文件（按文件的访问策略）",
        tags: ["files"],
        params: z.object({ fileId: z.string().uuid() }),
        querystring: z.object({ download: z.enum(["0", "1"]).optional() }),
      },
    },
    async (req, reply) => {
      const f = await readFile(req.ctx, req.params.fileId);
      return reply
        .type(f.contentType)
        .header("content-disposition", attachmentName(f.name, req.query.download === "1" ? "attachment" : "inline"))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(f.data);
    },
  );
};
