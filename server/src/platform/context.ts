import type { Dialect } from "../db/index.js";
import type { Db } from "../db/schema.js";
import type { Principal } from "./auth/principal.js";
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
}
