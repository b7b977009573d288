import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, DEMO_PASSWORD, openBrowser, type Server, SHOTS, signIn, startServer } from "./harness";

/**
 * Issue 10, items 8 and 9 in Chromium: a page on another port of the same host (same site, so the
 * SameSite=Strict cookie goes along) tries to change things while a manager is signed in; every
 * web app runs under the Content-Security-Policy; only /portal/embed can be framed elsewhere.
 */
let server: Server;
let browser: Browser & { errors: string[] };
let other: HttpServer;
let otherUrl: string;
let attackPage = "";

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser();
  other = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(attackPage));
  await new Promise<void>((ok) => other.listen(0, "127.0.0.1", ok));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((ok) => other?.close(ok));
});

async function api(path: string, cookie: string, init: RequestInit = {}) {
  return fetch(`${server.url}${path}`, { ...init, headers: { cookie, "content-type": "application/json", ...init.headers } });
}

function cspWatch(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m: ConsoleMessage) => {
    if (/Content[- ]Security[- ]Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

describe("cross-site requests in the browser", () => {
  it("8: an auto-submitted text/plain form and a no-cors fetch from another origin change nothing", async () => {
    const { page, context } = browser;
    await signIn(page, server.url, "zgc.manager");
    await page.getByRole("menuitem", { name: "设备" }).waitFor();
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "zgc.manager", password: DEMO_PASSWORD }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const sites = (await (await api("/api/sites", cookie)).json()) as { id: string; code: string }[];
    const site = sites.find((s) => s.code === "zgc-street")?.id;
    const made = await api(`/api/sites/${site}/devices`, cookie, {
      method: "POST",
      body: JSON.stringify({ kind: "display", name: "叫号屏 CSRF" }),
    });
    const device = (await made.json()) as { id: string };

    attackPage = `<!doctype html><html><body>
      <form id="f" method="POST" enctype="text/plain" action="${server.url}/api/sites/${site}/devices/${device.id}/revoke">
        <input name='{"a":"' value='b"}'></form>
      <script>
        fetch("${server.url}/api/auth/logout", { method: "POST", mode: "no-cors", credentials: "include" })
          .finally(() => document.getElementById("f").submit());
      </script></body></html>`;
    const evil = await context.newPage();
    const answered = evil.waitForResponse((r) => r.url().includes("/revoke"));
    await evil.goto(`${otherUrl}/`);
    const res = await answered;
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain("cross_site_request");
    await evil.close();

    // The device is still live and the manager is still signed in, in the same browser.
    const devices = (await (await api(`/api/sites/${site}/devices`, cookie)).json()) as { id: string; revokedAt: string | null }[];
    expect(devices.find((d) => d.id === device.id)?.revokedAt).toBeNull();
    const me = await page.evaluate(async () => (await fetch("/api/auth/me")).status);
    expect(me).toBe(200);
  });
});

describe("the web apps under the Content-Security-Policy", () => {
  it("9: every app loads and works without a CSP violation", async () => {
    const { context } = browser;
    const page = await context.newPage();
    const violations = cspWatch(page);
    await page.goto(`${server.url}/manage/`);
    await page.getByRole("menuitem", { name: "设备" }).waitFor();
    await page.getByRole("menuitem", { name: "设备" }).click();
    await page.getByRole("button", { name: "登记设备" }).waitFor();
    for (const [path, text] of [
      ["/district/", /全区|概览/],
      ["/counter/", /窗口|工作台/],
      ["/kiosk/", /设备令牌|配对/],
      ["/display/", /设备令牌|配对/],
      ["/portal/", /我要办事|办事/],
      ["/portal/booking", /预约/],
      ["/api/docs", /govhall API/],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.getByText(text).first().waitFor({ timeout: 20_000 });
    }
    await page.screenshot({ path: join(SHOTS, "security-docs.png") });
    expect(violations).toEqual([]);
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it("9: a park website can frame /portal/embed, but not /manage/", async () => {
    const { context } = browser;
    attackPage = `<!doctype html><html><body>
      <iframe id="embed" src="${server.url}/portal/embed?audience=enterprise" style="width:800px;height:500px"></iframe>
      <iframe id="manage" src="${server.url}/manage/" style="width:800px;height:300px"></iframe></body></html>`;
    const page = await context.newPage();
    const violations = cspWatch(page);
    await page.goto(`${otherUrl}/`);
    const embed = page.frames().find((f) => f.url().includes("/portal/embed"));
    await embed
      ?.getByText(/办事指南|事项|营业执照/)
      .first()
      .waitFor({ timeout: 20_000 });
    expect(embed).toBeDefined();
    await expect.poll(() => violations.some((v) => /frame-ancestors/.test(v)), { timeout: 10_000 }).toBe(true);
    const manageText = await page
      .frameLocator("#manage")
      .locator("body")
      .textContent({ timeout: 2_000 })
      .catch(() => "");
    expect(manageText ?? "").not.toContain("用户名");
    await page.screenshot({ path: join(SHOTS, "security-framing.png") });
    await page.close();
  });
});
