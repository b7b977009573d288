import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { principalFromSession } from "../src/modules/auth/auth.service.js";
import { can, type Permission, recordFilterOf } from "../src/platform/auth/access.js";
import { DEVICE_OPERATIONS } from "../src/platform/auth/device-operations.js";
import { OPERATION_ACCESS, type OperationAccess } from "../src/platform/auth/operations.js";
import type { DeviceKind, Principal } from "../src/platform/auth/principal.js";
import type { Ctx } from "../src/platform/context.js";
import { json, setup, type TestEnv } from "./helpers.js";
import {
  fillPath,
  type Objects,
  type Op,
  type OpenApiDoc,
  objectsOf,
  openApiDoc,
  operationsOf,
  resolve,
  sampleObject,
} from "./openapi-walk.js";

/**
 * The general check behind issue 10's access defects: every operation of the OpenAPI document,
 * called by every demo role and every device kind,
 * - against its own site's objects: refused (403) exactly when the role lacks the operation's
 *   declared permission (platform/auth/operations.ts), so the declaration and the services agree;
 * - against another site's objects: never answered (403 or 404, never 2xx);
 * and every signed-in operation must be declared, so a new module cannot add an undeclared route.
 */

/** Signed-in users of the demo district, with the site whose objects are "their own". */
const USERS = [
  { username: "admin", own: "zgc-street", other: null },
  { username: "supervisor", own: "zgc-street", other: null },
  { username: "zgc.manager", own: "zgc-street", other: "xyl-street" },
  { username: "zgc.window1", own: "zgc-street", other: "scjg-hall" },
  { username: "zgc.backoffice", own: "zgc-street", other: "scjg-hall" },
  { username: "zgc.guide", own: "zgc-street", other: "xyl-street" },
  { username: "park.operator", own: "zpark-station", other: "zgc-street" },
  { username: "evaluator", own: "xyl-street", other: "scjg-hall" },
  // Department grants (a department's manager and back office) reach no site as such.
  { username: "scjg.director", own: "scjg-hall", other: "zgc-street" },
  { username: "scjg.review", own: "scjg-hall", other: "zgc-street" },
] as const;

/** Operations a walk must not call blindly: they end the caller's session or never end (streams; the district stream's access is in district-stream.test.ts). */
const NOT_WALKED = new Set(["logout", "streamSiteEvents", "streamWindowEvents", "streamTicketEvents", "streamDistrictEvents"]);

/** Bodies that pass validation, so a cross-site write reaches the service's access check. */
const BODIES: Record<string, (o: Objects) => unknown> = {
  pauseWindow: () => ({ reason: "走访测试" }),
  callTicket: (o) => ({ ticketId: o.ticketId, reason: "走访测试" }),
  parkTicket: () => ({ reason: "走访测试" }),
  transferTicket: (o) => ({ queueId: o.queueId }),
  updateStaff: () => ({ displayName: "走访测试" }),
  setStaffGrants: (o) => ({ siteId: o.siteId, roles: ["window_staff"] }),
  checkInAppointment: () => ({ code: "WALK0000" }),
  resetStaffPassword: () => ({ password: "Walk-test-2026!" }),
  cancelAppointmentBySite: () => ({ explanation: "走访测试：场所原因取消" }),
  moveAppointmentBySite: (o) => ({ explanation: "走访测试：场所原因改期", date: o.date, start: "10:00" }),
};

describe("role walk: every operation, every role and device kind", () => {
  let env: TestEnv;
  let ops: Op[];
  let doc: OpenApiDoc;
  const objects: Record<string, Objects> = {};
  const cookies: Record<string, string> = {};
  const principals: Record<string, Principal> = {};

  /** A body that passes the operation's schema (BODIES where its sample would not), so the call reaches the service. */
  const bodyOf = (op: Op, o: Objects) => BODIES[op.operationId]?.(o) ?? (op.body ? sampleObject(doc, resolve(doc, op.body), o) : {});
  const call = (op: Op, o: Objects, headers: Record<string, string>) =>
    env.app.inject({
      method: op.method as "GET",
      url: fillPath(op.path, o),
      headers,
      ...(op.method === "GET" || op.method === "DELETE" ? {} : { payload: bodyOf(op, o) as object }),
    });

  /** The principal the server itself builds for a session cookie: what the checks below reason about. */
  const sessionPrincipal = async (cookie: string): Promise<Principal> => {
    const token = cookie.split("=")[1] as string;
    // Loading a session's principal reads only the database and the clock.
    const ctx = {
      db: env.handle.db,
      dialect: env.handle.dialect,
      clock: env.clock,
      principal: null,
      requestId: "walk",
      bus: env.bus,
      caches: env.app.caches,
    } as unknown as Ctx;
    const p = await principalFromSession(ctx, token);
    if (!p) throw new Error("no principal for the session");
    return p;
  };

  beforeAll(async () => {
    env = await setup();
    doc = await openApiDoc(env);
    ops = operationsOf(doc);
    for (const u of USERS) {
      cookies[u.username] = await env.login(u.username);
      principals[u.username] = await sessionPrincipal(cookies[u.username] as string);
    }
    for (const code of ["zgc-street", "xyl-street", "scjg-hall", "zpark-station"])
      objects[code] = await objectsOf(env, cookies.admin as string, code);
  });
  afterAll(() => env.close());

  it("declares what every signed-in operation needs", async () => {
    const undeclared: string[] = [];
    for (const op of ops) {
      if (NOT_WALKED.has(op.operationId) && op.operationId !== "logout") continue;
      const anon = await call(op, objects["zgc-street"] as Objects, {});
      const refusedAnonymous = anon.statusCode === 401 && json(anon.body).code === "unauthenticated";
      if (refusedAnonymous && OPERATION_ACCESS[op.operationId] === undefined) undeclared.push(op.operationId);
    }
    expect(undeclared, "declare these in server/src/platform/auth/operations.ts").toEqual([]);
  });

  /** Operations that name a site-scoped record in their path: another site's copy must never answer. */
  const RECORD = /\{(siteId|windowId|ticketId|queueId|zoneId|deviceId|userId|serviceId|appointmentId|messageId)\}/;
  /**
   * What is wrong with one operation called by a user on its own site's objects, or null. The gate
   * refuses (403) whoever holds the permission nowhere (or not at the path's site); whoever holds it
   * somewhere else (a department grant, say) must still never be answered for this site's record;
   * whoever holds it at the site must not be refused.
   */
  function ownSiteProblem(p: Principal, op: Op, need: OperationAccess, status: number, body: string, own: Objects): string | null {
    if (status >= 500) return `${op.operationId}: ${status}`;
    if (need === "device") return status === 403 ? null : `${op.operationId}: a user got ${status}, not 403`;
    const atGate = holdsFor(p, need, op.path.includes("{siteId}") ? own.siteId : undefined);
    const held = holdsFor(p, need, RECORD.test(op.path) ? own.siteId : undefined);
    return holderProblem(op, need, { atGate, held }, status, body);
  }

  /** Refused at the gate exactly when the permission is held nowhere; a record answered only to who holds it at its site. */
  function holderProblem(op: Op, need: string, h: { atGate: boolean; held: boolean }, status: number, body: string): string | null {
    if (!h.atGate && status !== 403) return `${op.operationId}: lacks ${need} but got ${status}`;
    if (h.atGate && !h.held && status < 400) return `${op.operationId}: holds ${need} elsewhere only but got ${status}`;
    if (h.held && status === 403) return `${op.operationId}: holds ${need} but got 403 ${body.slice(0, 120)}`;
    return null;
  }

  const crossSiteOk = (_op: Op, status: number) => status === 403 || status === 404;

  const walked = (need: OperationAccess | undefined, op: Op): need is OperationAccess =>
    need !== undefined && need !== "signed_in" && !NOT_WALKED.has(op.operationId);

  /** Every walked operation on one site's objects, as one user; what `check` finds wrong is collected. */
  async function walk(
    headers: Record<string, string>,
    site: Objects,
    keep: (op: Op, need: OperationAccess) => boolean,
    check: (op: Op, need: OperationAccess, status: number, body: string) => string | null,
  ): Promise<string[]> {
    const wrong: string[] = [];
    for (const op of ops) {
      const need = OPERATION_ACCESS[op.operationId];
      if (!walked(need, op) || !keep(op, need)) continue;
      const res = await call(op, site, headers);
      const problem = check(op, need, res.statusCode, res.body);
      if (problem) wrong.push(problem);
    }
    return wrong;
  }

  for (const u of USERS) {
    it(`${u.username}: refused exactly what its roles lack at its own site, and another site's objects`, async () => {
      const p = principals[u.username] as Principal;
      const own = objects[u.own] as Objects;
      const headers = { cookie: cookies[u.username] as string };
      const wrong = await walk(
        headers,
        own,
        () => true,
        (op, need, status, body) => ownSiteProblem(p, op, need, status, body, own),
      );
      if (u.other) {
        wrong.push(
          ...(await walk(
            headers,
            objects[u.other] as Objects,
            (op, need) => need !== "device" && RECORD.test(op.path),
            (op, _need, status, body) =>
              crossSiteOk(op, status) ? null : `${op.operationId} on ${u.other}: ${status} ${body.slice(0, 120)}`,
          )),
        );
      }
      expect(wrong).toEqual([]);
    });
  }

  /** A device's answer on one operation: allowed ones are never refused as a device, others always are. */
  const deviceProblem = (kind: DeviceKind, op: Op, status: number, body: string): string | null => {
    const allowed = DEVICE_OPERATIONS[kind].includes(op.operationId);
    const code = status === 403 ? json(body).code : null;
    if (allowed && code === "device_not_allowed") return `${kind} ${op.operationId}: refused`;
    if (!allowed && code !== "device_not_allowed") return `${kind} ${op.operationId}: ${status}, not device_not_allowed`;
    return null;
  };

  /** One registered device of each kind at the site with this code: its bearer header. */
  async function devicesAt(site: Objects): Promise<Record<DeviceKind, Record<string, string>>> {
    const out = {} as Record<DeviceKind, Record<string, string>>;
    for (const kind of Object.keys(DEVICE_OPERATIONS) as DeviceKind[]) {
      const reg = await env.app.inject({
        method: "POST",
        url: `/api/sites/${site.siteId}/devices`,
        headers: { cookie: cookies.admin as string },
        payload: { kind, name: `走访${kind}`, windowId: WINDOW_BOUND.includes(kind) ? site.windowId : null },
      });
      expect(reg.statusCode, reg.body).toBe(201);
      out[kind] = { authorization: `Bearer ${json(reg.body).token}` };
    }
    return out;
  }

  it("every device kind reaches what its kind needs, is refused everything else, and never another site's objects", async () => {
    const site = objects["zgc-street"] as Objects;
    const other = objects["xyl-street"] as Objects;
    const devices = await devicesAt(site);
    const wrong: string[] = [];
    for (const [kind, headers] of Object.entries(devices) as [DeviceKind, Record<string, string>][]) {
      for (const op of ops) {
        if (NOT_WALKED.has(op.operationId) || OPERATION_ACCESS[op.operationId] === undefined) continue;
        wrong.push(...(await walkDeviceOp(kind, op, headers, site, other)));
      }
    }
    expect(wrong).toEqual([]);
  });

  /** One operation as one device: what its kind may do at its own site, and never another site's objects. */
  async function walkDeviceOp(kind: DeviceKind, op: Op, headers: Record<string, string>, site: Objects, other: Objects): Promise<string[]> {
    const wrong: string[] = [];
    const res = await call(op, site, headers);
    const problem = deviceProblem(kind, op, res.statusCode, res.body);
    if (problem) wrong.push(problem);
    if (!DEVICE_OPERATIONS[kind].includes(op.operationId) || !RECORD.test(op.path)) return wrong;
    const cross = await call(op, other, headers);
    if (!crossSiteOk(op, cross.statusCode))
      wrong.push(`${kind} ${op.operationId} on xyl-street: ${cross.statusCode} ${cross.body.slice(0, 120)}`);
    return wrong;
  }

  /** The status a stream answers with (real HTTP; an opened stream is closed at once). */
  async function streamStatus(base: string, path: string, headers: Record<string, string>): Promise<number> {
    const ctl = new AbortController();
    const res = await fetch(base + path, { headers, signal: ctl.signal });
    ctl.abort();
    return res.status;
  }

  it("site and window streams: opened for who may read them, never for another site (users and devices)", async () => {
    const base = await env.app.listen({ port: 0, host: "127.0.0.1" });
    const streams = ops.filter((op) => NOT_WALKED.has(op.operationId) && RECORD.test(op.path));
    expect(streams.map((s) => s.operationId).sort()).toEqual(["streamSiteEvents", "streamWindowEvents"]);
    const devices = await devicesAt(objects["zgc-street"] as Objects);
    const callers: { who: string; headers: Record<string, string>; own: string; other: string | null; opens: (op: Op) => boolean }[] = [
      ...USERS.map((u) => ({
        who: u.username,
        headers: { cookie: cookies[u.username] as string },
        own: u.own as string,
        other: u.other as string | null,
        opens: (op: Op) =>
          holdsFor(
            principals[u.username] as Principal,
            OPERATION_ACCESS[op.operationId] as OperationAccess,
            (objects[u.own] as Objects).siteId,
          ),
      })),
      ...(Object.entries(devices) as [DeviceKind, Record<string, string>][]).map(([kind, headers]) => ({
        who: kind,
        headers,
        own: "zgc-street",
        other: "xyl-street",
        opens: (op: Op) => DEVICE_OPERATIONS[kind].includes(op.operationId),
      })),
    ];
    const wrong: string[] = [];
    for (const c of callers) {
      for (const op of streams) {
        const own = await streamStatus(base, fillPath(op.path, objects[c.own] as Objects), c.headers);
        if ((own === 200) !== c.opens(op)) wrong.push(`${c.who} ${op.operationId} at ${c.own}: ${own}`);
        if (!c.other) continue;
        const cross = await streamStatus(base, fillPath(op.path, objects[c.other] as Objects), c.headers);
        if (!crossSiteOk(op, cross)) wrong.push(`${c.who} ${op.operationId} on ${c.other}: ${cross}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

const WINDOW_BOUND: DeviceKind[] = ["counter_terminal", "evaluator"];

/** Whether the principal holds what the operation declares: at the named site, district-wide, or anywhere. */
function holdsFor(p: Principal, need: OperationAccess, siteId: string | undefined): boolean {
  if (need.endsWith("@district")) return can(p, need.replace("@district", "") as Permission, null);
  if (siteId) return can(p, need as Permission, siteId);
  const f = recordFilterOf(p, need as Permission);
  return f.all || f.siteIds.length > 0 || f.departmentIds.length > 0;
}
