import { type Kysely, sql } from "kysely";
import type { Dialect } from "../index.js";

// Frozen once released. The shared platform parts of issue 9 items 6–8:
// - `number_counters`: one gap-free counter per (kind, scope, period); a number is taken by one
//   upsert inside the caller's transaction, so a rollback gives it back. Ticket numbers move here
//   from `queue_counters.last_seq` (which keeps only the waiting count from now on).
// - `file_blobs` hold each distinct content once (by SHA-256), in the database or in the folder /
//   S3 store named by `backend`; `files` are what modules store (name, type, access policy);
//   `file_reads` record every read of a file whose policy protects it.
// - `documents`: numbered, immutable documents (notices, slips); a correction is a new document
//   that the old one names in `superseded_by`. The same template input for the same subject is
//   one document (`data_sha256`), so a repeated issue answers the first.
// Catalog samples (`catalog_files`) are copied into the file store under the same ids, so the
// guides that name them keep working, and the old table is dropped.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const isPg = dialect === "postgres";
  await db.schema
    .createTable("number_counters")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("last", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("number_counters_pk", ["kind", "scope", "period"])
    .execute();
  await sql`insert into number_counters (kind, scope, period, last)
    select 'ticket', queue_id, service_date, last_seq from queue_counters where last_seq > 0`.execute(db);

  await db.schema
    .createTable("file_blobs")
    .addColumn("sha256", "text", (c) => c.primaryKey())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("backend", "text", (c) => c.notNull())
    .addColumn("data", isPg ? "bytea" : "blob")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("files")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("sha256", "text", (c) => c.notNull().references("file_blobs.sha256"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("policy", "text", (c) => c.notNull())
    .addColumn("owner_ref", "text")
    .addColumn("site_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .execute();
  await db.schema.createIndex("files_sha256").on("files").column("sha256").execute();
  await db.schema
    .createTable("file_reads")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("file_id", "text", (c) => c.notNull())
    .addColumn("read_at", "text", (c) => c.notNull())
    .addColumn("principal", "text")
    .addColumn("request_id", "text", (c) => c.notNull())
    .addColumn("allowed", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("file_reads_file").on("file_reads").columns(["file_id", "read_at"]).execute();

  await db.schema
    .createTable("documents")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("number", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("site_id", "text")
    .addColumn("subject_type", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("data_sha256", "text", (c) => c.notNull())
    .addColumn("file_id", "text")
    .addColumn("sha256", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("superseded_by", "text")
    .execute();
  await db.schema.createIndex("documents_number").on("documents").columns(["kind", "number"]).unique().execute();
  await db.schema.createIndex("documents_subject").on("documents").columns(["subject_type", "subject_id", "created_at"]).execute();
  await db.schema
    .createIndex("documents_content")
    .on("documents")
    .columns(["kind", "subject_type", "subject_id", "data_sha256"])
    .unique()
    .execute();

  // Existing samples: the bytes once per content, a file row under the sample's own id.
  await sql`insert into file_blobs (sha256, size, backend, data, created_at)
    select sha256, size, 'db', data, created_at from catalog_files f
    where f.id = (select min(g.id) from catalog_files g where g.sha256 = f.sha256)`.execute(db);
  await sql`insert into files (id, sha256, name, content_type, size, policy, owner_ref, site_id, created_at, created_by)
    select id, sha256, name, content_type, size, 'catalog.sample', null, null, created_at, null from catalog_files`.execute(db);
  await db.schema.dropTable("catalog_files").execute();
}
