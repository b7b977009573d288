import type { Ctx } from "../context.js";
import { withEvents } from "../events/store.js";
import type { JobSchedule, JobSpec } from "../scheduler/scheduler.js";
import { type SweepResult, sweepJob } from "../scheduler/sweep.js";
import * as repo from "./deadlines.repository.js";
import { type ClockScope, getClockById, type StoredClock } from "./deadlines.service.js";

export type DeadlineFlag = "due_soon" | "overdue";

export interface DeadlineSweepSpec {
  /** `module.what`, e.g. `cases.deadlines`. */
  name: string;
  /** Whose clocks: the owner kind given to openClock. */
  ownerKind: string;
  /** Default every 10 minutes. */
  schedule?: JobSchedule;
  /**
   * The module's own query, when the platform's (open, not paused, flag not raised for the present
   * due date) is not enough: e.g. only cases still in 承办/审核. Returns clock ids.
   */
  find?(ctx: Ctx, which: DeadlineFlag, today: string, limit: number): Promise<string[]>;
  /**
   * Called once per clock and due date (an extension or a calendar change that moves the date
   * raises it again), in the transaction that raised the flag: notify the handler and the site
   * manager, create the 督办 record. A throw undoes the flag: the next run tries again.
   */
  onDueSoon?(s: ClockScope, clock: StoredClock): Promise<void>;
  onOverdue?(s: ClockScope, clock: StoredClock): Promise<void>;
  batch?: number;
}

/** The due-soon / overdue sweep of one owner kind, as a scheduler job (register it in app.ts). */
export function deadlineSweepJob(spec: DeadlineSweepSpec): JobSpec {
  const flags = (["overdue", "due_soon"] as const).filter((w) => (w === "overdue" ? spec.onOverdue : spec.onDueSoon));
  const find =
    spec.find ??
    ((ctx: Ctx, which: DeadlineFlag, today: string, limit: number) => repo.sweepCandidates(ctx.db, spec.ownerKind, which, today, limit));
  return sweepJob<{ which: DeadlineFlag; id: string }>({
    name: spec.name,
    schedule: spec.schedule ?? { everyMs: 10 * 60_000 },
    batch: spec.batch,
    find: async (ctx, today, limit) => {
      const out: { which: DeadlineFlag; id: string }[] = [];
      for (const which of flags) for (const id of await find(ctx, which, today, limit)) out.push({ which, id });
      return out;
    },
    handle: (ctx, { which, id }) =>
      withEvents(ctx, async (tx, emit) => {
        const s = { ctx, tx, emit };
        // Judged afresh under the row lock: the row may have moved since the query.
        const clock = await getClockById(s, id, { lock: true });
        if (!clock || clock.view.state !== which) return false;
        if (!(await repo.raiseFlag(tx, id, which, ctx.clock.now().toISOString()))) return false;
        await (which === "overdue" ? spec.onOverdue : spec.onDueSoon)?.(s, clock);
        return true;
      }),
  });
}

export type { SweepResult };
