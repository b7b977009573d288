import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv, testIdNumber } from "./helpers.js";
import { queues, windowIds } from "./queue-helpers.js";

/** Issue 10, items 16–19: bad input is a 4xx problem+json with a code, never a 500 or a stored value. */
describe("bad input is refused in one place", () => {
  let env: TestEnv;
  let admin: string;
  let manager: string;
  let site: string;
  beforeAll(async () => {
    env = await setup();
    admin = await env.login("admin");
    manager = await env.login("zgc.manager");
    site = await env.siteId("zgc-street");
  });
  afterAll(() => env.close());

  const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(String(res.headers["content-type"])).toMatch(/^application\/problem\+json/);
    const p = json(res.body);
    expect(p.code).toBe(code);
    expect(p.requestId).toEqual(expect.any(String));
    return p;
  };

  it("16: NUL, other controls, lone surrogates and bidi overrides are refused in query, body and login", async () => {
    expectProblem(await env.app.inject({ url: "/api/public/items?q=%00" }), 400, "unsafe_characters");
    expectProblem(
      await env.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "admin\u0000", password: "x" } }),
      400,
      "unsafe_characters",
    );
    const [w] = Object.values(await windowIds(env, manager, site));
    for (const name of ["窗口\u202E1", "窗口\uD800", "窗口\u0007", "a\uDC00b"]) {
      const res = await env.app.inject({
        method: "PATCH",
        url: `/api/sites/${site}/windows/${w}`,
        headers: { cookie: manager },
        payload: { name },
      });
      const p = expectProblem(res, 400, "unsafe_characters");
      expect(p.errors[0].path).toBe("/body/name");
    }
    // Paired surrogates (emoji), tabs and line breaks are ordinary text.
    const ok = await env.app.inject({
      method: "PATCH",
      url: `/api/sites/${site}/windows/${w}`,
      headers: { cookie: manager },
      payload: { name: "综合窗口 😀" },
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it("17: an empty PATCH, or one with only unknown keys, is a 400 on windows and queues", async () => {
    const [w] = Object.values(await windowIds(env, manager, site));
    const q = Object.values(await queues(env, manager, site))[0];
    for (const url of [`/api/sites/${site}/windows/${w}`, `/api/sites/${site}/queues/${q}`]) {
      for (const payload of [{}, { nonsense: 1 }]) {
        expectProblem(await env.app.inject({ method: "PATCH", url, headers: { cookie: manager }, payload }), 400, "validation_failed");
      }
    }
  });

  it("18: dates that do not exist, wrong ID check digits and birth dates, and bad phones are refused", async () => {
    for (const date of ["2026-02-30", "0000-00-00", "2026-13-01"]) {
      expectProblem(
        await env.app.inject({
          method: "PUT",
          url: `/api/sites/${site}/hour-exceptions`,
          headers: { cookie: manager },
          payload: { date, closed: true },
        }),
        400,
        "validation_failed",
      );
    }
    const good = testIdNumber(42);
    const wrongCheck = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    const wrongBirth = `${good.slice(0, 10)}1399${good.slice(14, 17)}`;
    const q = Object.values(await queues(env, manager, site))[0];
    const guide = await env.login("zgc.guide");
    for (const applicantIdNumber of [wrongCheck, wrongBirth]) {
      expectProblem(
        await env.app.inject({
          method: "POST",
          url: `/api/sites/${site}/tickets`,
          headers: { cookie: guide },
          payload: { queueId: q, applicantIdNumber },
        }),
        400,
        "validation_failed",
      );
    }
    expectProblem(
      await env.app.inject({ method: "POST", url: "/api/public/appointments/verification-codes", payload: { phone: "10000000000" } }),
      400,
      "validation_failed",
    );
    expectProblem(
      await env.app.inject({ method: "PATCH", url: `/api/sites/${site}`, headers: { cookie: admin }, payload: { phone: "call me maybe" } }),
      400,
      "validation_failed",
    );
    const landline = await env.app.inject({
      method: "PATCH",
      url: `/api/sites/${site}`,
      headers: { cookie: admin },
      payload: { phone: "(010)8234-5678 转 12" },
    });
    expect(landline.statusCode, landline.body).toBe(200);
  });

  it("19: a path parameter over 100 characters (414) and a bad percent-encoding (400) answer problem+json with a request id", async () => {
    const long = await env.app.inject({ url: `/api/public/tickets/${"a".repeat(120)}` });
    expectProblem(long, 414, "uri_too_long");
    expect(long.headers["x-request-id"]).toEqual(json(long.body).requestId);
    expectProblem(await env.app.inject({ url: "/api/public/tickets/%E0%A4%A" }), 400, "bad_url");
  });
});
