import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../platform/context.js";
import { defineLimit } from "../../platform/http/limits.js";
import {
  CodeRequest,
  CodeSent,
  ConfirmInput,
  Hold,
  Lookup,
  MoveInput,
  PublicAppointment,
  SlotQuery,
  SlotRef,
  SlotSearch,
  WaitlistEntry,
  WaitlistInput,
} from "./appointments.schema.js";
import * as booking from "./booking.service.js";
import type { AppointmentEnv } from "./env.js";
import { appointmentIcs } from "./ics.js";
import * as verification from "./verification.service.js";

const tags = ["public"];
const config = { public: true };
const SiteCode = z.object({ code: z.string().min(2).max(40) });
const Token = z.object({ token: z.string().min(10).max(64) });

/** The public side: search, hold, book with a code sent to the mobile, look up, cancel, move, wait. */
export function publicAppointmentRoutes(env: AppointmentEnv): FastifyPluginAsyncZod {
  return async (app) => {
    // One budget per client address, shared by every instance, for the requests that take places
    // or send text messages (号贩子, SMS costs).
    const limiter = defineLimit(app, { name: "booking", max: env.publicBookingLimit, windowMs: 10 * 60_000 });
    app.get(
      "/api/public/sites/:code/appointment-services",
      {
        config,
        schema: {
          operationId: "listPublicAppointmentServices",
          summary: "What can be booked at a site / 可预约业务",
          tags,
          params: SiteCode,
          response: {
            200: z.object({
              siteName: z.string(),
              siteAddress: z.string(),
              services: z.array(
                z.object({
                  id: z.string(),
                  name: z.string(),
                  itemId: z.string().nullable(),
                  slotMinutes: z.number(),
                  latestDays: z.number(),
                }),
              ),
            }),
          },
        },
      },
      (req) => booking.listPublicServices(req.ctx, req.params.code),
    );
    app.get(
      "/api/public/items/:code/appointment-services",
      {
        config,
        schema: {
          operationId: "listItemAppointmentSites",
          summary: "Where an item can be booked / 事项可预约的场所",
          tags,
          params: z.object({ code: z.string().trim().min(1).max(40) }),
          response: {
            200: z.array(
              z.object({
                siteCode: z.string(),
                siteName: z.string(),
                sitePhone: z.string().nullable(),
                serviceId: z.string(),
                serviceName: z.string(),
              }),
            ),
          },
        },
      },
      (req) => booking.bookableSitesOfItem(req.ctx, req.params.code),
    );
    app.get(
      "/api/public/sites/:code/appointment-services/:serviceId/slots",
      {
        config,
        schema: {
          operationId: "searchAppointmentSlots",
          summary: "Slots with their real free places / 可预约时段与余号",
          tags,
          params: SiteCode.extend({ serviceId: z.string().uuid() }),
          querystring: SlotQuery,
          response: { 200: SlotSearch },
        },
      },
      (req) => booking.searchSlots(req.ctx, req.params.code, req.params.serviceId, req.query),
    );
    app.post(
      "/api/public/appointments/verification-codes",
      {
        config,
        schema: {
          operationId: "requestVerificationCode",
          summary: "Send a six-digit code to a mobile (through the outbox) / 获取短信验证码",
          tags,
          body: CodeRequest,
          response: { 200: CodeSent },
        },
      },
      async (req) => {
        await limiter.hit(req);
        return verification.requestCode(req.ctx, env, req.body.phone);
      },
    );
    app.post(
      "/api/public/appointments/holds",
      {
        config,
        schema: {
          operationId: "holdAppointmentSlot",
          summary: "Hold a place for a few minutes while the form is filled in / 锁定名额",
          tags,
          body: SlotRef,
          response: { 201: Hold },
        },
      },
      async (req, reply) => {
        await limiter.hit(req);
        return reply.status(201).send(await booking.holdSlot(req.ctx, env, req.body));
      },
    );
    app.post(
      "/api/public/appointments/holds/:token/confirm",
      {
        config,
        schema: {
          operationId: "confirmAppointment",
          summary: "Book the held place in one's real name with the code sent to the mobile / 实名确认预约",
          tags,
          params: Token,
          body: ConfirmInput,
          response: { 201: PublicAppointment },
        },
      },
      async (req, reply) => reply.status(201).send(await booking.confirmHold(req.ctx, env, req.params.token, req.body)),
    );
    app.delete(
      "/api/public/appointments/holds/:token",
      {
        config,
        schema: { operationId: "releaseAppointmentHold", summary: "Let a held place go / 释放名额", tags, params: Token },
      },
      async (req, reply) => {
        await booking.releaseHold(req.ctx, env, req.params.token);
        return reply.status(204).send();
      },
    );
    app.post(
      "/api/public/appointments/lookup",
      {
        config,
        schema: {
          operationId: "lookupAppointment",
          summary: "My appointment, by booking code and mobile (masked) / 查询我的预约",
          tags,
          body: Lookup,
          response: { 200: PublicAppointment },
        },
      },
      (req) => booking.lookup(req.ctx, req.body),
    );
    app.post(
      "/api/public/appointments/cancel",
      {
        config,
        schema: {
          operationId: "cancelAppointment",
          summary: "Cancel before the cutoff / 取消预约",
          tags,
          body: Lookup,
          response: { 200: PublicAppointment },
        },
      },
      (req) => booking.cancelByApplicant(req.ctx, env, req.body),
    );
    app.post(
      "/api/public/appointments/move",
      {
        config,
        schema: {
          operationId: "moveAppointment",
          summary: "Move to another slot before the cutoff, or rebook in one click after the site cancelled / 改约",
          tags,
          body: MoveInput,
          response: { 201: PublicAppointment },
        },
      },
      async (req, reply) => reply.status(201).send(await booking.moveByApplicant(req.ctx, env, req.body)),
    );
    const IcsParams = z.object({ code: z.string().min(6).max(20) });
    const sendIcs = async (req: { ctx: Ctx; params: { code: string } }, reply: FastifyReply) =>
      reply
        .type("text/calendar; charset=utf-8")
        .header("content-disposition", `attachment; filename="appointment-${req.params.code}.ics"`)
        .send(await appointmentIcs(req.ctx, env, req.params.code));
    app.get(
      "/api/public/appointments/by-code/:code/calendar.ics",
      {
        config,
        schema: {
          operationId: "downloadAppointmentIcs",
          summary: "The appointment as a calendar file / 日历文件",
          tags,
          params: IcsParams,
        },
      },
      sendIcs,
    );
    // The address of messages sent before by-code/ (it was ambiguous with holds/{token} and offers/{token}).
    app.get("/api/public/appointments/:code/calendar.ics", { config, schema: { hide: true, params: IcsParams } }, sendIcs);
    app.post(
      "/api/public/appointments/waitlist",
      {
        config,
        schema: {
          operationId: "joinAppointmentWaitlist",
          summary: "Wait for a place in a full slot / 候补",
          tags,
          body: WaitlistInput,
          response: { 201: WaitlistEntry },
        },
      },
      async (req, reply) => {
        await limiter.hit(req);
        return reply.status(201).send(await booking.joinWaitlist(req.ctx, env, req.body));
      },
    );
    app.get(
      "/api/public/appointments/offers/:token",
      {
        config,
        schema: {
          operationId: "getAppointmentOffer",
          summary: "A place offered from the waiting list / 候补名额",
          tags,
          params: Token,
          response: { 200: PublicAppointment.extend({ expiresAt: z.string() }) },
        },
      },
      (req) => booking.getOffer(req.ctx, req.params.token),
    );
    app.post(
      "/api/public/appointments/offers/:token/accept",
      {
        config,
        schema: {
          operationId: "acceptAppointmentOffer",
          summary: "Take the offered place / 确认候补名额",
          tags,
          params: Token,
          response: { 201: PublicAppointment },
        },
      },
      async (req, reply) => reply.status(201).send(await booking.acceptOffer(req.ctx, env, req.params.token)),
    );
  };
}
