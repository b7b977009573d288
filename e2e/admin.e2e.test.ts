import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser, type Server, SHOTS, signIn, startServer } from "./harness";

let server: Server;
let browser: Browser & { errors: string[] };

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser();
  await signIn(browser.page, server.url, "admin");
  await browser.page.getByRole("menuitem", { name: "工作日历" }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("district administrator", () => {
  it("imports a year's holidays from CSV and computes working days with it", async () => {
    const { page } = browser;
    await page.getByRole("menuitem", { name: "工作日历" }).click();
    const csv = join(mkdtempSync(join(tmpdir(), "govhall-csv-")), "2027.csv");
    const days = [1, 2, 3, 4, 5, 6, 7].map((d) => `2027-10-0${d},holiday,国庆节`);
    writeFileSync(csv, `date,kind,name\n2027-01-01,holiday,元旦\n${days.join("\n")}\n`);
    await page.locator('input[type="file"]').setInputFiles(csv);
    await page.getByText("解析结果：2027 年，共 8 天").waitFor();
    await page.getByRole("button", { name: "导入 2027 年" }).click();
    await page.getByRole("cell", { name: "2027-10-07" }).waitFor();

    // 5 working days after 2027-09-30 skip the National Day week: Oct 8, 11, 12, 13, 14.
    const from = page.getByLabel("起始日期");
    await from.click();
    await from.fill("2027-09-30");
    await from.press("Enter");
    await page.getByRole("button", { name: /计\s*算/ }).click();
    await page.getByRole("status").filter({ hasText: "2027-10-14" }).waitFor();
    await page.getByText("工作日计算").click(); // closes the date picker before the picture
    await page.locator(".ant-picker-dropdown").first().waitFor({ state: "hidden" });
    await page.screenshot({ path: join(SHOTS, "calendar.png"), fullPage: true });

    // A year nobody entered is refused by the server, and the refusal is shown.
    await from.click();
    await from.fill("2031-03-02");
    await from.press("Enter");
    await page.getByRole("button", { name: /计\s*算/ }).click();
    await page.getByRole("alert").first().waitFor();
    expect(await page.getByRole("status").count()).toBe(0);
  });

  it("browses the audit log newest first and verifies the chain", async () => {
    const { page } = browser;
    await page.getByRole("menuitem", { name: "审计日志" }).click();
    // In words: the action in Chinese, who by name and username, the change field by field.
    await page.getByRole("cell", { name: "导入年度工作日历" }).first().waitFor();
    await page
      .getByRole("cell", { name: /（admin）/ })
      .first()
      .waitFor();
    expect(await page.getByRole("cell", { name: "calendar.year.import" }).count()).toBe(0);
    const first = await page.getByRole("row").nth(1).getByRole("cell").nth(1).textContent();
    const second = await page.getByRole("row").nth(2).getByRole("cell").nth(1).textContent();
    expect(Number(first)).toBeGreaterThan(Number(second));
    await page
      .getByRole("button", { name: /展开行|Expand row/ })
      .first()
      .click();
    await page.getByRole("columnheader", { name: "字段" }).first().waitFor();
    await page.screenshot({ path: join(SHOTS, "manage-audit.png") });
    await page.getByRole("button", { name: /校\s*验/ }).click();
    await page.getByText(/审计链完整/).waitFor();
    expect(browser.errors).toEqual([]);
  });

  it("sees the scheduled jobs with their last run, lag and result", async () => {
    const { page } = browser;
    await page.getByRole("menuitem", { name: "定时任务" }).click();
    // The server's scheduler ran the day-end job at start-up (an interval job is due at once).
    const dayEnd = page.getByRole("row").filter({ hasText: "queue.day_end" });
    await dayEnd.getByText("成功").waitFor();
    await page.getByRole("row").filter({ hasText: "notifications.outbox" }).getByText("每 2 s").waitFor();
    await page.screenshot({ path: join(SHOTS, "jobs.png"), fullPage: true });
    expect(browser.errors).toEqual([]);
  });
});
