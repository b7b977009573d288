import { z } from "zod";
import { isoDate as date, hhmm, patchOf, phone } from "../../platform/validation.js";

export const SITE_KINDS = ["professional_hall", "street_center", "park_station", "community_station"] as const;
export const ZONE_KINDS = ["disclosure", "consultation", "window_service", "complaint", "waiting", "self_service"] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const Id = z.string().uuid();
export const SiteParams = z.object({ siteId: Id });

export const WeeklyHours = z
  .array(z.object({ weekday: z.number().int().min(1).max(7).describe("1 = Monday … 7 = Sunday"), opens: hhmm, closes: hhmm }))
  .max(28);

export const HourException = z.object({
  date,
  closed: z.boolean(),
  opens: hhmm.nullish(),
  closes: hhmm.nullish(),
  note: z.string().trim().max(200).nullish(),
});

export const SiteInput = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "场所代码只能用小写字母、数字和连字符 / code: lowercase letters, digits, hyphens"),
  kind: z.enum(SITE_KINDS),
  name: text(80),
  plaqueName: text(80).nullish(),
  parentOrg: text(80).describe("主管部门（专业大厅）或所属街镇"),
  responsiblePerson: text(40),
  responsiblePhone: phone.nullish(),
  address: text(200),
  phone: phone.nullish(),
  weeklyHours: WeeklyHours.optional(),
});
export const SitePatch = patchOf(
  SiteInput.omit({ code: true, kind: true, weeklyHours: true }).partial().extend({ active: z.boolean().optional() }),
);

export const Site = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(SITE_KINDS),
  name: z.string(),
  plaqueName: z.string().nullable(),
  parentOrg: z.string(),
  responsiblePerson: z.string(),
  responsiblePhone: z.string().nullable(),
  address: z.string(),
  phone: z.string().nullable(),
  active: z.boolean(),
  weeklyHours: WeeklyHours,
  exceptions: z.array(HourException.extend({ opens: hhmm.nullable(), closes: hhmm.nullable(), note: z.string().nullable() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Site = z.infer<typeof Site>;

export const PublicSite = Site.pick({
  code: true,
  kind: true,
  name: true,
  plaqueName: true,
  parentOrg: true,
  address: true,
  phone: true,
  weeklyHours: true,
  exceptions: true,
}).extend({
  today: z.object({
    date: z.string(),
    open: z.boolean().describe("open at this moment"),
    periods: z
      .array(z.object({ opens: z.string(), closes: z.string() }))
      .describe("today's opening periods, after holidays and dated exceptions"),
    nextOpen: z.object({ date: z.string(), time: z.string() }).nullable(),
  }),
  responsiblePerson: z.string().describe("masked, e.g. 张*"),
  zones: z.array(z.object({ name: z.string(), kinds: z.array(z.enum(ZONE_KINDS)) })),
});

export const ZoneInput = z.object({
  name: text(40),
  kinds: z.array(z.enum(ZONE_KINDS)).min(1).max(6).describe("more than one kind: a merged zone (P7)"),
});
export const Zone = ZoneInput.extend({ id: z.string(), siteId: z.string() });
export const ZoneParams = SiteParams.extend({ zoneId: Id });

export const WindowInput = z.object({
  number: z.number().int().min(1).max(999),
  name: text(40),
  zoneId: Id.nullish(),
  active: z.boolean().optional(),
});
export const WindowPatch = patchOf(WindowInput.partial());
export const WindowParams = SiteParams.extend({ windowId: Id });

export const PostInput = z.object({ primaryUserId: Id.nullable(), backupUserId: Id.nullable() });
const PostUser = z.object({ id: z.string(), displayName: z.string() }).nullable();
export const Window = z.object({
  id: z.string(),
  siteId: z.string(),
  number: z.number(),
  name: z.string(),
  zoneId: z.string().nullable(),
  active: z.boolean(),
  post: z.object({ primary: PostUser, backup: PostUser }),
});
export type Window = z.infer<typeof Window>;
