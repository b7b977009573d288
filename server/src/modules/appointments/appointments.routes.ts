import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { isoDate as date } from "../../platform/validation.js";
import { SiteParams } from "../org/org.schema.js";
import {
  Appointment,
  CalendarDay,
  CapacityDay,
  CapacityDayInput,
  CheckInInput,
  CheckInResult,
  LiftInput,
  Override,
  Restriction,
  Service,
  ServiceInput,
  ServicePatch,
  SiteChangeInput,
  SiteMoveInput,
  StaffBookInput,
} from "./appointments.schema.js";
import { staffBook } from "./booking.service.js";
import { checkIn } from "./checkin.service.js";
import type { AppointmentEnv } from "./env.js";
import * as site from "./site.service.js";
import * as siteChange from "./site-change.service.js";

const tags = ["appointments"];
const ServiceParams = SiteParams.extend({ serviceId: z.string().uuid() });
const ApptParams = z.object({ appointmentId: z.string().uuid() });
const SiteChangeResult = z.object({ appointment: Appointment, movedTo: Appointment.nullable(), override: z.boolean() });

/** Staff and managers: capacity, the calendar of places, bookings by phone and on site, check-in, late changes. */
export function appointmentRoutes(env: AppointmentEnv): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/sites/:siteId/appointment-services",
      {
        schema: {
          operationId: "listAppointmentServices",
          summary: "What a site offers for booking, with slots and rules / 预约业务",
          tags,
          params: SiteParams,
          response: { 200: z.array(Service) },
        },
      },
      (req) => site.listServices(req.ctx, req.params.siteId),
    );
    app.post(
      "/api/sites/:siteId/appointment-services",
      {
        schema: {
          operationId: "createAppointmentService",
          summary: "Offer a queue (or one item) for booking: slot length, places per slot, rules / 新增预约业务",
          tags,
          params: SiteParams,
          body: ServiceInput,
          response: { 201: Service },
        },
      },
      async (req, reply) => reply.status(201).send(await site.createService(req.ctx, req.params.siteId, req.body)),
    );
    app.patch(
      "/api/sites/:siteId/appointment-services/:serviceId",
      {
        schema: {
          operationId: "updateAppointmentService",
          summary: "Change places per slot or the rules / 修改预约业务",
          tags,
          params: ServiceParams,
          body: ServicePatch,
          response: { 200: Service },
        },
      },
      (req) => site.updateService(req.ctx, req.params.siteId, req.params.serviceId, req.body),
    );
    app.put(
      "/api/sites/:siteId/appointment-services/:serviceId/days/:date",
      {
        schema: {
          operationId: "setAppointmentCapacityDay",
          summary: "Places per slot for one day (0 closes the day) / 调整某日号源",
          tags,
          params: ServiceParams.extend({ date }),
          body: CapacityDayInput,
          response: { 200: CapacityDay },
        },
      },
      (req) => site.setCapacityDay(req.ctx, req.params.siteId, req.params.serviceId, req.params.date, req.body),
    );
    app.delete(
      "/api/sites/:siteId/appointment-services/:serviceId/days/:date",
      {
        schema: {
          operationId: "clearAppointmentCapacityDay",
          summary: "Back to the usual places that day / 取消某日号源调整",
          tags,
          params: ServiceParams.extend({ date }),
        },
      },
      async (req, reply) => {
        await site.clearCapacityDay(req.ctx, req.params.siteId, req.params.serviceId, req.params.date);
        return reply.status(204).send();
      },
    );
    app.get(
      "/api/sites/:siteId/appointment-services/:serviceId/calendar",
      {
        schema: {
          operationId: "getAppointmentCalendar",
          summary: "Booked, held and free places per slot / 预约日历",
          tags,
          params: ServiceParams,
          querystring: z.object({ from: date, days: z.coerce.number().int().min(1).max(62).default(7) }),
          response: { 200: z.array(CalendarDay) },
        },
      },
      (req) => site.calendar(req.ctx, req.params.siteId, req.params.serviceId, req.query.from, req.query.days),
    );
    app.get(
      "/api/sites/:siteId/appointments",
      {
        schema: {
          operationId: "listAppointments",
          summary: "Bookings of a site between two dates (masked) / 预约列表",
          tags,
          params: SiteParams,
          querystring: z.object({ from: date, to: date, serviceId: z.string().uuid().optional() }),
          response: { 200: z.array(Appointment) },
        },
      },
      (req) => site.listAppointments(req.ctx, req.params.siteId, req.query.from, req.query.to, req.query.serviceId),
    );
    app.get(
      "/api/sites/:siteId/appointments.xlsx",
      {
        schema: {
          operationId: "exportAppointments",
          summary: "Bookings as an Excel workbook / 导出预约",
          tags,
          params: SiteParams,
          querystring: z.object({ from: date, to: date }),
        },
      },
      async (req, reply) => {
        const buf = await site.appointmentsXlsx(req.ctx, req.params.siteId, req.query.from, req.query.to);
        return reply
          .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .header("content-disposition", `attachment; filename="appointments-${req.query.from}-${req.query.to}.xlsx"`)
          .send(buf);
      },
    );
    app.post(
      "/api/sites/:siteId/appointments",
      {
        schema: {
          operationId: "bookAppointmentForApplicant",
          summary: "Staff book for an applicant on the phone or at the hall / 电话、现场预约",
          tags,
          params: SiteParams,
          body: StaffBookInput,
          response: { 201: Appointment },
        },
      },
      async (req, reply) => reply.status(201).send(await staffBook(req.ctx, env, req.params.siteId, req.body)),
    );
    app.post(
      "/api/sites/:siteId/appointments/check-in",
      {
        schema: {
          operationId: "checkInAppointment",
          summary: "Check in by booking code or ID number: a ticket, served first within its slot when on time / 预约签到",
          tags,
          params: SiteParams,
          body: CheckInInput,
          response: { 201: CheckInResult },
        },
      },
      async (req, reply) => reply.status(201).send(await checkIn(req.ctx, req.params.siteId, req.body)),
    );
    app.post(
      "/api/appointments/:appointmentId/cancel-by-site",
      {
        schema: {
          operationId: "cancelAppointmentBySite",
          summary: "The site cannot keep an appointment: cancel and tell the applicant why (8-hour rule) / 场所取消预约",
          tags,
          params: ApptParams,
          body: SiteChangeInput,
          response: { 200: SiteChangeResult },
        },
      },
      (req) => siteChange.cancelBySite(req.ctx, env, req.params.appointmentId, req.body),
    );
    app.post(
      "/api/appointments/:appointmentId/move-by-site",
      {
        schema: {
          operationId: "moveAppointmentBySite",
          summary: "The site moves an appointment to another slot and tells the applicant why (8-hour rule) / 场所调整预约",
          tags,
          params: ApptParams,
          body: SiteMoveInput,
          response: { 200: SiteChangeResult },
        },
      },
      (req) => siteChange.moveBySite(req.ctx, env, req.params.appointmentId, req.body),
    );
    app.get(
      "/api/appointment-overrides",
      {
        schema: {
          operationId: "listAppointmentOverrides",
          summary: "Late changes by sites with the manager's reason — for the district office / 8小时内变更记录",
          tags,
          querystring: z.object({ siteId: z.string().uuid().optional() }),
          response: { 200: z.array(Override) },
        },
      },
      (req) => siteChange.listOverrides(req.ctx, req.query.siteId),
    );
    app.get(
      "/api/sites/:siteId/appointment-restrictions",
      {
        schema: {
          operationId: "listAppointmentRestrictions",
          summary: "People blocked from booking after repeated no-shows / 爽约限制",
          tags,
          params: SiteParams,
          response: { 200: z.array(Restriction) },
        },
      },
      (req) => site.listRestrictions(req.ctx, req.params.siteId),
    );
    app.post(
      "/api/sites/:siteId/appointment-restrictions/lift",
      {
        schema: {
          operationId: "liftAppointmentRestriction",
          summary: "Lift a no-show restriction, with a reason / 解除爽约限制",
          tags,
          params: SiteParams,
          body: LiftInput,
          response: { 200: z.object({ liftedAt: z.string() }) },
        },
      },
      (req) => site.liftRestriction(req.ctx, req.params.siteId, req.body),
    );
  };
}
