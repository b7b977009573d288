import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser, type Server, SHOTS, startServer } from "./harness";

let server: Server;
let browser: Browser & { errors: string[] };

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser({ width: 390, height: 844 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("public portal", () => {
  it("lists the sites without personal data and remembers elder mode", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/portal/sites`);
    await page.getByRole("heading", { name: "海淀区中关村街道政务服务中心" }).waitFor();
    await page.getByText("周一至周五 09:00-17:00").first().waitFor();

    const text = (await page.locator("body").textContent()) ?? "";
    expect(text).not.toContain("李秀英"); // responsible person: masked as 李*
    expect(text).toContain("李*");
    expect(text).not.toContain("13800002001"); // responsible person's phone: never public

    await page.getByRole("button", { name: "适老化" }).click();
    await expect.poll(() => page.evaluate(() => document.body.classList.contains("elder"))).toBe(true);
    await page.reload();
    await page.getByRole("heading", { name: "海淀区中关村街道政务服务中心" }).waitFor();
    expect(await page.evaluate(() => document.body.classList.contains("elder"))).toBe(true);
    expect(await page.getByRole("button", { name: /适老化/ }).getAttribute("aria-pressed")).toBe("true");
    await page.screenshot({ path: join(SHOTS, "portal.png") });
    expect(browser.errors).toEqual([]);
  });
});
