import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hold, publicServices } from "./appointments-helpers.js";
import { json, setup, type TestEnv } from "./helpers.js";

describe("public booking limits per client address", () => {
  let env: TestEnv;
  beforeEach(async () => {
    env = await setup({ env: { NOTIFY_DISPATCH_MS: "0", APPOINTMENT_SWEEP_MS: "0", PUBLIC_BOOKING_LIMIT: "3" } });
  });
  afterEach(async () => env.close());

  it("refuses a client's fourth hold or code within ten minutes, then lets it go on", async () => {
    const serviceId = (await publicServices(env))[0]?.id as string;
    for (const start of ["09:00", "09:30"]) expect((await hold(env, serviceId, "2026-11-30", start)).statusCode).toBe(201);
    const code = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/verification-codes",
      payload: { phone: "13911112222" },
    });
    expect(code.statusCode).toBe(200);
    const fourth = await hold(env, serviceId, "2026-11-30", "10:00");
    expect(fourth.statusCode).toBe(429);
    expect(json(fourth.body).code).toBe("too_many_requests");
    // Looking up, searching and cancelling are not limited.
    const search = await env.app.inject({
      url: `/api/public/sites/zgc-street/appointment-services/${serviceId}/slots?days=1&from=2026-11-30`,
    });
    expect(search.statusCode).toBe(200);
    env.clock.advance(10 * 60_000);
    expect((await hold(env, serviceId, "2026-11-30", "10:00")).statusCode).toBe(201);
  });
});
