import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import type { Executor, Row } from "../../db/schema.js";
import type { Principal } from "../auth/principal.js";
import type { Ctx } from "../context.js";
import { AppError, forbidden, notFound } from "../errors.js";
import { newId } from "../ids.js";
import * as repo from "./files.repository.js";

/**
 * Who may read a file, decided per file by the module that owns it. A `public` policy is read by
 * anyone and not recorded; any other read is recorded in `file_reads`, allowed or refused.
 */
export interface FilePolicy {
  readonly name: string;
  readonly public: boolean;
  canRead(ctx: Ctx, file: StoredFile): boolean | Promise<boolean>;
}

const policies = new Map<string, FilePolicy>();

/** Declares a policy once, at module load, under a stable name stored with each file. */
export function defineFilePolicy(policy: FilePolicy): FilePolicy {
  const known = policies.get(policy.name);
  if (known && known !== policy) throw new Error(`file policy ${policy.name} is defined twice`);
  policies.set(policy.name, policy);
  return policy;
}

/** What may be stored: types by content (MIME names), and a size limit. */
export interface FileRules {
  types: readonly string[];
  maxBytes: number;
  /** How the caller names the kind of file in messages, e.g. 样表 / sample. */
  label: { zh: string; en: string };
}

/** A checked content, ready to be saved: images re-encoded without their metadata. */
export interface PreparedFile {
  data: Buffer;
  sha256: string;
  contentType: string;
  size: number;
}

export interface StoredFile {
  id: string;
  sha256: string;
  name: string;
  contentType: string;
  size: number;
  policy: string;
  ownerRef: string | null;
  siteId: string | null;
  createdAt: string;
}

const IMAGES: Record<string, "jpeg" | "png" | "webp"> = { "image/jpeg": "jpeg", "image/png": "png", "image/webp": "webp" };
const sha256Of = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

const unsupported = (r: FileRules) =>
  new AppError(
    415,
    "unsupported_media_type",
    `${r.label.zh}的文件类型不受支持（可用：${r.types.join("、")}）`,
    `This type of file is not accepted as a ${r.label.en} (accepted: ${r.types.join(", ")})`,
  );

/**
 * Checks an upload before any transaction: not empty, within the size limit, its type read from
 * its content (never only from the label the client gave), and for images re-encoded so no EXIF
 * (GPS position, camera, author) or other metadata leaves with it. Done outside the transaction
 * because decoding an image takes a while and must not hold locks.
 */
export async function prepareFile(data: unknown, declaredType: string | undefined, rules: FileRules): Promise<PreparedFile> {
  const declared = (declaredType ?? "").split(";")[0]?.trim().toLowerCase() || undefined;
  if (declared && !rules.types.includes(declared)) throw unsupported(rules);
  if (!Buffer.isBuffer(data)) throw unsupported(rules);
  if (data.length === 0) throw new AppError(400, "file_empty", "上传的文件为空", "The file is empty");
  if (data.length > rules.maxBytes) {
    const mb = Math.floor(rules.maxBytes / 1024 / 1024);
    throw new AppError(413, "body_too_large", `${rules.label.zh}文件不能超过 ${mb} MB`, `A ${rules.label.en} may be at most ${mb} MB`);
  }
  const detected = (await fileTypeFromBuffer(data))?.mime;
  const type = declared ?? detected;
  if (!type || !rules.types.includes(type)) throw unsupported(rules);
  if (detected !== type) {
    throw new AppError(
      415,
      "file_type_mismatch",
      `文件内容与所声明的类型（${type}）不符`,
      `The content of the file is not what its type (${type}) says`,
    );
  }
  const out = IMAGES[type] ? await stripImage(data, IMAGES[type]) : data;
  return { data: out, sha256: sha256Of(out), contentType: type, size: out.length };
}

async function stripImage(data: Buffer, format: "jpeg" | "png" | "webp"): Promise<Buffer> {
  try {
    // rotate() applies the EXIF orientation to the pixels first, so the picture stands as taken
    // once the metadata is gone; sharp writes no metadata unless asked to.
    return await sharp(data, { failOn: "error" }).rotate().toFormat(format).toBuffer();
  } catch {
    throw new AppError(415, "file_unreadable", "图片文件已损坏或无法读取", "The image is damaged or cannot be read");
  }
}

const toStored = (r: Row<"files">): StoredFile => ({
  id: r.id,
  sha256: r.sha256,
  name: r.name,
  contentType: r.content_type,
  size: Number(r.size),
  policy: r.policy,
  ownerRef: r.owner_ref,
  siteId: r.site_id,
  createdAt: r.created_at,
});

const actorOf = (p: Principal | null) => (!p ? null : p.kind === "user" ? `user:${p.userId}` : `device:${p.deviceId}`);

/**
 * Saves a prepared file inside the caller's transaction. The bytes of a new content go to the
 * configured backend first (a folder or S3 write cannot be rolled back: an aborted transaction
 * leaves an unreferenced content, never a row without its bytes); the same content is kept once.
 */
export async function saveFile(
  tx: Executor,
  ctx: Ctx,
  file: PreparedFile,
  meta: { name: string; policy: FilePolicy; ownerRef?: string | null; siteId?: string | null },
): Promise<StoredFile> {
  if (!policies.has(meta.policy.name)) throw new Error(`file policy ${meta.policy.name} is not defined`);
  const now = ctx.clock.now().toISOString();
  const backend = ctx.files.backend;
  const known = await repo.findBlob(tx, file.sha256);
  if (!known) {
    await backend.put(file.sha256, file.data);
    await repo.insertBlob(tx, {
      sha256: file.sha256,
      size: file.size,
      backend: backend.name,
      data: backend.name === "db" ? file.data : null,
      created_at: now,
    });
  }
  const row: Row<"files"> = {
    id: newId(),
    sha256: file.sha256,
    name: meta.name,
    content_type: file.contentType,
    size: file.size,
    policy: meta.policy.name,
    owner_ref: meta.ownerRef ?? null,
    site_id: meta.siteId ?? null,
    created_at: now,
    created_by: actorOf(ctx.principal),
  };
  await repo.insertFile(tx, row);
  return toStored(row);
}

/** The file's description, without access check (for the owning module's own rules). */
export async function describeFile(db: Executor, id: string): Promise<StoredFile | undefined> {
  const r = await repo.findFile(db, id);
  return r ? toStored(r) : undefined;
}

/**
 * Reads a file for the caller of `ctx`: its policy decides (an unknown policy refuses), a read
 * of a protected file is recorded whether allowed or not, and a refusal is 403.
 */
export async function readFile(ctx: Ctx, id: string): Promise<StoredFile & { data: Buffer }> {
  const file = await describeFile(ctx.db, id);
  if (!file) throw notFound("File", "文件");
  const policy = policies.get(file.policy);
  const allowed = policy ? await policy.canRead(ctx, file) : false;
  if (!policy?.public) {
    await repo.insertRead(ctx.db, {
      id: newId(),
      file_id: id,
      read_at: ctx.clock.now().toISOString(),
      principal: actorOf(ctx.principal),
      request_id: ctx.requestId,
      allowed: allowed ? 1 : 0,
    });
  }
  if (!allowed) throw forbidden();
  return { ...file, data: await contentOf(ctx, file.sha256) };
}

async function contentOf(ctx: Ctx, sha256: string): Promise<Buffer> {
  const blob = await repo.findBlob(ctx.db, sha256);
  if (!blob) throw new Error(`file store: no content ${sha256}`);
  if (blob.backend === "db") {
    if (!blob.data) throw new Error(`file store: content ${sha256} has no bytes`);
    return Buffer.from(blob.data);
  }
  return ctx.files.backendFor(blob.backend).get(sha256);
}

/** Of the given ids, those that name a stored file under `policy` (a module names only its own files). */
export const existingFiles = (db: Executor, ids: string[], policy: FilePolicy) => repo.existingFileIds(db, ids, policy.name);
