import { chromium } from "playwright-core";

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();
await page.goto("http://127.0.0.1:8090/portal/sites");
await page.waitForTimeout(1500);
console.log(
  await page.evaluate(() => {
    const out = [];
    for (const sh of document.styleSheets) {
      try {
        for (const r of sh.cssRules) if (r.cssText.includes("ant-tag-green")) out.push(r.cssText.slice(0, 300));
      } catch {}
    }
    return out.join("\n");
  }),
);
await browser.close();
