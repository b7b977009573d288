import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. The one-click rebook after a site cancellation looks up the booking made
// from the cancelled one (`rebooked_from`) on every public lookup and move: an index, not a scan.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex("appointments_rebooked_from").on("appointments").column("rebooked_from").execute();
}
