import { z } from "zod";
import { ROLES } from "../../platform/auth/principal.js";

export const Grant = z.object({
  role: z.enum(ROLES),
  siteId: z.string().uuid().nullable().describe("the site of a site grant; null for district and department grants"),
  departmentId: z
    .string()
    .uuid()
    .nullable()
    .default(null)
    .describe("the department (organisation unit) of a department grant; null otherwise (both null: district-wide)"),
});

export const StaffMember = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  active: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  grants: z.array(Grant),
});
export type StaffMember = z.infer<typeof StaffMember>;

export const StaffInput = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9_.-]{3,32}$/, "用户名为 3–32 位字母、数字或 _.- / username: 3–32 letters, digits or _.-"),
  displayName: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(200),
  grants: z.array(Grant).min(1).max(20),
});

export const StaffPatch = z.object({ displayName: z.string().trim().min(1).max(40).optional(), active: z.boolean().optional() });
export const GrantsInput = z.object({
  siteId: z.string().uuid().nullable(),
  departmentId: z.string().uuid().nullable().default(null).describe("set (with siteId null) to replace the roles for one department"),
  roles: z.array(z.enum(ROLES)).max(8),
});
export const StaffQuery = z.object({ siteId: z.string().uuid().optional(), departmentId: z.string().uuid().optional() });
export const UserParams = z.object({ userId: z.string().uuid() });
