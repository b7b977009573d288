import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { GrantsInput, StaffInput, StaffMember, StaffPatch, StaffQuery, UserParams } from "./staff.schema.js";
import * as svc from "./staff.service.js";

const tags = ["staff"];

export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/staff",
    {
      schema: {
        operationId: "listStaff",
        summary: "Staff the caller may see, optionally of one site or one department / 人员列表",
        tags,
        querystring: StaffQuery,
        response: { 200: z.array(StaffMember) },
      },
    },
    (req) => svc.listStaff(req.ctx, req.query),
  );
  app.post(
    "/api/staff",
    {
      schema: {
        operationId: "createStaff",
        summary: "Create a staff account / 新增人员账号",
        tags,
        body: StaffInput,
        response: { 201: StaffMember },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createStaff(req.ctx, req.body)),
  );
  app.patch(
    "/api/staff/:userId",
    {
      schema: {
        operationId: "updateStaff",
        summary: "Rename, disable or enable a staff account / 修改人员",
        tags,
        params: UserParams,
        body: StaffPatch,
        response: { 200: StaffMember },
      },
    },
    (req) => svc.updateStaff(req.ctx, req.params.userId, req.body),
  );
  app.put(
    "/api/staff/:userId/grants",
    {
      schema: {
        operationId: "setStaffGrants",
        summary: "Replace a staff member's roles at one site, for one department, or district-wide / 设置人员角色",
        tags,
        params: UserParams,
        body: GrantsInput,
        response: { 200: StaffMember },
      },
    },
    (req) => svc.setGrants(req.ctx, req.params.userId, req.body),
  );
  app.post(
    "/api/staff/:userId/password-reset",
    {
      schema: {
        operationId: "resetStaffPassword",
        summary: "Set a new initial password; the user must change it / 重置密码",
        tags,
        params: UserParams,
        body: z.object({ password: z.string().min(1).max(200) }),
        response: { 200: StaffMember },
      },
    },
    (req) => svc.resetPassword(req.ctx, req.params.userId, req.body.password),
  );
  app.post(
    "/api/staff/:userId/unlock",
    {
      schema: {
        operationId: "unlockStaff",
        summary: "Lift a sign-in lock / 解除锁定",
        tags,
        params: UserParams,
        response: { 200: StaffMember },
      },
    },
    (req) => svc.unlock(req.ctx, req.params.userId),
  );
};
