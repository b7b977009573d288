import { createHash } from "node:crypto";
import { audit } from "../../platform/audit/audit.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { publicVersions } from "./catalog.public.js";
import * as repo from "./catalog.repository.js";
import type { Item } from "./catalog.schema.js";
import { canWrite, loadItem, saveDraft } from "./catalog.service.js";
import { guideOf, versionInForce } from "./guide.rules.js";

export const SAMPLE_MAX_BYTES = 5 * 1024 * 1024;

/** What may be uploaded as a sample or blank form, each checked by its first bytes, not only its label. */
export const SAMPLE_TYPES: Record<string, { ext: string; magic: number[] }> = {
  "application/pdf": { ext: "pdf", magic: [0x25, 0x50, 0x44, 0x46] },
  "image/png": { ext: "png", magic: [0x89, 0x50, 0x4e, 0x47] },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { ext: "docx", magic: [0x50, 0x4b] },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { ext: "xlsx", magic: [0x50, 0x4b] },
};

/** A file name safe in a Content-Disposition header and on any disk: no path, quote or control characters. */
const cleanName = (s: string) =>
  [...s]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && !'\\/:*?"<>|'.includes(ch))
    .join("")
    .trim()
    .slice(0, 120);

/**
 * Stores an uploaded sample or blank form and attaches it to material `index` (0-based) of the
 * item's draft (started from the published version if there is none). The public sees it once
 * the draft is published; earlier versions keep their own file.
 */
export async function uploadSample(
  ctx: Ctx,
  itemId: string,
  index: number,
  body: unknown,
  contentType: string | undefined,
  fileName: string | undefined,
): Promise<Item> {
  canWrite(ctx);
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const spec = SAMPLE_TYPES[type];
  if (!spec || !Buffer.isBuffer(body)) {
    throw new AppError(
      415,
      "unsupported_media_type",
      "样表须为 PDF、DOCX、XLSX 或 PNG 文件",
      "A sample must be a PDF, DOCX, XLSX or PNG file",
    );
  }
  if (body.length === 0) throw new AppError(400, "file_empty", "上传的文件为空", "The file is empty");
  if (body.length > SAMPLE_MAX_BYTES) throw new AppError(413, "body_too_large", "样表文件不能超过 5 MB", "A sample may be at most 5 MB");
  if (!spec.magic.every((b, i) => body[i] === b)) {
    throw new AppError(
      415,
      "file_type_mismatch",
      `文件内容不是 ${spec.ext.toUpperCase()} 格式`,
      `The file is not a ${spec.ext.toUpperCase()} file`,
    );
  }
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const item = await repo.lockItem(tx, itemId);
    if (!item) throw notFound("Item", "事项");
    const fileId = newId();
    const sha256 = createHash("sha256").update(body).digest("hex");
    // The file goes in first: saveDraft checks that every sample the draft names exists.
    let meta: { fileId: string; fileName: string; contentType: string; size: number } | undefined;
    const makeSample = (materialName: string) => {
      const name = cleanName(fileName ?? "") || `${cleanName(materialName)}.${spec.ext}`;
      const withExt = name.toLowerCase().endsWith(`.${spec.ext}`) ? name : `${name}.${spec.ext}`;
      meta = { fileId, fileName: withExt, contentType: type, size: body.length };
      return meta;
    };
    const latest = guideOf((await repo.versionsOf(tx, [itemId])).at(-1) as { guide: string });
    const material = latest.materials[index];
    if (!material) throw new AppError(404, "not_found", `第 ${index + 1} 项材料不存在`, `Material ${index} not found`);
    const sample = makeSample(material.name);
    await repo.insertFile(tx, {
      id: fileId,
      name: sample.fileName,
      content_type: type,
      size: body.length,
      sha256,
      data: body,
      created_at: now,
    });
    await saveDraft(tx, ctx, itemId, (g) => ({ ...g, materials: g.materials.map((x, i) => (i === index ? { ...x, sample } : x)) }), now);
    await audit(tx, ctx, {
      action: "item.sample.upload",
      entityType: "item",
      entityId: itemId,
      siteId: null,
      after: { material: material.name, index, ...meta, sha256 },
    });
  });
  return loadItem(ctx.db, itemId, now);
}

/** Takes the sample off material `index` of the draft (the file stays for earlier versions). */
export async function removeSample(ctx: Ctx, itemId: string, index: number): Promise<Item> {
  canWrite(ctx);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const item = await repo.lockItem(tx, itemId);
    if (!item) throw notFound("Item", "事项");
    await saveDraft(
      tx,
      ctx,
      itemId,
      (g) => {
        if (!g.materials[index]) throw new AppError(404, "not_found", `第 ${index + 1} 项材料不存在`, `Material ${index} not found`);
        return { ...g, materials: g.materials.map((x, i) => (i === index ? { ...x, sample: null } : x)) };
      },
      now,
    );
  });
  return loadItem(ctx.db, itemId, now);
}

/** The sample of material `index` in the version in force (or the version asked for). */
export async function downloadSample(ctx: Ctx, code: string, index: number, version?: number) {
  const { published } = await publicVersions(ctx.db, code);
  const v = version ? published.find((x) => x.version === version) : versionInForce(published, ctx.clock.now().toISOString());
  if (!v) throw notFound("Item version", "事项版本");
  const m = guideOf(v).materials[index];
  if (!m?.sample) throw notFound("Sample", "该材料的样表");
  const file = await repo.findFile(ctx.db, m.sample.fileId);
  if (!file) throw notFound("Sample", "该材料的样表");
  return { name: m.sample.fileName, contentType: file.content_type, data: Buffer.from(file.data) };
}

/** Content-Disposition for a Chinese file name: an ASCII fallback plus RFC 5987 UTF-8. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
