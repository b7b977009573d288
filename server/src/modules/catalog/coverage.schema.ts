import { z } from "zod";
import { SITE_KINDS } from "../org/org.schema.js";
import { ASSIGNMENT_MODES, Department } from "./catalog.schema.js";

export const PLACES = ["comprehensive", "professional", "street"] as const;

export const Problem = z.object({
  code: z.string().describe("handled_nowhere, not_in_catalog, multiple_places, other_department_hall, park_station_handles, …"),
  severity: z.enum(["violation", "warning"]),
  zh: z.string(),
  en: z.string(),
});

export const AssignmentsInput = z.object({
  sites: z
    .array(z.object({ siteId: z.string().uuid(), mode: z.enum(ASSIGNMENT_MODES).describe("handle: 办理; assist: 辅助（帮办代办）") }))
    .max(200),
});

export const Assignments = z.object({
  itemId: z.string(),
  code: z.string(),
  name: z.string(),
  department: Department,
  sites: z.array(
    z.object({ siteId: z.string(), code: z.string(), name: z.string(), kind: z.enum(SITE_KINDS), mode: z.enum(ASSIGNMENT_MODES) }),
  ),
  places: z.array(z.enum(PLACES)).describe("exclusive places the item is handled in (C3 wants exactly one)"),
  problems: z.array(Problem),
});

export const Hall = z.object({
  siteId: z.string(),
  code: z.string(),
  name: z.string(),
  role: z.enum(["comprehensive", "department", "unlinked"]),
  department: Department.nullable(),
});
export const HallInput = z.discriminatedUnion("role", [
  z.object({ role: z.literal("comprehensive") }),
  z.object({ role: z.literal("department"), departmentId: z.string().uuid() }),
]);

export const Coverage = z.object({
  generatedAt: z.string(),
  cityList: z.object({ count: z.number(), importedAt: z.string().nullable() }).nullable(),
  summary: z.object({
    approved: z.number(),
    inCatalog: z.number(),
    ok: z.number(),
    handledNowhere: z.number(),
    againstRule: z.number(),
    notApproved: z.number(),
    warnings: z.number(),
  }),
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      department: z.string(),
      approved: z.boolean(),
      inCatalog: z.boolean(),
      places: z.array(z.enum(PLACES)),
      sites: z.array(z.object({ code: z.string(), name: z.string(), kind: z.enum(SITE_KINDS), mode: z.enum(ASSIGNMENT_MODES) })),
      problems: z.array(Problem),
    }),
  ),
});

export const QueueItemsParams = z.object({ siteId: z.string().uuid(), queueId: z.string().uuid() });
export const QueueItemsInput = z.object({ itemIds: z.array(z.string().uuid()).max(500) });
export const QueueItems = z.object({
  queueId: z.string(),
  items: z.array(z.object({ itemId: z.string(), code: z.string(), name: z.string() })),
});

export const SiteDisclosure = z.object({
  site: z.object({ code: z.string(), name: z.string(), kind: z.enum(SITE_KINDS), address: z.string(), phone: z.string().nullable() }),
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      department: Department,
      mode: z.enum(ASSIGNMENT_MODES),
      version: z.number(),
      fee: z.object({ charged: z.boolean(), amount: z.string().nullable(), basis: z.string().nullable() }),
      statutoryLimitDays: z.number().nullable(),
      committedLimitDays: z.number().nullable().describe("0 = on the spot (即办)"),
      limitUnit: z.string(),
    }),
  ),
});
