import { randomUUID } from "node:crypto";
import { type DbHandle, migrationStatus } from "../../db/index.js";
import type { EventBus } from "../events/bus.js";
import { ping } from "./metrics.repository.js";

export type CheckName = "database" | "migrations" | "events" | "shutdown";
export interface Readiness {
  ready: boolean;
  checks: Record<CheckName, { ok: boolean; detail?: string }>;
}

const within = <T>(ms: number, p: Promise<T>, what: string): Promise<T> =>
  new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });

/** The type of the message readiness sends itself through the bus; no room listens to it. */
export const PROBE_TYPE = "ops.probe";

/**
 * Whether this instance can serve: the database answers, its migrations are the ones this
 * release expects, and the event bus carries a message round trip (publish, hear it back). The
 * bus probe is cached for a second so frequent probes do not flood the bus.
 */
export class ReadinessCheck {
  private lastBus: { at: number; ok: boolean; detail?: string } | undefined;
  private waiting = new Map<string, () => void>();
  shuttingDown = false;

  constructor(
    private handle: DbHandle,
    private bus: EventBus,
    private timeoutMs = 2000,
  ) {
    bus.subscribe((m) => {
      if (m.type !== PROBE_TYPE) return;
      const id = (m.data as { probe?: string } | null)?.probe;
      if (id) this.waiting.get(id)?.();
    });
  }

  async check(): Promise<Readiness> {
    const checks = {} as Readiness["checks"];
    const [db, mig, ev] = await Promise.allSettled([
      within(this.timeoutMs, ping(this.handle.db), "the database"),
      within(this.timeoutMs, migrationStatus(this.handle), "the migration table"),
      this.busOk(),
    ]);
    checks.database = db.status === "fulfilled" ? { ok: true } : { ok: false, detail: reason(db) };
    if (mig.status === "rejected") checks.migrations = { ok: false, detail: reason(mig) };
    else if (mig.value.pending.length) checks.migrations = { ok: false, detail: `pending: ${mig.value.pending.join(", ")}` };
    else checks.migrations = { ok: true };
    checks.events = ev.status === "fulfilled" ? ev.value : { ok: false, detail: reason(ev) };
    checks.shutdown = this.shuttingDown ? { ok: false, detail: "shutting down" } : { ok: true };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  private async busOk(): Promise<{ ok: boolean; detail?: string }> {
    if (this.bus.kind === "local") return { ok: true };
    const now = Date.now();
    if (this.lastBus && now - this.lastBus.at < 1000) return this.lastBus;
    const id = randomUUID();
    const heard = new Promise<void>((resolve) => this.waiting.set(id, resolve));
    let result: { ok: boolean; detail?: string };
    try {
      await within(
        this.timeoutMs,
        this.bus
          .publish([
            {
              id: 0,
              siteId: "",
              type: PROBE_TYPE,
              at: new Date(now).toISOString(),
              ticketId: null,
              windowId: null,
              queueId: null,
              data: { probe: id },
            },
          ])
          .then(() => heard),
        `the ${this.bus.kind} event bus`,
      );
      result = { ok: true };
    } catch (err) {
      result = { ok: false, detail: (err as Error).message };
    } finally {
      this.waiting.delete(id);
    }
    this.lastBus = { at: Date.now(), ...result };
    return result;
  }
}

function reason(r: PromiseRejectedResult): string {
  const e = r.reason as { message?: string; code?: string };
  return e?.message || e?.code || String(r.reason);
}
