import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./catalog-helpers";
import { apiAs, openAllDay, queueIdOf } from "./hall-helpers";
import { type Browser, DEMO_PASSWORD, openBrowser, type Server, SHOTS, signIn, startServer } from "./harness";

/**
 * Issue 11, item 6: the guide (导办员) takes tickets for people at the guide desk of the counter
 * app; the counter offers 开窗签到 only to roles the server lets open a window; the rating pad says
 * what it is for.
 */
let server: Server;
let browser: Browser & { errors: string[] };
/** The service item of queue A the guide issues for (named on every surface, item 2). */
let itemName = "";

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signInCounter(username: string) {
  const { page } = browser;
  await page.context().clearCookies();
  await page.goto(`${server.url}/counter/`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: /登\s*录/ }).click();
}

describe("the guide desk and the roles at the counter", () => {
  it("a guide signs in, takes a ticket for a service item with a statutory priority, and prints the kiosk's slip", async () => {
    const manager = await apiAs(server, "zgc.manager");
    const site = await openAllDay(manager);
    const queueA = await queueIdOf(manager, site.id, "A");
    const { items } = await manager<{ items: { code: string; name: string }[] }>("GET", `/api/sites/${site.id}/queues/${queueA}/items`);
    const item = items[0];
    if (!item) throw new Error("queue A serves no item in the demo");
    itemName = item.name;

    const { page } = browser;
    await signInCounter("zgc.guide");
    // A guide may issue but not serve: the counter opens at the guide desk, not at the window picker.
    await page.getByText("为申请人取号").waitFor();
    await page.waitForURL(/\/counter\/?$/);
    expect(await page.getByRole("button", { name: "开窗签到" }).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, "counter-guide-desk.png") });

    // Search the item by part of its name; the options name the queue it is served in.
    const target = page.getByRole("combobox", { name: "业务或办理事项" });
    await target.click();
    await target.fill(item.name.slice(0, 3));
    await page.locator(".ant-select-dropdown").getByText(`${item.name} · 社会保障`, { exact: true }).click();
    // A mistyped mobile says what is wrong and how to fix it, and nothing is issued.
    await page.getByLabel("手机号（选填）").fill("1381234567");
    await page
      .getByRole("button", { name: "取 号" })
      .or(page.getByRole("button", { name: "取号", exact: true }))
      .click();
    await page.getByText("手机号应为 11 位，您填了 10 位").waitFor();
    await page.getByLabel("手机号（选填）").fill("13812345678");
    await page.getByLabel("姓名（选填）").fill("王建国");
    await page.locator(".ant-radio-button-wrapper").filter({ hasText: "老年人" }).click();
    await page.getByLabel("核验说明（选填）").fill("已核验老年人优待证");
    await page.screenshot({ path: join(SHOTS, "counter-guide-form.png") });
    // Staff with poor sight work the desk too (item 10): no serious or critical axe violation.
    expect(await axeViolations(page)).toEqual([]);

    const issued = page.waitForResponse((r) => r.request().method() === "POST" && /\/api\/sites\/[^/]+\/tickets$/.test(r.url()));
    const printed = page.waitForResponse((r) => /\/api\/tickets\/[^/]+\/print$/.test(r.url()));
    await page
      .getByRole("button", { name: "取 号" })
      .or(page.getByRole("button", { name: "取号", exact: true }))
      .click();
    const ticket = (await (await issued).json()) as {
      id: string;
      code: string;
      number: string;
      channel: string;
      priorityClass: string;
      itemCode: string;
    };
    expect(ticket.channel).toBe("guide");
    expect(ticket.priorityClass).toBe("elderly");
    expect(ticket.itemCode).toBe(item.code);
    const slip = (await (await printed).json()) as { itemName: string; applicantName: string; applicantPhone: string };
    expect(slip.itemName).toBe(item.name);

    const result = page.getByTestId("guide-ticket");
    await result.getByText(ticket.number, { exact: true }).waitFor();
    await result.getByText(item.name, { exact: true }).waitFor();
    await result.getByText("已记录优先（老年人），窗口将据此优先叫号").waitFor();
    await result.getByRole("img", { name: /扫码/ }).waitFor();
    // The screen shows no personal data; the slip shows it masked only.
    expect(await result.textContent()).not.toContain("13812345678");
    await page.screenshot({ path: join(SHOTS, "counter-guide-ticket.png") });
    expect(await axeViolations(page)).toEqual([]);

    // The printed slip is the kiosk's: site, number, ★ priority, item, queue, QR code.
    await page.emulateMedia({ media: "print" });
    const paper = page.locator(".k-print");
    await paper.waitFor();
    const text = (await paper.textContent()) ?? "";
    expect(text).toContain("海淀区中关村街道政务服务中心");
    expect(text).toContain(ticket.number);
    expect(text).toContain("★ 优先号（老年人）");
    expect(text).toContain(item.name);
    expect(text).not.toContain("13812345678");
    expect(await page.locator(".k-print-qr").count()).toBe(1);
    await paper.screenshot({ path: join(SHOTS, "counter-guide-slip-print.png") });
    await page.emulateMedia({ media: "screen" });

    // The declared priority and its check are in the audit chain.
    const audit = await manager<{ action: string; after: { reason?: string } | null }[]>("GET", `/api/audit?entityId=${ticket.id}`);
    expect(audit.find((e) => e.action === "ticket.priority_declared")?.after?.reason).toBe("已核验老年人优待证");

    // Item 2: the ticket names its item on the live ticket page and at the window's waiting list too.
    const live = await browser.context.newPage();
    await live.setViewportSize({ width: 390, height: 844 });
    await live.goto(`${server.url}/t/${ticket.code}`);
    await live.getByText(item.name, { exact: true }).waitFor();
    expect(await live.locator(".tk-queue").textContent()).toContain("社会保障");
    await live.screenshot({ path: join(SHOTS, "ticket-item-named.png") });
    await live.close();

    // Next applicant: a fresh form; the green channel asks for its reason before anything is issued.
    await result.getByRole("button", { name: "为下一位取号" }).click();
    await target.click();
    await page
      .locator(".ant-select-dropdown")
      .getByText(/^A 社会保障（等候 \d+ 人）$/)
      .click();
    await page.locator(".ant-radio-button-wrapper").filter({ hasText: "绿色通道" }).click();
    await page
      .getByRole("button", { name: "取 号" })
      .or(page.getByRole("button", { name: "取号", exact: true }))
      .click();
    await page.getByText(/开通绿色通道须填写原因/).waitFor();
    expect(browser.errors).toEqual([]);
  });

  it("offers 开窗签到 only to roles that may open a window; the guide desk to those that may issue", async () => {
    const { page } = browser;
    for (const username of ["supervisor", "zgc.backoffice"]) {
      await signInCounter(username);
      await page.getByText("选择窗口").waitFor();
      await page.getByText(/您的角色不能在本场所开窗叫号/).waitFor();
      await page.locator(".ant-card").first().waitFor();
      expect(await page.getByRole("button", { name: "开窗签到" }).count(), username).toBe(0);
      expect(await page.getByRole("button", { name: "导办取号" }).count(), username).toBe(0);
    }
    await page.screenshot({ path: join(SHOTS, "counter-backoffice-no-open.png") });
    // Window staff open windows, and reach the guide desk too.
    await signInCounter("zgc.window1");
    await page.locator(".ant-card").filter({ hasText: "1号窗口" }).getByRole("button", { name: "开窗签到" }).click();
    // Item 2: the guide's ticket for a service item names the item in the window's waiting list.
    await page.getByText(`${itemName}（社会保障）`).first().waitFor();
    await page.screenshot({ path: join(SHOTS, "counter-waiting-item-named.png") });
    await page.getByRole("button", { name: "关窗签退" }).click();
    await page.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByRole("button", { name: "导办取号" }).click();
    await page.waitForURL(/\/counter\/issue$/);
    await page.getByText("为申请人取号").waitFor();
    await page.getByRole("button", { name: "窗口叫号" }).click();
    await page.getByText("选择窗口").waitFor();
    // A guide who signs in where the address bar leads (/ → /manage/) finds the desk in the menu.
    await page.context().clearCookies();
    await signIn(page, server.url, "zgc.guide");
    await page.getByRole("menuitem", { name: "导办取号" }).click();
    await page.waitForURL(/\/counter\/issue$/);
    await page.getByText("为申请人取号").waitFor();
  });

  it("the rating pad says what it is for until the ratings module gives it its screen", async () => {
    const manager = await apiAs(server, "zgc.manager");
    const sites = await manager<{ id: string; code: string }[]>("GET", "/api/sites");
    const site = sites.find((s) => s.code === "zgc-street");
    if (!site) throw new Error("no zgc-street");
    const windows = await manager<{ id: string; number: number }[]>("GET", `/api/sites/${site.id}/windows`);
    const win = windows.find((w) => w.number === 1);
    const { token } = await manager<{ token: string }>("POST", `/api/sites/${site.id}/devices`, {
      kind: "evaluator",
      name: "1号窗口评价器",
      windowId: win?.id,
    });
    const pad = await browser.context.newPage();
    await pad.goto(`${server.url}/evaluator/`);
    await pad.getByLabel("设备令牌").fill(token);
    await pad.getByRole("button", { name: "配对" }).click();
    await pad.getByText("1号窗口 服务评价").waitFor();
    await pad.getByText(/每次办理结束后，这里会显示为您服务的工作人员/).waitFor();
    expect(await pad.textContent("body")).not.toMatch(/后续版本|later version/);
    await pad.screenshot({ path: join(SHOTS, "evaluator-pad.png") });
    await pad.close();
  });
});
