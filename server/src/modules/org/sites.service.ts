import type { z } from "zod";
import type { NewRow, Row } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { assertCan, requireUser, scopeOf } from "../../platform/auth/access.js";
import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, conflict, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { asFlag, type ColumnMap, changedColumns } from "../../platform/patch.js";
import { maskName } from "../../platform/privacy.js";
import { forgetSchedules, loadSchedule, openingState, periodsOn } from "./opening.js";
import * as repo from "./org.repository.js";
import type { HourException, PublicSite, Site, SiteInput, SitePatch, WeeklyHours } from "./org.schema.js";

type Kind = Site["kind"];

/** Naming rules: P4 (professional halls carry "…区政务服务中心XXX分中心"), S5 ("××区××镇(街道)政务服务中心"), Y2. */
export function checkNaming(kind: Kind, name: string, plaqueName: string | null | undefined): void {
  const fail = (zh: string, en: string) => {
    throw new AppError(400, "site_name_invalid", zh, en);
  };
  if (kind === "professional_hall" && !/^.+区政务服务中心.+分中心$/.test(plaqueName ?? "")) {
    fail(
      "专业大厅须加挂“××区政务服务中心XXX分中心”牌子，请填写符合规范的挂牌名称",
      'A professional hall must carry the plaque name "××区政务服务中心XXX分中心"',
    );
  }
  if (kind === "street_center" && !/^.+区.+(镇|街道|地区)政务服务中心$/.test(name)) {
    fail("街镇中心名称应为“××区××镇(街道)政务服务中心”", 'A street center is named "××区××镇(街道)政务服务中心"');
  }
  if (kind === "park_station" && !/政务服务站$/.test(name)) {
    fail("园区服务站名称应以“政务服务站”结尾", 'A park station\'s name ends with "政务服务站"');
  }
  if (kind === "community_station" && !/服务站$/.test(name)) {
    fail("社区(村)服务站名称应以“服务站”结尾", 'A community station\'s name ends with "服务站"');
  }
}

function checkHours(hours: z.infer<typeof WeeklyHours>): void {
  const byDay = new Map<number, { opens: string; closes: string }[]>();
  for (const h of hours) {
    if (h.opens >= h.closes) {
      throw new AppError(
        400,
        "hours_invalid",
        `周${h.weekday}的开始时间须早于结束时间`,
        `On weekday ${h.weekday} opening must be before closing`,
      );
    }
    const list = byDay.get(h.weekday) ?? [];
    if (list.some((o) => h.opens < o.closes && o.opens < h.closes)) {
      throw new AppError(400, "hours_overlap", `周${h.weekday}的办公时段有重叠`, `Opening periods overlap on weekday ${h.weekday}`);
    }
    list.push(h);
    byDay.set(h.weekday, list);
  }
}

function present(row: Row<"sites">, hours: Row<"site_hours">[], exc: Row<"site_hour_exceptions">[]): Site {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind as Kind,
    name: row.name,
    plaqueName: row.plaque_name,
    parentOrg: row.parent_org,
    responsiblePerson: row.responsible_person,
    responsiblePhone: row.responsible_phone,
    address: row.address,
    phone: row.phone,
    active: row.active === 1,
    weeklyHours: hours.filter((h) => h.site_id === row.id).map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes })),
    exceptions: exc
      .filter((e) => e.site_id === row.id)
      .map((e) => ({ date: e.date, closed: e.closed === 1, opens: e.opens, closes: e.closes, note: e.note })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function load(db: Ctx["db"], rows: Row<"sites">[], fromDate?: string): Promise<Site[]> {
  const ids = rows.map((r) => r.id);
  const [hours, exc] = await Promise.all([repo.hoursOf(db, ids), repo.exceptionsOf(db, ids, fromDate)]);
  return rows.map((r) => present(r, hours, exc));
}

export async function getSiteRow(db: Ctx["db"], siteId: string): Promise<Row<"sites">> {
  const row = await repo.findSite(db, siteId);
  if (!row) throw notFound("Site", "场所");
  return row;
}

export async function listSites(ctx: Ctx): Promise<Site[]> {
  const p = requireUser(ctx.principal);
  return load(ctx.db, await repo.listSites(ctx.db, scopeOf(p, "site.read")));
}

export async function getSite(ctx: Ctx, siteId: string): Promise<Site> {
  assertCan(requireUser(ctx.principal), "site.read", siteId);
  return (await load(ctx.db, [await getSiteRow(ctx.db, siteId)]))[0] as Site;
}

function hourRows(siteId: string, hours: z.infer<typeof WeeklyHours>): NewRow<"site_hours">[] {
  return hours.map((h) => ({ id: newId(), site_id: siteId, ...h }));
}

export async function createSite(ctx: Ctx, input: z.infer<typeof SiteInput>): Promise<Site> {
  assertCan(requireUser(ctx.principal), "site.create", null);
  checkNaming(input.kind, input.name, input.plaqueName);
  checkHours(input.weeklyHours ?? []);
  const at = ctx.clock.now().toISOString();
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    if (await repo.findSiteByCode(tx, input.code))
      throw conflict("site_code_taken", `场所代码 ${input.code} 已被使用`, `Site code ${input.code} is taken`);
    if (await repo.findSiteByName(tx, input.name))
      throw conflict("site_name_taken", `已有名为“${input.name}”的场所`, `A site named ${input.name} exists`);
    const row = {
      id,
      code: input.code,
      kind: input.kind,
      name: input.name,
      plaque_name: input.plaqueName ?? null,
      parent_org: input.parentOrg,
      responsible_person: input.responsiblePerson,
      responsible_phone: input.responsiblePhone ?? null,
      address: input.address,
      phone: input.phone ?? null,
      active: 1,
      created_at: at,
      updated_at: at,
    };
    await repo.insertSite(tx, row);
    await repo.replaceHours(tx, id, hourRows(id, input.weeklyHours ?? []));
    await audit(tx, ctx, {
      action: "site.create",
      entityType: "site",
      entityId: id,
      siteId: id,
      after: { ...row, weeklyHours: input.weeklyHours ?? [] },
    });
  });
  return getSite(ctx, id);
}

const SITE_COLUMNS: ColumnMap<z.infer<typeof SitePatch>, Row<"sites">> = {
  name: "name",
  plaqueName: "plaque_name",
  parentOrg: "parent_org",
  responsiblePerson: "responsible_person",
  responsiblePhone: "responsible_phone",
  address: "address",
  phone: "phone",
  active: { column: "active", value: asFlag },
};

export async function updateSite(ctx: Ctx, siteId: string, patch: z.infer<typeof SitePatch>): Promise<Site> {
  assertCan(requireUser(ctx.principal), "site.write", siteId);
  await ctx.db.transaction().execute(async (tx) => {
    const before = await getSiteRow(tx, siteId);
    const name = patch.name ?? before.name;
    const plaque = patch.plaqueName === undefined ? before.plaque_name : patch.plaqueName;
    checkNaming(before.kind as Kind, name, plaque);
    if (name !== before.name && (await repo.findSiteByName(tx, name))) {
      throw conflict("site_name_taken", `已有名为“${name}”的场所`, `A site named ${name} exists`);
    }
    const set: Partial<Row<"sites">> = { updated_at: ctx.clock.now().toISOString(), ...changedColumns(patch, SITE_COLUMNS) };
    await repo.updateSite(tx, siteId, set);
    await audit(tx, ctx, { action: "site.update", entityType: "site", entityId: siteId, siteId, before, after: { ...before, ...set } });
  });
  return getSite(ctx, siteId);
}

export async function setWeeklyHours(ctx: Ctx, siteId: string, hours: z.infer<typeof WeeklyHours>): Promise<Site> {
  assertCan(requireUser(ctx.principal), "site.write", siteId);
  checkHours(hours);
  await ctx.db.transaction().execute(async (tx) => {
    await getSiteRow(tx, siteId);
    const before = await repo.hoursOf(tx, [siteId]);
    await repo.replaceHours(tx, siteId, hourRows(siteId, hours));
    await audit(tx, ctx, {
      action: "site.hours.set",
      entityType: "site",
      entityId: siteId,
      siteId,
      before: before.map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
      after: hours,
    });
  });
  // After commit: a concurrent read must not cache the old hours again.
  await forgetSchedules(ctx.caches);
  return getSite(ctx, siteId);
}

export async function putException(ctx: Ctx, siteId: string, e: z.infer<typeof HourException>): Promise<Site> {
  assertCan(requireUser(ctx.principal), "site.write", siteId);
  if (!e.closed && (!e.opens || !e.closes || e.opens >= e.closes)) {
    throw new AppError(
      400,
      "hours_invalid",
      "非闭馆的特殊安排须填写开始和结束时间，且开始早于结束",
      "A dated exception that is not closed needs opening before closing",
    );
  }
  const row = {
    site_id: siteId,
    date: e.date,
    closed: e.closed ? 1 : 0,
    opens: e.closed ? null : (e.opens ?? null),
    closes: e.closed ? null : (e.closes ?? null),
    note: e.note ?? null,
  };
  await ctx.db.transaction().execute(async (tx) => {
    await getSiteRow(tx, siteId);
    await repo.upsertException(tx, row);
    await audit(tx, ctx, { action: "site.hours.exception", entityType: "site", entityId: siteId, siteId, after: row });
  });
  // After commit: a concurrent read must not cache the old hours again.
  await forgetSchedules(ctx.caches);
  return getSite(ctx, siteId);
}

export async function deleteException(ctx: Ctx, siteId: string, date: string): Promise<void> {
  assertCan(requireUser(ctx.principal), "site.write", siteId);
  await ctx.db.transaction().execute(async (tx) => {
    if ((await repo.deleteException(tx, siteId, date)) === 0) throw notFound("Exception", "该日期的特殊安排");
    await audit(tx, ctx, { action: "site.hours.exception_delete", entityType: "site", entityId: siteId, siteId, before: { date } });
  });
  // After commit: a concurrent read must not cache the old hours again.
  await forgetSchedules(ctx.caches);
}

/** What anybody may see of active sites: no personal data beyond a masked responsible person. */
export async function publicSites(ctx: Ctx, code?: string): Promise<z.infer<typeof PublicSite>[]> {
  const rows = (await repo.listSites(ctx.db, "all")).filter((r) => r.active === 1 && (!code || r.code === code));
  if (code && rows.length === 0) throw notFound("Site", "场所");
  const now = ctx.clock.now();
  const today = chinaLocal(now).date;
  const sites = await load(ctx.db, rows, today);
  return Promise.all(
    sites.map(async (s) => {
      const schedule = await loadSchedule(ctx.caches, ctx.db, s.id, today);
      const state = openingState(schedule, now);
      return {
        code: s.code,
        kind: s.kind,
        name: s.name,
        plaqueName: s.plaqueName,
        parentOrg: s.parentOrg,
        address: s.address,
        phone: s.phone,
        weeklyHours: s.weeklyHours,
        exceptions: s.exceptions,
        today: {
          date: today,
          open: state.open,
          periods: periodsOn(schedule, today),
          nextOpen: state.nextOpen ? { date: state.nextOpen.date, time: state.nextOpen.time } : null,
        },
        responsiblePerson: maskName(s.responsiblePerson),
        zones: (await repo.zonesOf(ctx.db, s.id)).map((z) => ({ name: z.name, kinds: JSON.parse(z.kinds) })),
      };
    }),
  );
}

/** Whether a site of this id exists (active or not): the request guard answers 404 for unknown sites. */
export async function siteExists(db: Ctx["db"], siteId: string): Promise<boolean> {
  return (await repo.findSite(db, siteId)) !== undefined;
}
