import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs } from "./hall-helpers";
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

/**
 * Issue 10, item 7: from November the district administrator sees, in the manage app and the
 * district view, that next year is missing from the working-day calendar. The server runs on the
 * real clock: the demo calendar holds 2026 only, so in November and December 2026 (and in any
 * later year) the warning is due; the test follows what the server says is due.
 */
describe("the missing-year warning", () => {
  it("warns the district administrator in both apps until the year is imported", { timeout: 120_000 }, async () => {
    const api = await apiAs(server, "admin");
    const status = await api<{ missingYears: number[]; warning: { zh: string } | null }>("GET", "/api/calendar/status");
    const { page } = browser;
    await signIn(page, server.url, "admin");
    await page.locator(".shell-content").waitFor();
    const warning = page.getByTestId("calendar-warning");
    if (status.warning) {
      await warning.getByText(`${status.missingYears[0]}年节假日安排尚未导入工作日历`, { exact: false }).waitFor();
      await page.screenshot({ path: join(SHOTS, "manage-calendar-warning.png") });
      await page.goto(`${server.url}/district/`);
      await page.getByTestId("calendar-warning").waitFor();
      await page.screenshot({ path: join(SHOTS, "district-calendar-warning.png") });
      for (const year of status.missingYears)
        await api("PUT", `/api/calendar/years/${year}`, {
          source: "测试导入",
          days: [{ date: `${year}-01-01`, kind: "holiday", name: "元旦" }],
        });
    }
    await page.goto(`${server.url}/district/`);
    await page.getByRole("table").first().waitFor();
    expect(await page.getByTestId("calendar-warning").count()).toBe(0);
    // A site manager never sees it.
    await browser.context.clearCookies();
    await signIn(page, server.url, "zgc.manager");
    await page.locator(".shell-content").waitFor();
    expect(await page.getByTestId("calendar-warning").count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });
});
