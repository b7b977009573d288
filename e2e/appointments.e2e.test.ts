import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, DEMO_PASSWORD, openBrowser, ROOT, type Server, SHOTS, signIn, startServer } from "./harness";

const AXE = join(ROOT, "node_modules", "axe-core", "axe.min.js");

/** axe-core on the page as it is now: no serious or critical violation. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  // Evaluated through the DevTools protocol, not a <script> tag: the pages' CSP (script-src 'self') refuses inline scripts.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(readFileSync(AXE, "utf8"));
  const bad = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: Record<string, unknown>[] }> } }).axe;
    const r = await axe.run(document);
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: String(v.id),
        help: String(v.help),
        nodes: (v.nodes as { target: string[] }[]).slice(0, 3).map((n) => n.target.join(" ")),
      }));
  });
  expect(bad, `${what}: ${JSON.stringify(bad)}`).toEqual([]);
}

let server: Server;
let browser: Browser & { errors: string[] };
let desk: Browser & { errors: string[] };

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser({ width: 390, height: 844 });
  desk = await openBrowser();
});

afterAll(async () => {
  await desk?.close();
  await browser?.close();
  await server?.stop();
});

async function apiAs(username: string) {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "govhall2026" }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
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

describe("booking an appointment on a phone", () => {
  it("books a slot with a code sent to the mobile, then finds and cancels it under my appointment", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/portal/`);
    await page.getByRole("link", { name: /预约办事/ }).click();
    await page.getByRole("button", { name: /海淀区中关村街道政务服务中心/ }).click();
    await page.getByRole("button", { name: "社会保障" }).click();
    const slot = page.locator(".b-slot:not([disabled])").first();
    await slot.waitFor();
    await page.screenshot({ path: join(SHOTS, "appointments-slots.png") });
    await expectAccessible(page, "slots");
    const slotText = (await slot.textContent()) ?? "";
    const time = /(\d{2}:\d{2})-/.exec(slotText)?.[1];
    await slot.click();

    await page.getByText(/名额已为您保留/).waitFor();
    await page.getByLabel("姓名").fill("王小明");
    await page.getByLabel("身份证号").fill("110101199003071233");
    await page.getByLabel("手机号").fill("13912345678");
    await page.getByRole("button", { name: "获取验证码" }).click();
    const demo = (await page.locator(".b-demo").textContent()) ?? "";
    const code = /(\d{6})/.exec(demo)?.[1] ?? "";
    expect(code).toMatch(/^\d{6}$/);
    await page.getByLabel("短信验证码").fill(code);
    await page.screenshot({ path: join(SHOTS, "appointments-form.png") });
    await expectAccessible(page, "form");
    await page.getByRole("button", { name: "确认预约" }).click();

    await page.getByText("预约成功").waitFor();
    const bookingCode = (await page.getByTestId("booking-code").textContent()) ?? "";
    expect(bookingCode).toMatch(/^[2-9A-Z]{10}$/);
    const body = (await page.locator("body").textContent()) ?? "";
    expect(body).toContain(`${time}-`);
    expect(body).toContain("王**");
    expect(body).not.toContain("13912345678");
    expect(body).toContain("139****5678");
    expect(await page.getByRole("link", { name: /添加到日历/ }).getAttribute("href")).toBe(
      `/api/public/appointments/by-code/${bookingCode}/calendar.ics`,
    );
    await page.screenshot({ path: join(SHOTS, "appointments-booked.png"), fullPage: true });
    await expectAccessible(page, "booked");

    // My appointment: by code and mobile; cancel.
    await page.getByRole("button", { name: "查看或取消预约" }).click();
    await page.getByLabel("手机号").fill("13912345678");
    await page
      .getByRole("button", { name: "查 询" })
      .or(page.getByRole("button", { name: "查询" }))
      .click();
    await page.getByText("已预约").waitFor();
    await page
      .getByRole("button", { name: /取消预约/ })
      .first()
      .click();
    await page.locator(".ant-modal-confirm-btns .ant-btn-dangerous").click();
    await page.getByText("预约已取消").waitFor();
    await page.locator(".ant-modal-confirm").waitFor({ state: "hidden" });
    await page.screenshot({ path: join(SHOTS, "appointments-cancelled.png"), fullPage: true });
    // No sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(browser.errors).toEqual([]);
  });
});

describe("appointments at the hall", () => {
  it("checks in at the kiosk by booking code, and the manager sees the calendar of places", async () => {
    const api = await apiAs("zgc.manager");
    const site = (await api<{ id: string; code: string }[]>("GET", "/api/sites")).find((x) => x.code === "zgc-street");
    if (!site) throw new Error("demo site zgc-street missing");
    // Open all day today, and 5-minute slots bookable right up to their start, so a slot begins within minutes.
    const today = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
    await api("PUT", `/api/sites/${site.id}/hour-exceptions`, {
      date: today,
      closed: false,
      opens: "00:00",
      closes: "23:59",
      note: "测试",
    });
    const service = (await api<{ id: string; name: string }[]>("GET", `/api/sites/${site.id}/appointment-services`))[0];
    if (!service) throw new Error("no demo appointment service");
    await api("PATCH", `/api/sites/${site.id}/appointment-services/${service.id}`, { slotMinutes: 5, earliestHours: 0 });
    const slots = await api<{ days: { date: string; slots: { start: string; startsAt: string; bookable: boolean }[] }[] }>(
      "GET",
      `/api/public/sites/zgc-street/appointment-services/${service.id}/slots?days=1`,
    );
    // A slot that does not begin while the test pairs the kiosk.
    const next = slots.days.find((d) => d.date === today)?.slots.find((x) => x.bookable && Date.parse(x.startsAt) - Date.now() > 90_000);
    const kioskToken = (await api<{ token: string }>("POST", `/api/sites/${site.id}/devices`, { kind: "kiosk", name: "预约签到机" })).token;
    const kiosk = await desk.context.newPage();
    await kiosk.setViewportSize({ width: 1080, height: 1920 });
    await kiosk.goto(`${server.url}/kiosk/`);
    await kiosk.getByLabel("设备令牌").fill(kioskToken);
    await kiosk.getByRole("button", { name: "配对" }).click();
    await kiosk.getByText("请选择办理业务").waitFor();
    if (next) {
      // (From 23:50 Beijing time no slot is left today: the kiosk part then has nothing to check in.)
      const booked = await api<{ code: string }>("POST", `/api/sites/${site.id}/appointments`, {
        serviceId: service.id,
        date: today,
        start: next.start,
        channel: "on_site",
        name: "李四",
        phone: "13900001111",
        idNumber: "11010119880505123X",
      });
      await kiosk.getByRole("button", { name: "预约签到" }).click();
      for (const ch of booked.code) await kiosk.locator(".kc-keys").getByRole("button", { name: ch, exact: true }).click();
      await kiosk.getByRole("button", { name: "签到取号" }).click();
      await kiosk.getByTestId("kiosk-ticket").waitFor();
      await kiosk.getByText("签到成功").waitFor();
      expect(await kiosk.getByTestId("kiosk-ticket").textContent()).not.toContain("13900001111");
      await kiosk.screenshot({ path: join(SHOTS, "appointments-kiosk-checkin.png") });

      // At the window: the staff check in another applicant by ID number (F9) and see the ticket it gave.
      await api("POST", `/api/sites/${site.id}/appointments`, {
        serviceId: service.id,
        date: today,
        start: next.start,
        channel: "phone",
        name: "王五",
        phone: "13900002222",
        idNumber: "110101199202021239",
      });
      const counter = await desk.context.newPage();
      await counter.goto(`${server.url}/counter/`);
      await counter.getByLabel("用户名").fill("zgc.window1");
      await counter.getByLabel("密码").fill(DEMO_PASSWORD);
      await counter.getByRole("button", { name: /登\s*录/ }).click();
      await counter.locator(".ant-card").filter({ hasText: "1号窗口" }).getByRole("button", { name: "开窗签到" }).click();
      await counter.getByText("A岗", { exact: true }).waitFor();
      await counter.keyboard.press("F9");
      const dialog = counter.getByRole("dialog");
      await dialog.getByLabel("预约码或身份证号").fill("110101199202021239");
      await dialog.getByRole("button", { name: "签到取号" }).click();
      await dialog
        .getByRole("status")
        .filter({ hasText: /已签到.*预约号|已签到.*普通号/ })
        .waitFor();
      await counter.waitForTimeout(300);
      await counter.screenshot({ path: join(SHOTS, "appointments-counter-checkin.png") });
      // The same booking twice: the server's refusal is shown, nothing else happens.
      await dialog.getByLabel("预约码或身份证号").fill("110101199202021239");
      await dialog.getByRole("button", { name: "签到取号" }).click();
      await dialog.getByRole("alert").first().waitFor();
      await counter.close();
      await desk.context.clearCookies(); // the manager signs in below on the same browser
    }
    await kiosk.close();

    const { page } = desk;
    await signIn(page, server.url, "zgc.manager");
    await page.getByRole("menuitem", { name: /预约管理/ }).click();
    await page.getByRole("tab", { name: "预约日历" }).waitFor();
    await page.locator(".ma-cell").first().waitFor();
    await page.screenshot({ path: join(SHOTS, "appointments-manage-calendar.png") });
    await page.getByRole("tab", { name: "预约记录" }).click();
    await page.getByRole("button", { name: "电话/现场预约" }).click();
    await page.getByRole("dialog").getByLabel("申请人").waitFor();
    await page.waitForTimeout(500); // the dialog's opening animation
    await page.screenshot({ path: join(SHOTS, "appointments-manage-bookfor.png") });
    await page.keyboard.press("Escape");
    await page.getByRole("tab", { name: "号源设置" }).click();
    await page.getByText("个体工商户").or(page.getByText("社会保障")).first().waitFor();
    await page.getByRole("tab", { name: "通知发送" }).click();
    await page.getByText("预约成功").first().waitFor();
    await page.screenshot({ path: join(SHOTS, "appointments-manage-messages.png") });

    if (next) {
      // A2: a cancellation by the site less than 8 hours ahead goes through only with a site
      // manager's written reason, and the district office sees it on its own overview.
      const late = await api<{ id: string }>("POST", `/api/sites/${site.id}/appointments`, {
        serviceId: service.id,
        date: today,
        start: next.start,
        channel: "phone",
        name: "赵六",
        phone: "13900003333",
        idNumber: "110101199303031233",
      });
      await api("POST", `/api/appointments/${late.id}/cancel-by-site`, {
        explanation: "窗口系统故障，暂停办理",
        overrideReason: "系统故障临时停办，经中心负责人批准",
      });
      await desk.context.clearCookies();
      await signIn(page, server.url, "admin");
      // Signed in before leaving the page (a navigation would cut the sign-in short).
      await page.getByRole("menuitem", { name: "场所" }).waitFor();
      await page.goto(`${server.url}/district/`);
      const row = page.getByRole("row").filter({ hasText: "经中心负责人批准" });
      await row.waitFor();
      expect(await row.textContent()).toContain("窗口系统故障，暂停办理");
      expect(await row.textContent()).not.toContain("13900003333");
      await row.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, "district-overrides.png"), fullPage: true });
    }
    expect(desk.errors).toEqual([]);
  });
});
