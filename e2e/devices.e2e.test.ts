import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser, type Server, SHOTS, signIn, startServer } from "./harness";

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

describe("devices", () => {
  it("registers a kiosk, shows its token once, pairs the kiosk, and shows revocation on the kiosk", async () => {
    const { page, context } = browser;
    await signIn(page, server.url, "zgc.manager");
    await page.getByRole("menuitem", { name: "设备" }).click();
    await page.getByRole("button", { name: "登记设备" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("设备名称").fill("大厅取号机1");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    const tokenBox = page.getByTestId("device-token");
    await tokenBox.waitFor();
    const token = ((await tokenBox.textContent()) ?? "").trim();
    expect(token.length).toBeGreaterThan(20);
    await page.getByText("仅显示这一次").waitFor();
    await page.getByRole("button", { name: "我已保存令牌" }).click();
    await page.getByRole("row").filter({ hasText: "大厅取号机1" }).getByText("使用中").waitFor();

    // The kiosk: portrait, its own page; the token is entered once.
    const kiosk = await context.newPage();
    await kiosk.setViewportSize({ width: 1080, height: 1920 });
    await kiosk.goto(`${server.url}/kiosk/`);
    await kiosk.getByLabel("设备令牌").fill("wrong-token");
    await kiosk.getByRole("button", { name: "配对" }).click();
    await kiosk.getByRole("alert").filter({ hasText: "设备令牌无效或已被停用" }).waitFor();
    await kiosk.getByLabel("设备令牌").fill(token);
    await kiosk.getByRole("button", { name: "配对" }).click();
    await kiosk.getByText("海淀区中关村街道政务服务中心").waitFor();
    // Paired: the kiosk's start screen (services, or the closed notice outside office hours).
    await kiosk
      .getByText(/请选择办理业务|当前不在办公时间/)
      .first()
      .waitFor();
    await kiosk.screenshot({ path: join(SHOTS, "kiosk.png") });
    // A kiosk loads no management code.
    const scripts = await kiosk.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    expect(scripts.some((s) => /\/assets\/manage-/.test(s))).toBe(false);

    // Revoke it in the management platform; the kiosk says so on its next check.
    await page
      .getByRole("row")
      .filter({ hasText: "大厅取号机1" })
      .getByRole("button", { name: /停\s*用/ })
      .click();
    await page
      .getByRole("tooltip")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
    await page.getByRole("row").filter({ hasText: "大厅取号机1" }).getByText("已停用").waitFor();
    await kiosk.reload();
    await kiosk.getByText("本设备已停用").waitFor();
    await kiosk.close();
    expect(browser.errors).toEqual([]);
  });
});
