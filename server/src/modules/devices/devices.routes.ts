import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DEVICE_KINDS } from "../../platform/auth/principal.js";
import { SiteParams } from "../org/org.schema.js";
import { Device, DeviceInput, deviceSelf, listDevices, registerDevice, revokeDevice } from "./devices.service.js";

const tags = ["devices"];

export const deviceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/sites/:siteId/devices",
    {
      schema: {
        operationId: "listDevices",
        summary: "Devices registered at a site / 场所设备",
        tags,
        params: SiteParams,
        response: { 200: z.array(Device) },
      },
    },
    (req) => listDevices(req.ctx, req.params.siteId),
  );
  app.post(
    "/api/sites/:siteId/devices",
    {
      schema: {
        operationId: "registerDevice",
        summary: "Register a kiosk, display, evaluator or terminal; returns its token once / 登记设备",
        tags,
        params: SiteParams,
        body: DeviceInput,
        response: { 201: Device.extend({ token: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await registerDevice(req.ctx, req.params.siteId, req.body)),
  );
  app.post(
    "/api/sites/:siteId/devices/:deviceId/revoke",
    {
      schema: {
        operationId: "revokeDevice",
        summary: "Revoke a device's token / 停用设备",
        tags,
        params: SiteParams.extend({ deviceId: z.string().uuid() }),
        response: { 200: Device },
      },
    },
    (req) => revokeDevice(req.ctx, req.params.siteId, req.params.deviceId),
  );
  app.get(
    "/api/device/self",
    {
      schema: {
        operationId: "getDeviceSelf",
        summary: "The calling device, its site and window (device token) / 设备自身信息",
        tags,
        security: [{ device: [] }],
        response: {
          200: z.object({
            id: z.string(),
            kind: z.enum(DEVICE_KINDS),
            name: z.string(),
            site: z.object({ id: z.string(), code: z.string(), name: z.string() }),
            window: z.object({ id: z.string(), number: z.number(), name: z.string() }).nullable(),
          }),
        },
      },
    },
    (req) => deviceSelf(req.ctx),
  );
};
