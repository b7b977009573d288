import { randomBytes } from "node:crypto";
import type { Config } from "../config.js";
import type { DbHandle } from "../db/index.js";
import type { Executor } from "../db/schema.js";
import { seedAppointments } from "../modules/appointments/appointments.seed.js";
import { seedCatalog } from "../modules/catalog/catalog.seed.js";
import * as orgRepo from "../modules/org/org.repository.js";
import { ensureDepartment } from "../modules/org/units.service.js";
import * as queueRepo from "../modules/queue/queue.repository.js";
import { audit } from "../platform/audit/audit.js";
import * as staffRepo from "../platform/auth/identity.repository.js";
import { hashPassword } from "../platform/auth/password.js";
import { seedFromChineseDays } from "../platform/calendar/calendar.service.js";
import type { Clock } from "../platform/clock.js";
import { newId } from "../platform/ids.js";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_POSTS, DEMO_QUEUES, DEMO_SITES } from "./demo-district.js";

export interface SeedResult {
  calendarYears: number[];
  seeded: "demo" | "minimal" | "none" | "skipped";
  adminPassword?: string;
}

/** Seeds reference data (the working-day calendar) and, on an empty database, the chosen district. */
export async function seed(handle: DbHandle, clock: Clock, mode: Config["seed"], adminPassword?: string): Promise<SeedResult> {
  const { db } = handle;
  const at = clock.now().toISOString();
  const ctx = { principal: null, clock, requestId: "seed" };
  const result: SeedResult = { calendarYears: [], seeded: "skipped" };
  const hasCalendar = await db.selectFrom("calendar_years").select("year").limit(1).executeTakeFirst();
  if (!hasCalendar) {
    result.calendarYears = await db.transaction().execute(async (tx) => {
      const years = await seedFromChineseDays(tx, at);
      await audit(tx, ctx, { action: "calendar.seed", entityType: "calendar", entityId: null, siteId: null, after: { years } });
      return years;
    });
  }
  const hasUsers = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (hasUsers || mode === "none") return { ...result, seeded: hasUsers ? "skipped" : "none" };

  if (mode === "minimal") {
    const password =
      adminPassword ??
      `${randomBytes(9)
        .toString("base64url")
        .replace(/[^A-Za-z0-9]/g, "x")}7a`;
    const hash = await hashPassword(password);
    await db.transaction().execute(async (tx) => {
      const id = newId();
      await staffRepo.insertUser(tx, {
        id,
        username: "admin",
        display_name: "系统管理员",
        password_hash: hash,
        must_change_password: 1,
        failed_attempts: 0,
        locked_until: null,
        active: 1,
        created_at: at,
        updated_at: at,
      });
      await staffRepo.insertGrants(tx, [{ id: newId(), user_id: id, role: "district_admin", site_id: "" }]);
      await audit(tx, ctx, {
        action: "staff.create",
        entityType: "user",
        entityId: id,
        siteId: null,
        after: { username: "admin", roles: ["district_admin"] },
      });
    });
    return { ...result, seeded: "minimal", adminPassword: adminPassword ? undefined : password };
  }

  const hash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (tx) => {
    const siteIds = new Map<string, string>();
    const windowIds = new Map<string, string>();
    for (const s of DEMO_SITES) siteIds.set(s.code, await seedSite(tx, ctx, s, windowIds, at));
    const departmentIds = new Map<string, string>();
    for (const name of new Set(DEMO_ACCOUNTS.flatMap((a) => a.grants.flatMap((g) => (g.department ? [g.department] : []))))) {
      departmentIds.set(name, await ensureDepartment(tx, name, at));
    }
    const userIds = new Map<string, string>();
    for (const a of DEMO_ACCOUNTS) {
      const id = newId();
      userIds.set(a.username, id);
      await staffRepo.insertUser(tx, {
        id,
        username: a.username,
        display_name: a.displayName,
        password_hash: hash,
        must_change_password: 0,
        failed_attempts: 0,
        locked_until: null,
        active: 1,
        created_at: at,
        updated_at: at,
      });
      await staffRepo.insertGrants(
        tx,
        a.grants.map((g) => ({
          id: newId(),
          user_id: id,
          role: g.role,
          site_id: g.site ? (siteIds.get(g.site) ?? "") : "",
          department_id: g.department ? (departmentIds.get(g.department) ?? "") : "",
        })),
      );
      await audit(tx, ctx, {
        action: "staff.create",
        entityType: "user",
        entityId: id,
        siteId: null,
        after: { username: a.username, grants: a.grants },
      });
    }
    for (const dq of DEMO_QUEUES) await seedQueues(tx, ctx, dq, siteIds.get(dq.site) as string, windowIds, at);
    for (const p of DEMO_POSTS) {
      const siteId = siteIds.get(p.site) as string;
      const row = {
        window_id: windowIds.get(`${p.site}#${p.window}`) as string,
        site_id: siteId,
        primary_user_id: userIds.get(p.primary) ?? null,
        backup_user_id: userIds.get(p.backup) ?? null,
        updated_at: at,
      };
      await orgRepo.upsertPost(tx, row);
      await audit(tx, ctx, { action: "window.post.set", entityType: "window", entityId: row.window_id, siteId, after: row });
    }
    await seedCatalog(tx, clock);
    await seedAppointments(tx, clock);
  });
  return { ...result, seeded: "demo" };
}

/** What `audit` needs of a context: the seed writes as the system, with no principal. */
type SeedCtx = Parameters<typeof audit>[1];

/** One demo site with its hours, zones and windows; returns its id (window ids go into `windowIds` by "code#number"). */
async function seedSite(
  tx: Executor,
  ctx: SeedCtx,
  s: (typeof DEMO_SITES)[number],
  windowIds: Map<string, string>,
  at: string,
): Promise<string> {
  const id = newId();
  const row = {
    id,
    code: s.code,
    kind: s.kind,
    name: s.name,
    plaque_name: s.plaqueName,
    parent_org: s.parentOrg,
    responsible_person: s.responsiblePerson,
    responsible_phone: s.responsiblePhone,
    address: s.address,
    phone: s.phone,
    active: 1,
    created_at: at,
    updated_at: at,
  };
  await orgRepo.insertSite(tx, row);
  await orgRepo.replaceHours(
    tx,
    id,
    s.hours.map((h) => ({ id: newId(), site_id: id, ...h })),
  );
  await audit(tx, ctx, { action: "site.create", entityType: "site", entityId: id, siteId: id, after: row });
  let windowZone: string | null = null;
  for (const z of s.zones) {
    const zid = newId();
    if (!windowZone && z.kinds.includes("window_service")) windowZone = zid;
    await orgRepo.insertZone(tx, { id: zid, site_id: id, name: z.name, kinds: JSON.stringify(z.kinds), created_at: at });
  }
  for (const w of s.windows) {
    const wid = newId();
    windowIds.set(`${s.code}#${w.number}`, wid);
    await orgRepo.insertWindow(tx, {
      id: wid,
      site_id: id,
      zone_id: windowZone,
      number: w.number,
      name: w.name,
      active: 1,
      created_at: at,
    });
  }
  await audit(tx, ctx, {
    action: "site.layout.seed",
    entityType: "site",
    entityId: id,
    siteId: id,
    after: { zones: s.zones, windows: s.windows },
  });
  return id;
}

/** One demo site's queues and which windows serve them. */
async function seedQueues(
  tx: Executor,
  ctx: SeedCtx,
  dq: (typeof DEMO_QUEUES)[number],
  siteId: string,
  windowIds: Map<string, string>,
  at: string,
): Promise<void> {
  const byPrefix = new Map<string, string>();
  for (const [i, q] of dq.queues.entries()) {
    const id = newId();
    byPrefix.set(q.prefix, id);
    await queueRepo.insertQueue(tx, {
      id,
      site_id: siteId,
      prefix: q.prefix,
      name: q.name,
      category: q.category,
      daily_cap: q.dailyCap ?? null,
      per_person_limit: q.perPersonLimit ?? null,
      active: 1,
      sort: i,
      created_at: at,
    });
  }
  for (const [number, prefixes] of Object.entries(dq.windows)) {
    const windowId = windowIds.get(`${dq.site}#${number}`) as string;
    await queueRepo.replaceWindowQueues(
      tx,
      siteId,
      windowId,
      prefixes.map((p) => byPrefix.get(p) as string),
    );
  }
  await audit(tx, ctx, { action: "queue.seed", entityType: "site", entityId: siteId, siteId, after: dq });
}
