import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";

/** Issue 10, item 3: sign-in limits slow the one guessing, not the account's owner; password-change guesses are limited. */
describe("sign-in limits", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup();
  });
  afterAll(() => env.close());

  const login = (username: string, password: string, remoteAddress: string, cookie?: string) =>
    env.app.inject({
      method: "POST",
      url: "/api/auth/login",
      remoteAddress,
      headers: cookie ? { cookie } : {},
      payload: { username, password },
    });
  const deviceCookie = (res: { cookies: { name: string; value: string }[] }) =>
    `govhall_device=${res.cookies.find((c) => c.name === "govhall_device")?.value}`;

  it("five wrong passwords from one address hold that address back with a growing wait; the owner elsewhere signs in", async () => {
    for (let i = 0; i < 5; i++) expect((await login("admin", "wrong-pass1", "203.0.113.10")).statusCode).toBe(401);
    const held = await login("admin", "govhall2026", "203.0.113.10");
    expect(held.statusCode).toBe(429);
    expect(json(held.body).code).toBe("too_many_requests");
    const firstWait = Number(held.headers["retry-after"]);
    const again = await login("admin", "govhall2026", "203.0.113.10");
    expect(Number(again.headers["retry-after"])).toBeGreaterThan(firstWait);
    // The owner, at another address, is not locked out.
    expect((await login("admin", "govhall2026", "198.51.100.20")).statusCode).toBe(200);
    // The wait decays: after it, the attacker's address may try again.
    env.clock.advance(Number(again.headers["retry-after"]) * 1000 + 1000);
    expect((await login("admin", "govhall2026", "203.0.113.10")).statusCode).toBe(200);
  });

  it("one address guessing many accounts is stopped after 30 failures", async () => {
    const users = ["zgc.window1", "zgc.window2", "zgc.guide", "xyl.manager", "ky.manager", "park.operator"];
    for (let i = 0; i < 30; i++)
      expect((await login(users[i % users.length] as string, "wrong-pass1", "203.0.113.30")).statusCode).toBe(401);
    expect((await login("scjg.window1", "govhall2026", "203.0.113.30")).statusCode).toBe(429);
    expect((await login("scjg.window1", "govhall2026", "203.0.113.31")).statusCode).toBe(200);
  });

  it("many addresses guessing one account: then only a browser that signed in before passes", async () => {
    const owner = await login("zgc.manager", "govhall2026", "192.0.2.1");
    expect(owner.statusCode).toBe(200);
    const known = deviceCookie(owner);
    for (let i = 0; i < 20; i++) expect((await login("zgc.manager", "wrong-pass1", `203.0.113.${100 + i}`)).statusCode).toBe(401);
    expect((await login("zgc.manager", "govhall2026", "198.51.100.77")).statusCode).toBe(429);
    // The owner's own browser (device cookie from the earlier sign-in) still gets in, even from a new address.
    expect((await login("zgc.manager", "govhall2026", "198.51.100.78", known)).statusCode).toBe(200);
    // A made-up device cookie is no pass.
    expect((await login("zgc.manager", "govhall2026", "198.51.100.79", "govhall_device=made-up-token-000000000000")).statusCode).toBe(429);
  });

  it("wrong current passwords at the password change are limited per user", async () => {
    const cookie = await env.login("zgc.backoffice");
    const change = (currentPassword: string) =>
      env.app.inject({
        method: "POST",
        url: "/api/auth/password",
        headers: { cookie },
        payload: { currentPassword, newPassword: "Another-pass-2026" },
      });
    for (let i = 0; i < 5; i++) expect((await change(`guess-${i}-pass`)).statusCode).toBe(400);
    const held = await change("govhall2026");
    expect(held.statusCode).toBe(429);
    expect(json(held.body).code).toBe("too_many_requests");
  });
});
