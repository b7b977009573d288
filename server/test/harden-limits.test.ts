import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { json, setup, type TestEnv } from "./helpers.js";

/** Issue 10, item 2: X-Forwarded-For is believed only from configured proxies; limits are shared by instances. */
describe("TRUST_PROXY", () => {
  it("takes false, a hop count or proxy addresses, and refuses true", () => {
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.5, 10.1.0.0/16,::1" }).trustProxy).toEqual(["10.0.0.5", "10.1.0.0/16", "::1"]);
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.0/99" })).toThrow(/TRUST_PROXY/);
  });
});

const codeFrom = (env: TestEnv, n: number, xff: string) =>
  env.app.inject({
    method: "POST",
    url: "/api/public/appointments/verification-codes",
    headers: { "x-forwarded-for": xff },
    payload: { phone: `1390000${String(n).padStart(4, "0")}` },
  });

describe("behind one proxy, made-up X-Forwarded-For entries do not give fresh limits", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup({ env: { TRUST_PROXY: "1", PUBLIC_BOOKING_LIMIT: "3" } });
  });
  afterAll(() => env.close());

  it("counts the address the proxy saw, not what the client wrote", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await codeFrom(env, i, `10.9.${i}.1, 203.0.113.7`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // Another real client (as seen by the proxy) has its own budget.
    expect((await codeFrom(env, 9, "198.51.100.2")).statusCode).toBe(200);
  });
});

describe("limits shared by instances through Redis", () => {
  let env: TestEnv;
  let second: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    env = await setup({ env: { PUBLIC_BOOKING_LIMIT: "3", REDIS_URL: "redis://127.0.0.1:6379" } });
    second = await buildApp({ config: env.config, db: env.handle, clock: env.clock, bus: env.bus });
    await second.ready();
  });
  afterAll(async () => {
    await second?.close();
    await env.close();
  });

  it("a client's fourth code is refused whichever instance it reaches", async () => {
    const a1 = await codeFrom(env, 21, "x");
    const b1 = await second.inject({
      method: "POST",
      url: "/api/public/appointments/verification-codes",
      payload: { phone: "13900000022" },
    });
    const a2 = await codeFrom(env, 23, "x");
    const b2 = await second.inject({
      method: "POST",
      url: "/api/public/appointments/verification-codes",
      payload: { phone: "13900000024" },
    });
    expect([a1.statusCode, b1.statusCode, a2.statusCode]).toEqual([200, 200, 200]);
    expect(b2.statusCode, b2.body).toBe(429);
    expect(json(b2.body).code).toBe("too_many_requests");
    expect(Number(b2.headers["retry-after"])).toBeGreaterThan(0);
  });
});
