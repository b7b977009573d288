import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, DEMO_PASSWORD, openBrowser, type Server, SHOTS, signIn, startServer } from "./harness";

let server: Server;
let browser: Browser & { errors: string[] };
let manager: Browser & { errors: string[] };

/** A signed-in API session (cookie), for the setup a site manager would do in the manage app. */
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

async function pair(page: Page, app: string, token: string) {
  await page.goto(`${server.url}/${app}/`);
  await page.getByLabel("设备令牌").fill(token);
  await page.getByRole("button", { name: "配对" }).click();
}

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser();
  manager = await openBrowser();
});

afterAll(async () => {
  await manager?.close();
  await browser?.close();
  await server?.stop();
});

describe("queue and calling", () => {
  it("issues at the kiosk, calls at the counter, shows it on the display and the live ticket, and in the live view", {
    timeout: 360_000,
  }, async () => {
    // Setup as the site manager: open all day today (tickets are refused outside office hours), a kiosk and a display.
    const api = await apiAs("zgc.manager");
    const sites = await api<{ id: string; code: string }[]>("GET", "/api/sites");
    const site = sites.find((s) => s.code === "zgc-street");
    if (!site) throw new Error("demo site zgc-street missing");
    // The journey lives in one Beijing day: a run that would cross midnight waits for the new day.
    const beijing = () => new Date(Date.now() + 8 * 3600_000);
    const msToMidnight = 86_400_000 - (beijing().getTime() % 86_400_000);
    if (msToMidnight < 3 * 60_000) await new Promise((r) => setTimeout(r, msToMidnight + 2000));
    const today = beijing().toISOString().slice(0, 10);
    await api("PUT", `/api/sites/${site.id}/hour-exceptions`, {
      date: today,
      closed: false,
      opens: "00:00",
      closes: "23:59",
      note: "测试",
    });
    const device = (kind: string, name: string) => api<{ token: string }>("POST", `/api/sites/${site.id}/devices`, { kind, name });
    const kioskToken = (await device("kiosk", "大厅取号机")).token;
    const displayToken = (await device("display", "大厅综合屏")).token;

    // Kiosk, portrait: choose 社会保障, a mobile number on the keypad, take the ticket.
    const { context } = browser;
    const kiosk = await context.newPage();
    await kiosk.bringToFront();
    await kiosk.setViewportSize({ width: 1080, height: 1920 });
    await pair(kiosk, "kiosk", kioskToken);
    await kiosk.getByText("请选择办理业务").waitFor();
    await kiosk.getByRole("button", { name: /社会保障/ }).click();
    await kiosk.getByRole("button", { name: "手机号" }).click();
    for (const d of "13812345678") await kiosk.locator(".k-keypad").getByRole("button", { name: d, exact: true }).click();
    const printed = kiosk.waitForResponse((r) => /\/api\/tickets\/[^/]+\/print$/.test(r.url()));
    await kiosk.getByRole("button", { name: "确认取号" }).click();
    const slip = (await (await printed).json()) as { number: string; code: string; queueName: string };
    await kiosk.getByTestId("kiosk-ticket").getByText(slip.number).waitFor();
    expect(slip.queueName).toBe("社会保障");
    // The kiosk shows no personal data: the mobile number is not on the ticket screen.
    expect(await kiosk.getByTestId("kiosk-ticket").textContent()).not.toContain("13812345678");
    await kiosk.getByRole("img", { name: /扫码/ }).waitFor();
    await kiosk.screenshot({ path: join(SHOTS, "kiosk-ticket.png") });
    const kioskScripts = await kiosk.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    expect(kioskScripts.some((s) => /\/assets\/(manage|antd)-/.test(s))).toBe(false);

    // Display, landscape: paired and waiting for calls.
    const display = await context.newPage();
    await display.setViewportSize({ width: 1920, height: 1080 });
    await pair(display, "display", displayToken);
    await display.getByTestId("display-now").waitFor();
    await display.getByText("等候人数").first().waitFor();

    // Counter console: window staff sign in, open window 1 (A post), call next by mouse, recall by F2.
    const counter = browser.page;
    await counter.bringToFront();
    await counter.goto(`${server.url}/counter/`);
    await counter.getByLabel("用户名").fill("zgc.window1");
    await counter.getByLabel("密码").fill(DEMO_PASSWORD);
    await counter.getByRole("button", { name: /登\s*录/ }).click();
    const card = counter.locator(".ant-card").filter({ hasText: "1号窗口 · 社会保障" });
    await card.getByRole("button", { name: "开窗签到" }).click();
    await counter.getByText("A岗", { exact: true }).waitFor();
    await counter.getByRole("button", { name: /叫号\s*F1/ }).click();
    const current = counter.getByTestId("current-ticket");
    await current.getByText(slip.number).waitFor();
    await current.getByText("已叫号").waitFor();
    await counter.keyboard.press("F2");
    await current.locator(".ant-descriptions-item-content").filter({ hasText: /^2$/ }).waitFor();
    await current.getByText("13812345678").waitFor();

    // More people arrive (one declares priority, one through a guide with a name); the console's list follows the stream.
    const queueA = await queueId(api, site.id, "A");
    const issue = async (headers: Record<string, string>, body: Record<string, unknown>) => {
      const r = await fetch(`${server.url}/api/sites/${site.id}/tickets`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ queueId: queueA, ...body }),
      });
      expect(r.status).toBe(201);
    };
    const bearer = { authorization: `Bearer ${kioskToken}` };
    await issue(bearer, { priorityClass: "normal" });
    await issue(bearer, { priorityClass: "elderly" });
    await api("POST", `/api/sites/${site.id}/tickets`, {
      queueId: queueA,
      priorityClass: "normal",
      applicantName: "王建国",
      applicantPhone: "13900001111",
    });
    await counter.getByText("3 人等候").waitFor();
    await counter.getByRole("row").filter({ hasText: "老年人" }).waitFor();
    await counter.screenshot({ path: join(SHOTS, "counter.png") });

    // The display shows the called number and its window, and the waiting count it heard on the stream.
    await display.bringToFront();
    const now = display.getByTestId("display-now");
    await now.getByText(slip.number).waitFor();
    await now.getByText("1号窗口").waitFor();
    await display.locator(".dsp-queue").filter({ hasText: "社会保障" }).getByText("3", { exact: true }).waitFor();
    await display.screenshot({ path: join(SHOTS, "display.png") });

    // The live ticket on a phone: called, with the window number.
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${server.url}/t/${slip.code}`);
    const banner = phone.getByTestId("called-banner");
    await banner.getByText("请到 1号窗口 办理").waitFor();
    await banner.getByText(slip.number).waitFor();
    expect(await phone.textContent("body")).not.toContain("13812345678");
    await phone.screenshot({ path: join(SHOTS, "ticket-called.png") });

    // With a low threshold, the manager's live view raises the crowding alert (open windows or divert people).
    const settings = await api<Record<string, number>>("GET", `/api/sites/${site.id}/queue-settings`);
    await api("PUT", `/api/sites/${site.id}/queue-settings`, { ...settings, alertWaiting: 3 });
    await signIn(manager.page, server.url, "zgc.manager");
    await manager.page.getByRole("menuitem", { name: "排队实况" }).click();
    await manager.page.getByRole("alert").filter({ hasText: "社会保障等候 3 人" }).waitFor();
    await manager.page.getByRole("row").filter({ hasText: "1号窗口" }).getByText(slip.number).waitFor();
    await manager.page.screenshot({ path: join(SHOTS, "manage-live.png") });

    expect(browser.errors).toEqual([]);
    expect(manager.errors).toEqual([]);
  });

  it("finds a service item by one character at the kiosk, and the ticket names the item and its guide version", async () => {
    // The kiosk paired in the test before (its token is kept by the browser); the site is open all day today.
    const kiosk = await browser.context.newPage();
    await kiosk.setViewportSize({ width: 1080, height: 1920 });
    await kiosk.goto(`${server.url}/kiosk/`);
    await kiosk.getByText("请选择办理业务").waitFor();
    await kiosk.getByRole("tab", { name: /查找业务/ }).click();
    await kiosk.locator(".k-charpad").getByRole("button", { name: "业", exact: true }).click();
    const item = kiosk.locator(".k-service").filter({ hasText: "”办理" }).first();
    await item.waitFor();
    const itemName = (await item.locator(".k-service-name").textContent()) ?? "";
    expect(itemName).toContain("业");
    await kiosk.screenshot({ path: join(SHOTS, "kiosk-search-items.png") });
    await item.click();
    await kiosk.getByText(itemName, { exact: true }).waitFor();
    const issued = kiosk.waitForResponse((r) => r.request().method() === "POST" && /\/api\/sites\/[^/]+\/tickets$/.test(r.url()));
    const printed = kiosk.waitForResponse((r) => /\/api\/tickets\/[^/]+\/print$/.test(r.url()));
    await kiosk.getByRole("button", { name: "确认取号" }).click();
    const ticket = (await (await issued).json()) as { number: string; itemCode: string | null; itemVersion: number | null };
    expect(ticket.itemCode).toBeTruthy();
    expect(ticket.itemVersion).toBeGreaterThanOrEqual(1);
    // The item is named on the result, in the print API and on the printed slip, not only its queue.
    expect(((await (await printed).json()) as { itemName: string | null }).itemName).toBe(itemName);
    const result = kiosk.getByTestId("kiosk-ticket");
    await result.getByText(ticket.number).waitFor();
    await result.getByText(itemName, { exact: true }).waitFor();
    await kiosk.screenshot({ path: join(SHOTS, "kiosk-ticket-item.png") });
    await kiosk.emulateMedia({ media: "print" });
    expect(await kiosk.locator(".k-print").textContent()).toContain(itemName);
    await kiosk.emulateMedia({ media: "screen" });
    // 预约签到: an 18-digit ID number typed on the keypad stays inside the portrait screen.
    await kiosk.getByRole("button", { name: "完成" }).click();
    await kiosk.getByRole("button", { name: "预约签到" }).click();
    await kiosk.getByRole("button", { name: "身份证号", exact: true }).click();
    for (const d of "11010119900101123") await kiosk.locator(".k-keypad").getByRole("button", { name: d, exact: true }).first().click();
    const field = await kiosk.getByTestId("checkin-value").boundingBox();
    expect(field).not.toBeNull();
    expect((field?.x ?? 0) + (field?.width ?? 0)).toBeLessThanOrEqual(1080);
    await kiosk.screenshot({ path: join(SHOTS, "kiosk-checkin.png") });
    await kiosk.close();
    expect(browser.errors).toEqual([]);
  });
});

async function queueId(api: Awaited<ReturnType<typeof apiAs>>, siteId: string, prefix: string): Promise<string> {
  const queues = await api<{ id: string; prefix: string }[]>("GET", `/api/sites/${siteId}/queues`);
  const id = queues.find((q) => q.prefix === prefix)?.id;
  if (!id) throw new Error(`queue ${prefix} missing`);
  return id;
}
