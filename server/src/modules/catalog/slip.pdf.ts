import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { dataHash, documentPdf, documentsOf, findIssued, issueDocument } from "../../platform/documents/documents.service.js";
import { notFound } from "../../platform/errors.js";
import { publicVersions } from "./catalog.public.js";
import * as coverageRepo from "./coverage.repository.js";
import { guideOf, versionInForce } from "./guide.rules.js";
import { SLIP, SLIP_AGENCY, type SlipData } from "./slip.template.js";

/** The slip of the version in force (or of the version asked for), as PDF bytes. */
export async function slipPdf(ctx: Ctx, code: string, version?: number): Promise<{ name: string; data: Buffer }> {
  const { data, subject } = await slipData(ctx, code, version);
  const doc = await slipDocumentOf(ctx, subject, data);
  const pdf = await documentPdf(ctx, doc);
  return { name: `一次性告知单-${data.guide.name}.pdf`, data: pdf.data };
}

/** What the slip of a version says today, and which version it is of. */
async function slipData(ctx: Ctx, code: string, version?: number): Promise<{ data: SlipData; subject: { type: string; id: string } }> {
  const { item, dept, published } = await publicVersions(ctx.db, code);
  const now = ctx.clock.now();
  const v = version ? published.find((x) => x.version === version) : versionInForce(published, now.toISOString());
  if (!v) throw notFound("Item version", "事项版本");
  const g = guideOf(v);
  const [assignments, sites] = await Promise.all([coverageRepo.assignmentsOfItems(ctx.db, [item.id]), coverageRepo.listSites(ctx.db)]);
  const siteById = new Map(sites.map((s) => [s.id, s]));
  // Where it is handled, and where one only gets help: a park station assists even if assigned to
  // "handle" (the coverage rule reports that as park_station_handles), so the slip never sends
  // anybody there to have the item handled.
  const place = (siteId: string) => {
    const s = siteById.get(siteId);
    return `${s?.name}（${s?.address}）`;
  };
  const active = assignments.filter((a) => siteById.get(a.site_id)?.active === 1);
  const assists = (a: (typeof active)[number]) => a.mode === "assist" || siteById.get(a.site_id)?.kind === "park_station";
  const handledAt = active.filter((a) => !assists(a)).map((a) => place(a.site_id));
  const assistedAt = active.filter(assists).map((a) => place(a.site_id));
  const meta = {
    code: item.code,
    department: dept.name,
    version: v.version,
    effectiveFrom: chinaLocal(new Date(v.effective_from as string)).date,
    sites: handledAt,
    assisted: assistedAt,
  };
  return { data: { guide: g, meta }, subject: { type: "item_version", id: `${item.id}:${v.version}` } };
}

const issuing = new Map<string, Promise<string>>();

/**
 * The slip document for this content: the stored one if it exists (no transaction, no render),
 * else issued once — concurrent requests in this process share one issue, another instance's
 * concurrent issue meets the unique content index and is read back — superseding the slip of
 * the same version whose content it replaces.
 */
async function slipDocumentOf(ctx: Ctx, subject: { type: string; id: string }, data: SlipData): Promise<string> {
  const known = await findIssued(ctx.db, SLIP, subject, data);
  if (known) return known.id;
  const key = `${subject.id}:${dataHash(data)}`;
  let p = issuing.get(key);
  if (!p) {
    p = issueSlip(ctx, subject, data).finally(() => issuing.delete(key));
    issuing.set(key, p);
  }
  return p;
}

async function issueSlip(ctx: Ctx, subject: { type: string; id: string }, data: SlipData): Promise<string> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const current = (await documentsOf(tx, subject)).find((d) => d.kind === SLIP.kind && !d.supersededBy);
      const doc = await issueDocument(tx, ctx, SLIP, { agency: SLIP_AGENCY, siteId: null, subject, data, supersedes: current?.id });
      return doc.id;
    });
  } catch (e) {
    const again = await findIssued(ctx.db, SLIP, subject, data);
    if (again) return again.id;
    throw e;
  }
}
