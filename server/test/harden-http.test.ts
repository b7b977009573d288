import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";

/** Issue 10, items 8 and 9: cross-site requests and security headers, through HTTP. */
describe("cross-site requests and security headers", () => {
  let env: TestEnv;
  let manager: string;
  let site: string;
  let deviceId: string;
  let deviceToken: string;
  beforeAll(async () => {
    env = await setup();
    manager = await env.login("zgc.manager");
    site = await env.siteId("zgc-street");
    const res = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/devices`,
      headers: { cookie: manager },
      payload: { kind: "kiosk", name: "取号机 1" },
    });
    expect(res.statusCode, res.body).toBe(201);
    ({ id: deviceId, token: deviceToken } = json(res.body));
  });
  afterAll(() => env.close());

  const revoke = (headers: Record<string, string>) =>
    env.app.inject({ method: "POST", url: `/api/sites/${site}/devices/${deviceId}/revoke`, headers: { cookie: manager, ...headers } });

  it("8: a write from another origin (Origin or Sec-Fetch-Site) is refused before anything changes", async () => {
    const crossSite: Record<string, string>[] = [
      { origin: "http://localhost:9999" },
      { origin: "null" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of crossSite) {
      const res = await revoke(headers);
      expect(res.statusCode, res.body).toBe(403);
      expect(json(res.body).code).toBe("cross_site_request");
    }
    // The device is still live: its token still works.
    const still = await env.app.inject({ url: "/api/device/self", headers: { authorization: `Bearer ${deviceToken}` } });
    expect(still.statusCode, still.body).toBe(200);
    // Sign-out and sign-in are state changes too.
    const logout = await env.app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie: manager, origin: "http://evil.test" },
    });
    expect(logout.statusCode).toBe(403);
    const login = await env.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { origin: "http://evil.test" },
      payload: { username: "zgc.manager", password: "govhall2026" },
    });
    expect(login.statusCode).toBe(403);
  });

  it("8: the same origin, a browser's own navigation and non-browser clients pass; reads are not checked", async () => {
    const read = await env.app.inject({ url: `/api/sites/${site}/devices`, headers: { cookie: manager, "sec-fetch-site": "cross-site" } });
    expect(read.statusCode).toBe(200);
    const same = await revoke({ origin: "http://localhost:80", host: "localhost:80", "sec-fetch-site": "same-origin" });
    expect(same.statusCode, same.body).toBe(200);
  });

  it("8: a text/plain or form body is refused where JSON is expected, also on body-less writes", async () => {
    const [w] = json((await env.app.inject({ url: `/api/sites/${site}/windows`, headers: { cookie: manager } })).body) as { id: string }[];
    for (const [type, payload] of [
      ["text/plain", '{"name":"x"}'],
      ["application/x-www-form-urlencoded", "name=x"],
      ["multipart/form-data; boundary=x", "--x--"],
    ]) {
      const res = await env.app.inject({
        method: "PATCH",
        url: `/api/sites/${site}/windows/${w?.id}`,
        headers: { cookie: manager, "content-type": type as string },
        payload: payload as string,
      });
      expect(res.statusCode, res.body).toBe(415);
      expect(json(res.body).code).toBe("unsupported_media_type");
    }
    const bodyless = await env.app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie: manager, "content-type": "text/plain" },
      payload: "",
    });
    expect(bodyless.statusCode).toBe(415);
  });

  it("9: security headers: CSP with frame-ancestors 'none' on the apps, nosniff, Referrer-Policy; the embed stays framable", async () => {
    for (const url of ["/manage/", "/counter/", "/district/", "/kiosk/", "/display/", "/api/health"]) {
      const res = await env.app.inject({ url });
      const csp = String(res.headers["content-security-policy"]);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(res.headers["strict-transport-security"]).toBeUndefined();
    }
    const embed = await env.app.inject({ url: "/portal/embed?audience=enterprise" });
    expect(String(embed.headers["content-security-policy"])).toContain("frame-ancestors *");
    expect(embed.headers["x-frame-options"]).toBeUndefined();
  });
});

describe("HSTS behind a TLS proxy", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup({ env: { TRUST_PROXY: "1" } });
  });
  afterAll(() => env.close());

  it("9: HSTS is sent on requests that arrived over TLS", async () => {
    const res = await env.app.inject({ url: "/api/health", headers: { "x-forwarded-proto": "https" } });
    expect(res.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    const plain = await env.app.inject({ url: "/api/health" });
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
  });
});
