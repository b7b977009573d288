import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv, testIdNumber } from "./helpers.js";
import { issue, onlineTicket, queues, smsCode } from "./queue-helpers.js";

/** Issue 10, item 1: online tickets need a verified mobile, are limited per mobile, ID and address, and take only their share of the cap. */
describe("online tickets", () => {
  let env: TestEnv;
  let guide: string;
  let site: string;
  let q: Record<string, string>;
  beforeAll(async () => {
    env = await setup({ env: { ONLINE_TICKET_SHARE: "30" } });
    const manager = await env.login("zgc.manager");
    guide = await env.login("zgc.guide");
    site = await env.siteId("zgc-street");
    q = await queues(env, manager, site);
    const cap = await env.app.inject({
      method: "PATCH",
      url: `/api/sites/${site}/queues/${q.B}`,
      headers: { cookie: manager },
      payload: { dailyCap: 10 },
    });
    expect(cap.statusCode, cap.body).toBe(200);
  });
  afterAll(() => env.close());

  it("refuses a ticket without the mobile's code, or with a wrong one", async () => {
    const none = await env.app.inject({
      method: "POST",
      url: "/api/public/sites/zgc-street/tickets",
      payload: { queueId: q.A, applicantName: "赵六", applicantPhone: "13600000001", applicantIdNumber: testIdNumber(1) },
    });
    expect(none.statusCode).toBe(400);
    await smsCode(env, "13600000002");
    const wrong = await onlineTicket(env, "zgc-street", { queueId: q.A, applicantPhone: "13600000002" }, "000000");
    expect(json(wrong.body).code).toBe("verification_failed");
  });

  it("made-up mobiles from many addresses take only the online share; the hall keeps the rest", async () => {
    const results: number[] = [];
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const phone = `1360000${String(100 + i).padStart(4, "0")}`;
      const res = await env.app.inject({
        method: "POST",
        url: `/api/public/sites/zgc-street/tickets`,
        remoteAddress: `203.0.113.${i + 1}`,
        payload: {
          queueId: q.B,
          applicantName: "号贩子",
          applicantPhone: phone,
          applicantIdNumber: testIdNumber(100 + i),
          verificationCode: await smsCode(env, phone),
        },
      });
      results.push(res.statusCode);
      codes.push(json(res.body).code);
    }
    expect(results).toEqual([201, 201, 201, 409, 409, 409]); // 30 % of 10
    expect(codes[3]).toBe("online_share_reached");
    // The hall's own issuing still gets the other seven places.
    for (let i = 0; i < 7; i++) await issue(env, guide, site, q.B as string);
    expect(
      (await env.app.inject({ method: "POST", url: `/api/sites/${site}/tickets`, headers: { cookie: guide }, payload: { queueId: q.B } }))
        .statusCode,
    ).toBe(409);
  });

  it("one ID number gets one online ticket a queue a day, whatever the mobile", async () => {
    const id = testIdNumber(500);
    expect((await onlineTicket(env, "zgc-street", { queueId: q.C, applicantPhone: "13600000501", applicantIdNumber: id })).statusCode).toBe(
      201,
    );
    const second = await onlineTicket(env, "zgc-street", { queueId: q.C, applicantPhone: "13600000502", applicantIdNumber: id });
    expect(json(second.body).code).toBe("person_limit_reached");
  });

  it("one address takes at most ten online tickets an hour", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const phone = `1360000${String(600 + i).padStart(4, "0")}`;
      const code = await smsCode(env, phone);
      const res = await env.app.inject({
        method: "POST",
        url: "/api/public/sites/zgc-street/tickets",
        remoteAddress: "198.51.100.99",
        payload: {
          queueId: q.C,
          applicantName: "同一地址",
          applicantPhone: phone,
          applicantIdNumber: testIdNumber(600 + i),
          verificationCode: code,
        },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
