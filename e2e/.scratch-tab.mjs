import { chromium } from "playwright-core";

const base = process.env.BASE;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" })).newPage();
page.on("pageerror", (e) => console.log("PAGEERROR", e.message));
await page.goto(`${base}/manage/`);
await page.getByLabel("用户名").fill("admin");
await page.getByLabel("密码").fill("govhall2026");
await page.getByRole("button", { name: /登\s*录/ }).click();
await page.waitForTimeout(1200);
await page.goto(`${base}/manage/catalog/items/${process.argv[2]}`);
await page.getByRole("tab", { name: "办理场所" }).click();
await page.waitForTimeout(1500);
await page.screenshot({ path: "/tmp/webdev/shots/tab-sites.png" });
await page.getByRole("tab", { name: "版本" }).click();
await page.waitForTimeout(800);
await page.screenshot({ path: "/tmp/webdev/shots/tab-versions.png" });
await page.goto(`${base}/manage/catalog/items`);
await page.getByRole("button", { name: /导入/ }).click();
await page.locator("input[type=file]").setInputFiles({
  name: "bad.xlsx",
  mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  buffer: Buffer.from("not a workbook"),
});
await page.waitForTimeout(1500);
await page.screenshot({ path: "/tmp/webdev/shots/import-bad.png" });
await browser.close();
