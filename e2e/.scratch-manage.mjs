import { chromium } from "playwright-core";

const base = process.env.BASE ?? "http://127.0.0.1:8090";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
const page = await ctx.newPage();
page.on("pageerror", (e) => console.log("PAGEERROR", e.message));
page.on("console", (m) => m.type() === "error" && console.log("CONSOLE", m.text().slice(0, 200)));
await page.goto(`${base}/manage/`);
await page.getByLabel("用户名").fill("admin");
await page.getByLabel("密码").fill("govhall2026");
await page.getByRole("button", { name: /登\s*录/ }).click();
await page.waitForTimeout(1500);
for (const p of process.argv.slice(2)) {
  await page.goto(`${base}${p}`);
  await page.waitForTimeout(2000);
  const name = p.replace(/[^a-z0-9]+/gi, "_") + ".png";
  await page.screenshot({ path: `/tmp/webdev/shots/m${name}`, fullPage: true });
  console.log("shot", name);
}
await browser.close();
