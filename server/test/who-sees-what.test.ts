import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";
import { callNext, issue, openWindow, queues, windowIds } from "./queue-helpers.js";

/**
 * Issue 10, items 10, 11, 12, 14, 15: who sees an applicant's personal data, what a device may
 * call, who may jump the queue, and writes to sites that do not exist.
 */
const PERSON = { applicantName: "张三丰", applicantPhone: "13812341234", applicantIdNumber: "11010519491231002X" };
const MASKED = { applicantName: "张**", applicantPhone: "138****1234", applicantIdNumber: "110105********002X" };

describe("who sees what", () => {
  let env: TestEnv;
  let site: string;
  let manager: string;
  let q: Record<string, string>;
  const tokens: Record<string, string> = {};

  async function device(kind: string, name: string, windowId?: string): Promise<{ authorization: string }> {
    const res = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/devices`,
      headers: { cookie: manager },
      payload: { kind, name, ...(windowId ? { windowId } : {}) },
    });
    expect(res.statusCode, res.body).toBe(201);
    return { authorization: `Bearer ${json(res.body).token}` };
  }

  beforeAll(async () => {
    env = await setup();
    site = await env.siteId("zgc-street");
    manager = await env.login("zgc.manager");
    q = await queues(env, manager, site);
    for (const u of ["zgc.window1", "zgc.window2", "zgc.guide", "zgc.backoffice", "supervisor", "evaluator", "admin"]) {
      tokens[u] = await env.login(u);
    }
  });
  afterAll(() => env.close());

  const getTicket = async (headers: Record<string, string>, id: string) => env.app.inject({ url: `/api/tickets/${id}`, headers });
  const reads = async (ticketId: string) =>
    env.handle.db.selectFrom("personal_data_reads").selectAll().where("entity_id", "=", ticketId).execute();

  it("only the member of staff serving the applicant sees them in full, and each full view is recorded once a day", async () => {
    const kiosk = await device("kiosk", "一楼取号机");
    const issued = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/tickets`,
      headers: kiosk,
      payload: { queueId: q.A, ...PERSON },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    // The kiosk gets the applicant back masked: it is not serving them.
    expect(json(issued.body)).toMatchObject({ ...MASKED, personalDataMasked: true });
    const id = json(issued.body).id as string;

    // Waiting: everyone sees it masked, the window staff included.
    for (const u of ["zgc.window1", "zgc.guide", "zgc.backoffice", "supervisor", "evaluator", "admin"]) {
      const res = await getTicket({ cookie: tokens[u] as string }, id);
      expect(res.statusCode, `${u}: ${res.body}`).toBe(200);
      expect(json(res.body), u).toMatchObject(MASKED);
    }
    expect(json((await getTicket({ cookie: manager }, id)).body)).toMatchObject(MASKED);
    expect(await reads(id)).toHaveLength(0);

    // Called to window 1: its staff member sees the applicant in full (the call's own answer too).
    const w = await windowIds(env, manager, site);
    await openWindow(env, tokens["zgc.window1"] as string, w[1] as string);
    const called = await callNext(env, tokens["zgc.window1"] as string, w[1] as string);
    expect(called.statusCode, called.body).toBe(200);
    expect(json(called.body)).toMatchObject({ id, ...PERSON, personalDataMasked: false });
    const full = await getTicket({ cookie: tokens["zgc.window1"] as string }, id);
    expect(json(full.body)).toMatchObject(PERSON);
    const console = json(
      (await env.app.inject({ url: `/api/windows/${w[1]}/console`, headers: { cookie: tokens["zgc.window1"] as string } })).body,
    );
    expect(console.current[0]).toMatchObject(PERSON);

    // Everyone else still sees it masked while it is being served: the manager, the supervisor, the other window.
    for (const u of ["zgc.window2", "supervisor", "evaluator", "zgc.backoffice"]) {
      expect(json((await getTicket({ cookie: tokens[u] as string }, id)).body), u).toMatchObject(MASKED);
    }
    expect(json((await getTicket({ cookie: manager }, id)).body)).toMatchObject(MASKED);

    // One record for the serving staff member's full views today, however often they looked.
    const log = await reads(id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ entity_type: "ticket", purpose: "serving", actor_kind: "user", site_id: site });

    // Once finished, the data goes back to masked for the staff member too.
    for (const a of ["start", "finish"]) {
      const r = await env.app.inject({
        method: "POST",
        url: `/api/windows/${w[1]}/tickets/${id}/${a}`,
        headers: { cookie: tokens["zgc.window1"] as string },
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    expect(json((await getTicket({ cookie: tokens["zgc.window1"] as string }, id)).body)).toMatchObject(MASKED);
  });

  it("the window console's waiting list is masked", async () => {
    const w = await windowIds(env, manager, site);
    await issue(env, tokens["zgc.guide"] as string, site, q.A as string, PERSON);
    const console = json(
      (await env.app.inject({ url: `/api/windows/${w[1]}/console`, headers: { cookie: tokens["zgc.window1"] as string } })).body,
    );
    expect(console.waiting.length).toBeGreaterThan(0);
    for (const t of console.waiting) expect(t).toMatchObject(MASKED);
  });

  it("a display reads nothing that carries a ticket's code, and only the issuing kiosk prints", async () => {
    const kiosk = await device("kiosk", "二楼取号机");
    const otherKiosk = await device("kiosk", "三楼取号机");
    const display = await device("display", "大厅叫号屏");
    const issued = json(
      (await env.app.inject({ method: "POST", url: `/api/sites/${site}/tickets`, headers: kiosk, payload: { queueId: q.A } })).body,
    );
    const print = (headers: Record<string, string>) => env.app.inject({ url: `/api/tickets/${issued.id}/print`, headers });
    const own = await print(kiosk);
    expect(own.statusCode, own.body).toBe(200);
    expect(json(own.body).code).toBe(issued.code);
    for (const [who, h] of [
      ["display", display],
      ["another kiosk", otherKiosk],
    ] as const) {
      const res = await print(h);
      expect(res.statusCode, who).toBe(403);
      expect(res.body).not.toContain(issued.code);
    }
    expect((await getTicket(display, issued.id)).statusCode).toBe(403);
    // Staff who issue tickets may reprint.
    expect((await print({ cookie: tokens["zgc.guide"] as string })).statusCode).toBe(200);
    // The public cancel needs the code, which the display never saw: a display cannot cancel it by id either.
    const cancel = await env.app.inject({ method: "POST", url: `/api/tickets/${issued.id}/cancel`, headers: display });
    expect(cancel.statusCode).toBe(403);
  });

  it("devices get only what their kind needs", async () => {
    const w = await windowIds(env, manager, site);
    const kiosk = await device("kiosk", "四楼取号机");
    const display = await device("display", "二楼叫号屏");
    const counter = await device("counter_terminal", "1号窗口终端", w[1]);
    const date = "2026-11-27";
    const staffOnly = [
      "/api/appointment-overrides",
      `/api/sites/${site}/queue-stats?date=${date}`,
      `/api/sites/${site}/queue-stats.xlsx?date=${date}`,
      `/api/sites/${site}/queue-snapshot`,
      `/api/sites/${site}/appointments?from=${date}&to=${date}`,
      `/api/sites/${site}/appointment-restrictions`,
      `/api/sites/${site}/queues`,
      `/api/audit?siteId=${site}`,
    ];
    for (const [kind, h] of [
      ["kiosk", kiosk],
      ["display", display],
      ["counter terminal", counter],
    ] as const) {
      for (const url of staffOnly) {
        const res = await env.app.inject({ url, headers: h });
        expect(res.statusCode, `${kind} ${url}: ${res.body}`).toBe(403);
        expect(res.headers["content-type"]).toContain("application/problem+json");
      }
    }
    // What each kind does need still works.
    expect((await env.app.inject({ url: "/api/device/self", headers: display })).statusCode).toBe(200);
    expect((await env.app.inject({ url: `/api/windows/${w[1]}/console`, headers: counter })).statusCode).toBe(200);
    expect(
      (await env.app.inject({ method: "POST", url: `/api/sites/${site}/tickets`, headers: kiosk, payload: { queueId: q.A } })).statusCode,
    ).toBe(201);
    // A display cannot issue, and a kiosk cannot call.
    expect(
      (await env.app.inject({ method: "POST", url: `/api/sites/${site}/tickets`, headers: display, payload: { queueId: q.A } })).statusCode,
    ).toBe(403);
    expect((await env.app.inject({ method: "POST", url: `/api/windows/${w[1]}/call-next`, headers: kiosk })).statusCode).toBe(403);
  });

  it("nobody jumps the queue without a reason: the green channel is staff-only with a reason, appointment tickets come only from a check-in", async () => {
    const kiosk = await device("kiosk", "五楼取号机");
    const issueAs = (headers: Record<string, string>, payload: Record<string, unknown>) =>
      env.app.inject({ method: "POST", url: `/api/sites/${site}/tickets`, headers, payload: { queueId: q.B, ...payload } });

    const green = await issueAs(kiosk, { priorityClass: "green" });
    expect(green.statusCode).toBe(403);
    expect(json(green.body).code).toBe("green_channel_staff_only");

    const noReason = await issueAs({ cookie: tokens["zgc.guide"] as string }, { priorityClass: "green" });
    expect(noReason.statusCode).toBe(400);
    expect(json(noReason.body).code).toBe("green_channel_reason_required");

    // An appointment slot in the body is not honoured: the kiosk's ticket is an ordinary one.
    const fake = await issueAs(kiosk, { appointmentAt: "2026-11-27T02:00:00.000Z" });
    expect(fake.statusCode, fake.body).toBe(201);
    expect(json(fake.body)).toMatchObject({ channel: "kiosk", appointmentAt: null, priorityClass: "normal" });

    const given = await issueAs({ cookie: tokens["zgc.guide"] as string }, { priorityClass: "green", priorityReason: "急症就医证明" });
    expect(given.statusCode, given.body).toBe(201);
    const record = await env.handle.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "ticket.priority_declared")
      .where("entity_id", "=", json(given.body).id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(record.after ?? "{}")).toMatchObject({ priorityClass: "green", reason: "急症就医证明" });
  });

  it("writes to a site that does not exist are refused before anything is written; ids are compared in one form", async () => {
    const admin = tokens.admin as string;
    const ghost = "0190f000-0000-7000-8000-000000000000";
    const chains = async () => (await env.handle.db.selectFrom("audit_heads").select("chain").execute()).map((r) => r.chain);
    const before = await chains();
    const lift = await env.app.inject({
      method: "POST",
      url: `/api/sites/${ghost}/appointment-restrictions/lift`,
      headers: { cookie: admin },
      payload: { idNumber: PERSON.applicantIdNumber, reason: "测试解除限制" },
    });
    expect(lift.statusCode, lift.body).toBe(404);
    expect(json(lift.body).code).toBe("site_not_found");
    const close = await env.app.inject({ method: "POST", url: `/api/sites/${ghost}/queue/close-day`, headers: { cookie: admin } });
    expect(close.statusCode).toBe(404);
    // A site-scoped caller learns nothing about the unknown site.
    const asManager = await env.app.inject({ method: "POST", url: `/api/sites/${ghost}/queue/close-day`, headers: { cookie: manager } });
    expect(asManager.statusCode).toBe(403);
    expect(await chains()).toEqual(before);

    // The upper-case copy of a real site id is the same site: no second audit chain.
    const upper = site.toUpperCase();
    const write = await env.app.inject({
      method: "POST",
      url: `/api/sites/${upper}/windows`,
      headers: { cookie: admin },
      payload: { number: 77, name: "测试窗口77" },
    });
    expect(write.statusCode, write.body).toBe(201);
    const after = await chains();
    expect(after.filter((c) => c.toLowerCase().includes(site))).toEqual(after.filter((c) => c.includes(site)));
    expect(after.some((c) => c.includes(upper))).toBe(false);
    expect(json(write.body).siteId ?? site).toBe(site);
  });
});
