import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { attachmentName } from "../files/disposition.js";
import { documentPdf } from "./documents.service.js";

/**
 * A document's PDF by id (rendered on first read, then served from the file store). Reachable
 * without signing in: the template's file policy decides who reads it, and reads of protected
 * documents are recorded.
 */
export const documentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/documents/:documentId/pdf",
    {
      config: { public: true },
      schema: {
        operationId: "getDocumentPdf",
        summary: "A numbered document as PDF, if its policy lets the caller read it / 文书 PDF",
        tags: ["documents"],
        params: z.object({ documentId: z.string().uuid() }),
      },
    },
    async (req, reply) => {
      const pdf = await documentPdf(req.ctx, req.params.documentId);
      return reply
        .type("application/pdf")
        .header("content-disposition", attachmentName(pdf.name, "inline"))
        .header("x-document-number", encodeURIComponent(pdf.number))
        .header("cache-control", "private, no-store")
        .send(pdf.data);
    },
  );
};
