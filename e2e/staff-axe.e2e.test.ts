import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, shot } from "./catalog-helpers";
import { type Browser, DEMO_PASSWORD, openBrowser, type Server, signIn, startServer } from "./harness";

let server: Server;
let browser: Browser & { errors: string[] };

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A signed-in API session (cookie), for setup the test does not click through. */
async function apiAs(username: string) {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (r.status === 204 ? undefined : await r.json()) as T;
  };
}

/** Every page's serious and critical violations, keyed by page, so one run names them all. */
const found: Record<string, unknown> = {};
async function check(page: Page, what: string) {
  // Loaded: no spinner and no skeleton left on the page.
  await page.locator(".ant-spin-spinning, .ant-skeleton").first().waitFor({ state: "detached" });
  const bad = await axeViolations(page);
  if (bad.length > 0) found[what] = bad;
}

const MANAGE: [string, string][] = [
  ["场所", "/sites"],
  ["功能区", "/zones"],
  ["窗口", "/windows"],
  ["人员", "/staff"],
  ["设备", "/devices"],
  ["排队实况", "/queue/live"],
  ["队列设置", "/queue/config"],
  ["排队统计", "/queue/stats"],
  ["事项清单", "/catalog/items"],
  ["事项覆盖", "/catalog/coverage"],
  ["工作日历", "/calendar"],
  ["审计日志", "/audit"],
  ["定时任务", "/system/jobs"],
];

/** Opens a page from the menu and waits until its own heading replaced the one before. */
async function open(page: Page, name: string, path: string) {
  const heading = page.locator(".page-head h2").first();
  const before = (await heading.count()) > 0 ? await heading.textContent() : null;
  await page.getByRole("menuitem", { name }).click();
  await page.waitForURL(`**/manage${path}`);
  await page.waitForFunction((old) => {
    const h = document.querySelector(".page-head h2");
    return h !== null && h.textContent !== old;
  }, before);
}
const BOOKING_TABS = ["预约日历", "预约记录", "号源设置", "爽约限制", "8小时内变更", "通知发送"];

describe("every staff app passes axe-core, signed in as the administrator", () => {
  it("the management platform's pages, 预约管理's tabs, the district overview and the kiosk", { timeout: 300_000 }, async () => {
    const { page } = browser;
    await signIn(page, server.url, "admin");
    for (const [name, path] of MANAGE) {
      await open(page, name, path);
      await check(page, name);
    }
    await open(page, "预约管理", "/appointments");
    for (const tab of BOOKING_TABS) {
      await page.getByRole("tab", { name: tab }).click();
      await page.getByRole("tabpanel", { name: tab }).waitFor();
      await check(page, `预约管理 · ${tab}`);
      if (tab === "预约日历") await shot(page, "axe-manage-appointments.png", false);
    }
    await open(page, "排队统计", "/queue/stats");
    await shot(page, "axe-manage-stats.png", false);

    await page.goto(`${server.url}/district/`);
    await page.getByRole("table").first().waitFor();
    await check(page, "/district/");
    await shot(page, "axe-district.png", false);

    // The kiosk, paired by a device token registered through the API, on a site open all day.
    const api = await apiAs("zgc.manager");
    const sites = await api<{ id: string; code: string }[]>("GET", "/api/sites");
    const site = sites.find((s) => s.code === "zgc-street");
    if (!site) throw new Error("demo site zgc-street missing");
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await api("PUT", `/api/sites/${site.id}/hour-exceptions`, {
      date: today,
      closed: false,
      opens: "00:00",
      closes: "23:59",
      note: "测试",
    });
    const token = (await api<{ token: string }>("POST", `/api/sites/${site.id}/devices`, { kind: "kiosk", name: "无障碍检查取号机" }))
      .token;
    const kiosk = await browser.context.newPage();
    await kiosk.setViewportSize({ width: 1080, height: 1920 });
    await kiosk.goto(`${server.url}/kiosk/`);
    await check(kiosk, "kiosk · 配对");
    await kiosk.getByLabel("设备令牌").fill(token);
    await kiosk.getByRole("button", { name: "配对" }).click();
    await kiosk.getByText("请选择办理业务").waitFor();
    await check(kiosk, "kiosk · 选择业务");
    await kiosk.close();

    expect(found, JSON.stringify(found, null, 1)).toEqual({});
    expect(browser.errors).toEqual([]);
  });
});
