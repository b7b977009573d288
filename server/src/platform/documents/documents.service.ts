import { createHash } from "node:crypto";
import type { Executor, Row } from "../../db/schema.js";
import type { Principal } from "../auth/principal.js";
import { chinaLocal } from "../clock.js";
import type { Ctx } from "../context.js";
import { conflict, notFound } from "../errors.js";
import { type FileRules, prepareFile, readFile, saveFile } from "../files/files.service.js";
import { newId } from "../ids.js";
import { nextNumber, periodOf } from "../numbering/numbering.js";
import * as repo from "./documents.repository.js";
import { renderPdf } from "./renderer.js";
import { type Template, templateOf } from "./templates.js";

export interface IssuedDocument {
  id: string;
  kind: string;
  number: string;
  title: string;
  siteId: string | null;
  subject: { type: string; id: string };
  createdAt: string;
  createdBy: string | null;
  supersededBy: string | null;
  /** The PDF in the file store, once rendered (`documentPdf` renders it on first read). */
  fileId: string | null;
  sha256: string | null;
}

/** JSON with keys in order, so equal inputs hash equal however they were built. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

const sha256 = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");
const actorOf = (p: Principal | null) => (!p ? null : p.kind === "user" ? `user:${p.userId}` : `device:${p.deviceId}`);

const present = (r: Row<"documents">): IssuedDocument => ({
  id: r.id,
  kind: r.kind,
  number: r.number,
  title: r.title,
  siteId: r.site_id,
  subject: { type: r.subject_type, id: r.subject_id },
  createdAt: r.created_at,
  createdBy: r.created_by,
  supersededBy: r.superseded_by,
  fileId: r.file_id,
  sha256: r.sha256,
});

/** The hash that identifies a template input (the same input for the same subject is one document). */
export const dataHash = (data: unknown) => sha256(canonicalJson(data));

/** The document already issued from this input for this subject, if any: a read, no transaction. */
export async function findIssued<T>(
  db: Executor,
  template: Template<T>,
  subject: { type: string; id: string },
  data: T,
): Promise<IssuedDocument | undefined> {
  const r = await repo.findByData(db, template.kind, subject.type, subject.id, dataHash(data));
  return r ? present(r) : undefined;
}

export interface IssueInput<T> {
  /** The agency short name in the number, e.g. 海淀中关村. */
  agency: string;
  siteId: string | null;
  /** The counter's scope (default: the site, or `district`). */
  scope?: string;
  subject: { type: string; id: string };
  data: T;
  /** The document this one corrects: it is marked superseded by the new one (once). */
  supersedes?: string;
}

/**
 * Issues a document inside the caller's transaction: the next number of the template's counter
 * (gap-free: a rollback gives it back), the definition built and frozen with the document, and
 * the old document marked superseded if this one corrects it. The PDF is rendered after commit,
 * off the main thread, on first read (or by `renderDocument` right after commit): rendering
 * inside the transaction would hold its locks for the 100–300 ms a page takes.
 * The same input for the same subject is one document: issuing it again answers the first.
 */
export async function issueDocument<T>(tx: Executor, ctx: Ctx, template: Template<T>, input: IssueInput<T>): Promise<IssuedDocument> {
  if (templateOf(template.kind) !== (template as unknown)) throw new Error(`document template ${template.kind} is not registered`);
  const dataSha = dataHash(input.data);
  const known = await repo.findByData(tx, template.kind, input.subject.type, input.subject.id, dataSha);
  if (known) return present(known);
  const now = ctx.clock.now();
  const period = periodOf(template.numbers, now);
  const n = await nextNumber(tx, template.numbers, input.scope ?? input.siteId ?? "district", period);
  const number = template.number(n, { agency: input.agency, year: period.slice(0, 4) });
  const definition = template.build(input.data, { number, issuedOn: chinaLocal(now).date, agency: input.agency });
  const row: Row<"documents"> = {
    id: newId(),
    kind: template.kind,
    number,
    seq: n,
    period,
    site_id: input.siteId,
    subject_type: input.subject.type,
    subject_id: input.subject.id,
    title: template.title(input.data),
    content: JSON.stringify(definition),
    data_sha256: dataSha,
    file_id: null,
    sha256: null,
    created_at: now.toISOString(),
    created_by: actorOf(ctx.principal),
    superseded_by: null,
  };
  await repo.insertDocument(tx, row);
  if (input.supersedes && !(await repo.supersede(tx, input.supersedes, row.id))) {
    throw conflict("document_superseded", "该文书已被更正或不存在", "That document was already superseded, or does not exist");
  }
  return present(row);
}

/** A subject's documents, oldest first (superseded ones included, each naming its successor). */
export async function documentsOf(db: Executor, subject: { type: string; id: string }): Promise<IssuedDocument[]> {
  return (await repo.ofSubject(db, subject.type, subject.id)).map(present);
}

export async function findDocument(db: Executor, id: string): Promise<IssuedDocument | undefined> {
  const r = await repo.findDocument(db, id);
  return r ? present(r) : undefined;
}

const PDF_RULES: FileRules = { types: ["application/pdf"], maxBytes: 50 * 1024 * 1024, label: { zh: "文书", en: "document" } };
const rendering = new Map<string, Promise<string>>();

/**
 * Makes sure the document's PDF is in the file store and returns its file id. Renders at most
 * once per process at a time (concurrent callers share one render); across instances the first
 * stored PDF wins and the others' are dropped, so a document has exactly one PDF and one hash.
 */
export async function renderDocument(ctx: Ctx, id: string): Promise<string> {
  const row = await repo.findDocument(ctx.db, id);
  if (!row) throw notFound("Document", "文书");
  if (row.file_id) return row.file_id;
  let p = rendering.get(id);
  if (!p) {
    p = renderAndStore(ctx, row).finally(() => rendering.delete(id));
    rendering.set(id, p);
  }
  return p;
}

class LostRace extends Error {}

async function renderAndStore(ctx: Ctx, row: Row<"documents">): Promise<string> {
  const template = templateOf(row.kind);
  if (!template) throw new Error(`document template ${row.kind} is not registered`);
  const pdf = await prepareFile(await renderPdf(JSON.parse(row.content)), "application/pdf", PDF_RULES);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const file = await saveFile(tx, ctx, pdf, {
        name: `${row.title}-${row.number}.pdf`,
        policy: template.files,
        ownerRef: row.id,
        siteId: row.site_id,
      });
      if (!(await repo.setFile(tx, row.id, file.id, file.sha256))) throw new LostRace();
      return file.id;
    });
  } catch (e) {
    if (!(e instanceof LostRace)) throw e;
    // Another instance stored its PDF first: this one is rolled back, theirs is the document's.
    return (await repo.findDocument(ctx.db, row.id))?.file_id as string;
  }
}

/** The document's PDF for the caller of `ctx`, under the template's file policy (reads recorded). */
export async function documentPdf(ctx: Ctx, id: string): Promise<{ name: string; number: string; data: Buffer }> {
  const fileId = await renderDocument(ctx, id);
  const file = await readFile(ctx, fileId);
  const doc = await repo.findDocument(ctx.db, id);
  return { name: file.name, number: doc?.number ?? "", data: file.data };
}
