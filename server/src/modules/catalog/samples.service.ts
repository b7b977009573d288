import { audit } from "../../platform/audit/audit.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { attachmentName } from "../../platform/files/disposition.js";
import { type FileRules, prepareFile, readFile, saveFile } from "../../platform/files/files.service.js";
import { publicVersions } from "./catalog.public.js";
import * as repo from "./catalog.repository.js";
import type { Item } from "./catalog.schema.js";
import { canWrite, loadItem, saveDraft } from "./catalog.service.js";
import { guideOf, versionInForce } from "./guide.rules.js";
import { SAMPLE_FILES } from "./sample.files.js";

export const SAMPLE_MAX_BYTES = 5 * 1024 * 1024;

/** What may be uploaded as a sample or blank form (each checked by its content, not only its label), with its file ending. */
export const SAMPLE_TYPES: Record<string, string> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
};
const SAMPLE_RULES: FileRules = { types: Object.keys(SAMPLE_TYPES), maxBytes: SAMPLE_MAX_BYTES, label: { zh: "样表", en: "sample" } };

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
  // Checked (and an image stripped of its metadata) before the transaction takes any lock.
  const file = await prepareFile(body, contentType, SAMPLE_RULES);
  const ext = SAMPLE_TYPES[file.contentType] as string;
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const item = await repo.lockItem(tx, itemId);
    if (!item) throw notFound("Item", "事项");
    const latest = guideOf((await repo.versionsOf(tx, [itemId])).at(-1) as { guide: string });
    const material = latest.materials[index];
    if (!material) throw new AppError(404, "not_found", `第 ${index + 1} 项材料不存在`, `Material ${index} not found`);
    const name = cleanName(fileName ?? "") || `${cleanName(material.name)}.${ext}`;
    const withExt = name.toLowerCase().endsWith(`.${ext}`) ? name : `${name}.${ext}`;
    // The file goes in first: saveDraft checks that every sample the draft names exists.
    const stored = await saveFile(tx, ctx, file, { name: withExt, policy: SAMPLE_FILES, ownerRef: itemId });
    const sample = { fileId: stored.id, fileName: withExt, contentType: stored.contentType, size: stored.size };
    await saveDraft(tx, ctx, itemId, (g) => ({ ...g, materials: g.materials.map((x, i) => (i === index ? { ...x, sample } : x)) }), now);
    await audit(tx, ctx, {
      action: "item.sample.upload",
      entityType: "item",
      entityId: itemId,
      siteId: null,
      after: { material: material.name, index, ...sample, sha256: stored.sha256 },
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
  const file = await readFile(ctx, m.sample.fileId);
  return { name: m.sample.fileName, contentType: file.contentType, data: file.data };
}

/** Content-Disposition for a Chinese file name (kept here for the catalog's routes). */
export const attachment = (name: string) => attachmentName(name);
