import { chinaLocal } from "../clock.js";
import type { Ctx } from "../context.js";
import type { JobRun, JobSchedule, JobSpec } from "./scheduler.js";

export interface SweepSpec<Id> {
  /** `module.what`, as for any job. */
  name: string;
  schedule: JobSchedule;
  /** The module's own query: what may need handling on `today` (a Beijing date), at most `limit`. */
  find(ctx: Ctx, today: string, limit: number): Promise<Id[]>;
  /**
   * Handles one candidate in its own transaction and says whether it did anything (false: another
   * run or instance got there first, or the row no longer qualifies). Must be safe to repeat.
   */
  handle(ctx: Ctx, id: Id, today: string): Promise<boolean>;
  /** Candidates per run (default 500); the rest wait for the next tick. */
  batch?: number;
  leaseMs?: number;
}

export interface SweepResult {
  today: string;
  found: number;
  handled: number;
  failed: number;
  firstError?: string;
}

/**
 * The sweep pattern for time rules (due soon, overdue, 3-/6-month reviews): a scheduled job that
 * finds candidates with the module's query and handles each one apart, so one bad row neither
 * stops the others nor undoes them. "Today" is the scheduler's injected clock in Beijing time.
 */
export function sweepJob<Id>(spec: SweepSpec<Id>): JobSpec {
  return {
    name: spec.name,
    schedule: spec.schedule,
    leaseMs: spec.leaseMs,
    catchUp: "once",
    run: async ({ ctx }: JobRun): Promise<SweepResult> => {
      const today = chinaLocal(ctx.clock.now()).date;
      const ids = await spec.find(ctx, today, spec.batch ?? 500);
      const out: SweepResult = { today, found: ids.length, handled: 0, failed: 0 };
      for (const id of ids) {
        try {
          if (await spec.handle(ctx, id, today)) out.handled++;
        } catch (err) {
          out.failed++;
          out.firstError ??= String(err instanceof Error ? err.message : err).slice(0, 300);
        }
      }
      if (out.failed > 0 && out.handled === 0) throw new Error(`${out.failed} of ${out.found} failed: ${out.firstError}`);
      return out;
    },
  };
}
