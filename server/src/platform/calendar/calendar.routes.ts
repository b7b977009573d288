import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { isoDate as date } from "../validation.js";
import * as svc from "./calendar.service.js";

const tags = ["calendar"];
const Day = z.object({ date, kind: z.enum(["holiday", "workday"]), name: z.string().max(40).nullish() });

export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/api/calendar/years",
    {
      schema: {
        operationId: "listCalendarYears",
        summary: "Years the working-day calendar covers / 已录入年份",
        tags,
        response: { 200: z.array(z.object({ year: z.number(), source: z.string(), updatedAt: z.string() })) },
      },
    },
    (req) => svc.listYears(req.ctx),
  );
  app.get(
    "/api/calendar/status",
    {
      schema: {
        operationId: "getCalendarStatus",
        summary: "Years the administrator must import now (the current one, and from November the next) / 工作日历待导入年份",
        tags,
        response: {
          200: z.object({
            today: z.string(),
            coveredYears: z.array(z.number()),
            missingYears: z.array(z.number()).describe("years due but not imported: their days cannot be booked"),
            warning: z.object({ zh: z.string(), en: z.string() }).nullable(),
          }),
        },
      },
    },
    (req) => svc.calendarStatus(req.ctx),
  );
  app.get(
    "/api/calendar/days",
    {
      schema: {
        operationId: "listCalendarDays",
        summary: "Holidays and make-up workdays of a year / 节假日与调休",
        tags,
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: { 200: z.array(Day.extend({ name: z.string().nullable() })) },
      },
    },
    (req) => svc.listDays(req.ctx, req.query.year),
  );
  app.put(
    "/api/calendar/years/:year",
    {
      schema: {
        operationId: "importCalendarYear",
        summary: "Add or replace a year's holidays and make-up workdays (State Council list) / 导入年度节假日",
        tags,
        params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        body: z.object({ source: z.string().trim().min(1).max(200).default("manual"), days: z.array(Day).max(400) }),
        response: {
          200: z.object({
            year: z.number(),
            days: z.number(),
            clocksRecomputed: z.number().describe("open legal clocks recomputed (their date or provisional mark changed)"),
            clocksMoved: z.number().describe("of those, the ones whose due date moved"),
          }),
        },
      },
    },
    (req) => svc.importYear(req.ctx, req.params.year, req.body.days, req.body.source),
  );
  app.put(
    "/api/calendar/days/:date",
    {
      schema: {
        operationId: "setCalendarDay",
        summary: "Mark one day a holiday or a make-up workday, or clear it / 标记单日",
        tags,
        params: z.object({ date }),
        body: z.object({ kind: z.enum(["holiday", "workday"]).nullable(), name: z.string().max(40).nullish() }),
      },
    },
    async (req, reply) => {
      await svc.setDay(req.ctx, req.params.date, req.body.kind, req.body.name ?? null);
      return reply.status(204).send();
    },
  );
  app.get(
    "/api/calendar/add-working-days",
    {
      schema: {
        operationId: "addWorkingDays",
        summary: "The date N working days after a date / 计算N个工作日后的日期",
        tags,
        querystring: z.object({ from: date, days: z.coerce.number().int().min(0).max(3650) }),
        response: { 200: z.object({ from: z.string(), days: z.number(), date: z.string() }) },
      },
    },
    async (req) => ({
      from: req.query.from,
      days: req.query.days,
      date: await svc.addWorkingDays(req.ctx.db, req.query.from, req.query.days),
    }),
  );
  app.get(
    "/api/calendar/working-days-between",
    {
      schema: {
        operationId: "workingDaysBetween",
        summary: "Working days from one date until another / 两日期间的工作日数",
        tags,
        querystring: z.object({ from: date, to: date }),
        response: { 200: z.object({ from: z.string(), to: z.string(), workingDays: z.number() }) },
      },
    },
    async (req) => ({ ...req.query, workingDays: await svc.workingDaysBetween(req.ctx.db, req.query.from, req.query.to) }),
  );
};
