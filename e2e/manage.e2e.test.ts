import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, DEMO_PASSWORD, openBrowser, type Server, SHOTS, signIn, startServer } from "./harness";

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

describe("management platform", () => {
  it("shows the Chinese sign-in page and a clear error for a wrong password", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/manage/`);
    await expect.poll(() => page.title()).toBe("政务服务管理平台 — 登录");
    await page.getByText("工作人员登录").waitFor();
    await page.screenshot({ path: join(SHOTS, "login.png") });

    await page.getByLabel("用户名").fill("zgc.manager");
    await page.getByLabel("密码").fill("not-the-password1");
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await page.getByRole("alert").filter({ hasText: "用户名或密码不正确" }).waitFor();
  });

  it("lets a site manager add a window and shows the server's refusal of a duplicate next to the form", async () => {
    const { page } = browser;
    await signIn(page, server.url, "zgc.manager");
    await page.getByRole("menuitem", { name: "窗口" }).click();
    await page.getByRole("heading", { name: "窗口" }).waitFor();
    await page.getByRole("cell", { name: "社会保障" }).first().waitFor();

    await page.getByRole("button", { name: "新增窗口" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("窗口号").fill("9");
    await dialog.getByLabel("窗口名称").fill("测试窗口");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = page.getByRole("row").filter({ hasText: "测试窗口" });
    await row.waitFor();
    expect(await row.getByRole("cell").first().textContent()).toBe("9");
    await page.screenshot({ path: join(SHOTS, "manage-windows.png") });

    // The same number again: the server answers 409 window_number_taken; the message stays in the dialog.
    await page.getByRole("button", { name: "新增窗口" }).click();
    await dialog.getByLabel("窗口号").fill("9");
    await dialog.getByLabel("窗口名称").fill("重复窗口");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await dialog.getByRole("alert").filter({ hasText: "本场所已有 9 号窗口" }).first().waitFor();
    await dialog.getByRole("button", { name: /取\s*消/ }).click();
    expect(browser.errors).toEqual([]);
  });

  it("lets a site manager choose the service items a queue serves, only among the site's items", async () => {
    const { page } = browser;
    // Still signed in as zgc.manager from the test before.
    await page.goto(`${server.url}/manage/`);
    await page.getByRole("menuitem", { name: "队列设置" }).click();
    const row = page.getByRole("row").filter({ hasText: "社会保障" }).first();
    await row.getByRole("button", { name: /^事\s*项$/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("办理的事项").waitFor();
    await dialog.getByLabel("服务事项").click();
    const option = page.locator(".ant-select-item-option:not(.ant-select-item-option-selected)").first();
    await option.waitFor();
    const label = (await option.textContent()) ?? "";
    expect(label).toMatch(/（.+）$/);
    await option.click();
    await page.keyboard.press("Escape");
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: "hidden" });
    // Reopened, the queue shows the item the server stored.
    await row.getByRole("button", { name: /^事\s*项$/ }).click();
    await dialog.locator(".ant-select-selection-item").filter({ hasText: label }).waitFor();
    await page.waitForTimeout(500); // the dialog's opening animation
    await page.screenshot({ path: join(SHOTS, "manage-queue-items.png") });
    await dialog.getByRole("button", { name: /取\s*消/ }).click();
    expect(browser.errors).toEqual([]);
  });

  it("sends a user with an initial password to the forced password change first", async () => {
    // A new account, made through the API as the site manager; it must change its password.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "zgc.manager", password: DEMO_PASSWORD }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const me = (await login.json()) as { grants: { role: string; siteId: string | null }[] };
    const siteId = me.grants.find((g) => g.role === "site_manager")?.siteId;
    const created = await fetch(`${server.url}/api/staff`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({
        username: "zgc.newcomer",
        displayName: "新同事",
        password: "Initial2026",
        grants: [{ role: "window_staff", siteId }],
      }),
    });
    expect(created.status).toBe(201);

    const { page, context } = browser;
    await context.clearCookies();
    await signIn(page, server.url, "zgc.newcomer", "Initial2026");
    await page.getByText("请修改初始密码").first().waitFor();
    await page.getByLabel("当前密码").fill("Initial2026");
    await page.getByLabel("新密码", { exact: true }).fill("Changed2026x");
    await page.getByLabel("确认新密码").fill("Changed2026x");
    await page.getByRole("button", { name: "修改密码" }).click();
    // Window staff see their site read-only: no staff or device pages in the menu.
    await page.getByRole("menuitem", { name: "窗口" }).waitFor();
    expect(await page.getByRole("menuitem", { name: "人员" }).count()).toBe(0);
    expect(await page.getByRole("menuitem", { name: "设备" }).count()).toBe(0);
  });
});
