import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. The last queue summary of each site sent on the district stream (issue 9,
// district stream): the job compares against it to send only what changed, whichever instance
// runs it, and the district wall starts from it (with the stream's last id) before it resumes.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("queue_site_summaries")
    .addColumn("site_id", "text", (c) => c.primaryKey())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}
