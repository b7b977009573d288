import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Scheduler } from "./scheduler.js";
import * as svc from "./scheduler.service.js";

const Job = z.object({
  name: z.string(),
  /** As registered, e.g. "every 60000 ms" or "cron 0 30 2 * * * (Asia/Shanghai)"; split below. */
  schedule: z.string(),
  everyMs: z.number().nullable(),
  cron: z.string().nullable(),
  registeredHere: z.boolean(),
  nextDueAt: z.string(),
  overdueMs: z.number(),
  running: z.boolean(),
  leaseHolder: z.string().nullable(),
  lastDueAt: z.string().nullable(),
  lastStartedAt: z.string().nullable(),
  lastFinishedAt: z.string().nullable(),
  lastLagMs: z.number().nullable(),
  lastDurationMs: z.number().nullable(),
  lastStatus: z.enum(["ok", "failed"]).nullable(),
  lastResult: z.string().nullable(),
  lastError: z.string().nullable(),
  runs: z.number(),
  failures: z.number(),
});

export function schedulerRoutes(scheduler: Scheduler): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/system/jobs",
      {
        schema: {
          operationId: "listJobs",
          summary: "Scheduled jobs: schedule, last run, lag, last error / 定时任务",
          tags: ["system"],
          response: { 200: z.array(Job) },
        },
      },
      (req) => svc.listJobs(req.ctx, scheduler),
    );
  };
}
