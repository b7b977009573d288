import { describe, expect, it } from "vitest";
import {
  assertCanGrant,
  assertCanRecord,
  can,
  canManageUser,
  canRecord,
  effectivePermissions,
  recordFilterOf,
  scopeOf,
} from "../src/platform/auth/access.js";
import type { Principal, RoleGrant } from "../src/platform/auth/principal.js";
import { AppError } from "../src/platform/errors.js";

const user = (grants: RoleGrant[], userId = "u-1"): Principal => ({
  kind: "user",
  userId,
  username: userId,
  displayName: userId,
  grants,
  mustChangePassword: false,
  sessionId: "s",
});
const site = (role: RoleGrant["role"], siteId: string): RoleGrant => ({ role, siteId, departmentId: null });
const dept = (role: RoleGrant["role"], departmentId: string): RoleGrant => ({ role, siteId: null, departmentId });
const district = (role: RoleGrant["role"]): RoleGrant => ({ role, siteId: null, departmentId: null });
const codeOf = (f: () => void) => {
  try {
    f();
    return "ok";
  } catch (e) {
    return e instanceof AppError ? `${e.status} ${e.code}` : String(e);
  }
};

/** A case received at street site S1 and decided by department D1 (the shape cases will have). */
const CASE = { siteId: "S1", departmentId: "D1", handlerId: "h-9" };

describe("per-record access (assertCanRecord)", () => {
  it("reaches a record through its receiving site, its deciding department, or the district", () => {
    expect(canRecord(user([site("window_staff", "S1")]), "queue.read", CASE)).toBe(true);
    expect(canRecord(user([dept("back_office", "D1")]), "queue.read", CASE)).toBe(true);
    expect(canRecord(user([district("district_supervisor")]), "queue.read", CASE)).toBe(true);
  });

  it("does not reach it from another site or another department, nor without the permission", () => {
    expect(canRecord(user([site("window_staff", "S2")]), "queue.read", CASE)).toBe(false);
    expect(canRecord(user([dept("back_office", "D2")]), "queue.read", CASE)).toBe(false);
    expect(canRecord(user([dept("back_office", "D1")]), "queue.manage", CASE)).toBe(false);
    expect(codeOf(() => assertCanRecord(user([dept("back_office", "D2")]), "queue.read", CASE))).toBe("403 forbidden");
    expect(codeOf(() => assertCanRecord(null, "queue.read", CASE))).toBe("401 unauthenticated");
  });

  it("lets the handler reach the record through any role that carries the permission", () => {
    expect(canRecord(user([site("back_office", "S7")], "h-9"), "queue.read", CASE)).toBe(true);
    expect(canRecord(user([site("back_office", "S7")], "h-9"), "queue.manage", CASE)).toBe(false);
    expect(canRecord(user([], "h-9"), "queue.read", CASE)).toBe(false);
    expect(canRecord(user([site("back_office", "S7")], "h-8"), "queue.read", CASE)).toBe(false);
  });

  it("keeps site checks as they were: a department grant reaches no site as such", () => {
    const p = user([dept("site_manager", "D1")]);
    expect(can(p, "site.read", "S1")).toBe(false);
    expect(can(p, "site.read", null)).toBe(false);
    expect(scopeOf(p, "site.read")).toEqual([]);
    expect(scopeOf(user([district("district_admin")]), "site.read")).toBe("all");
  });

  it("gives devices their own site's records only", () => {
    const kiosk: Principal = { kind: "device", deviceId: "d", siteId: "S1", deviceKind: "kiosk", windowId: null, name: "k" };
    expect(canRecord(kiosk, "queue.issue", CASE)).toBe(true);
    expect(canRecord(kiosk, "queue.issue", { ...CASE, siteId: "S2" })).toBe(false);
    expect(recordFilterOf(kiosk, "queue.issue")).toEqual({ all: false, siteIds: ["S1"], departmentIds: [], handlerId: null });
  });

  it("describes what a list query may return", () => {
    const p = user([site("back_office", "S1"), dept("back_office", "D1"), dept("back_office", "D2"), site("guide", "S3")]);
    expect(recordFilterOf(p, "queue.read")).toEqual({
      all: false,
      siteIds: ["S1", "S3"],
      departmentIds: ["D1", "D2"],
      handlerId: "u-1",
    });
    expect(recordFilterOf(p, "queue.issue")).toEqual({ all: false, siteIds: ["S3"], departmentIds: [], handlerId: "u-1" });
    expect(recordFilterOf(p, "staff.write")).toEqual({ all: false, siteIds: [], departmentIds: [], handlerId: null });
    expect(recordFilterOf(user([district("district_supervisor")]), "queue.read")).toEqual({ all: true });
  });

  it("tells the user what they may do per scope", () => {
    const p = user([site("guide", "S1"), dept("back_office", "D1"), district("district_supervisor")]);
    const e = effectivePermissions(p);
    expect(e.district).toContain("audit.read");
    expect(e.sites.S1).toContain("queue.issue");
    expect(e.departments.D1).toEqual(["site.read", "queue.read", "case.read", "case.process"]);
  });
});

describe("granting and managing by scope", () => {
  const admin = user([district("district_admin")]);
  const siteManager = user([site("site_manager", "S1")]);
  const deptManager = user([dept("site_manager", "D1")]);

  it("checks which roles a scope may carry", () => {
    expect(codeOf(() => assertCanGrant(admin, "back_office", { siteId: null, departmentId: "D1" }))).toBe("ok");
    expect(codeOf(() => assertCanGrant(admin, "window_staff", { siteId: null, departmentId: "D1" }))).toBe("400 role_scope_invalid");
    expect(codeOf(() => assertCanGrant(admin, "district_admin", { siteId: null, departmentId: "D1" }))).toBe("400 role_scope_invalid");
    expect(codeOf(() => assertCanGrant(admin, "back_office", { siteId: "S1", departmentId: "D1" }))).toBe("400 role_scope_invalid");
    expect(codeOf(() => assertCanGrant(deptManager, "back_office", { siteId: null, departmentId: "D1" }))).toBe("ok");
    expect(codeOf(() => assertCanGrant(deptManager, "back_office", { siteId: null, departmentId: "D2" }))).toBe("403 forbidden");
    expect(codeOf(() => assertCanGrant(siteManager, "back_office", { siteId: null, departmentId: "D1" }))).toBe("403 forbidden");
  });

  it("manages a user only when every grant of theirs lies within the manager's scopes", () => {
    expect(canManageUser(siteManager, [site("window_staff", "S1")])).toBe(true);
    expect(canManageUser(siteManager, [site("window_staff", "S1"), site("guide", "S2")])).toBe(false);
    expect(canManageUser(siteManager, [district("district_admin")])).toBe(false);
    expect(canManageUser(siteManager, [])).toBe(false);
    expect(canManageUser(siteManager, [dept("back_office", "D1")])).toBe(false);
    expect(canManageUser(deptManager, [dept("back_office", "D1")])).toBe(true);
    expect(canManageUser(deptManager, [site("back_office", "S1")])).toBe(false);
    expect(canManageUser(admin, [])).toBe(true);
  });
});
