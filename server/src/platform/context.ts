import type { Dialect } from "../db/index.js";
import type { Db, Executor } from "../db/schema.js";
import type { Principal } from "./auth/principal.js";
import type { Caches } from "./cache/cache.js";
import type { Clock } from "./clock.js";
import type { EventBus } from "./events/bus.js";
import type { FileStore } from "./files/backends.js";

/** Everything a service needs that is not a plain value: who acts, when, and through which database. */
export interface Ctx {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  principal: Principal | null;
  requestId: string;
  bus: EventBus;
  /** Where file contents are kept (platform/files): the database, a folder or an S3 store. */
  files: FileStore;
  /** This instance's caches (platform/cache): entries expire by the clock and are dropped by events on every instance. */
  caches: Caches;
  /**
   * Set when the request carries an Idempotency-Key (platform/idempotency): the first write
   * transaction (`withEvents`) claims the key inside itself, so the claim and the effect commit
   * together, or neither does.
   */
  idempotency?: IdempotencyClaim;
}

export interface IdempotencyClaim {
  /** Claims the request's key in `tx`; throws 409 when another request holds it (then this one answers the first's result). */
  claim(tx: Executor): Promise<void>;
}
