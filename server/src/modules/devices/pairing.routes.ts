import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { SiteParams } from "../org/org.schema.js";
import { Device } from "./devices.service.js";
import * as pairing from "./pairing.service.js";

const tags = ["devices"];
const Id = z.object({ pairingId: z.string().uuid() });
const Code = z.object({ code: pairing.PairingCode });

/** Pairing by short code: the device's two public calls, the manager's lookup and confirmation. */
export const pairingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/api/public/device-pairings",
    {
      schema: {
        operationId: "startDevicePairing",
        summary: "A device asks for a short pairing code / 设备获取配对码",
        tags,
        body: pairing.PairingStart,
        response: { 201: z.object({ id: z.string(), code: z.string(), secret: z.string(), expiresAt: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await pairing.startPairing(req.ctx, req.body.kind)),
  );
  app.post(
    "/api/public/device-pairings/:pairingId/claim",
    {
      schema: {
        operationId: "claimDevicePairing",
        summary: "The device collects its token once a manager has confirmed / 设备领取令牌",
        tags,
        params: Id,
        body: pairing.PairingClaim,
        response: {
          200: z.discriminatedUnion("state", [
            z.object({ state: z.literal("waiting"), code: z.string(), expiresAt: z.string() }),
            z.object({ state: z.literal("paired"), token: z.string() }),
          ]),
        },
      },
    },
    (req) => pairing.claimPairing(req.ctx, req.params.pairingId, req.body.secret),
  );
  app.get(
    "/api/device-pairings/:code",
    {
      schema: {
        operationId: "getDevicePairing",
        summary: "Look up a pairing code shown on a device / 查询配对码",
        tags,
        params: Code,
        response: { 200: z.object({ code: z.string(), kind: Device.shape.kind, expiresAt: z.string() }) },
      },
    },
    (req) => pairing.lookupPairing(req.ctx, req.params.code),
  );
  app.post(
    "/api/sites/:siteId/device-pairings/:code/confirm",
    {
      schema: {
        operationId: "confirmDevicePairing",
        summary: "Confirm a device by its pairing code: registers it at the site / 确认配对",
        tags,
        params: SiteParams.extend(Code.shape),
        body: pairing.PairingConfirm,
        response: { 200: Device },
      },
    },
    (req) => pairing.confirmPairing(req.ctx, req.params.siteId, req.params.code, req.body),
  );
};
