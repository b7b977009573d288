import { chromium } from "playwright-core";

const base = process.env.BASE ?? "http://127.0.0.1:8090";
const [, , w = "390", h = "844", elder = "0", ...paths] = process.argv;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const ctx = await browser.newContext({ viewport: { width: +w, height: +h }, locale: "zh-CN" });
const page = await ctx.newPage();
page.on("pageerror", (e) => console.log("PAGEERROR", e.message));
await page.goto(`${base}/portal/`);
await page.evaluate((e) => {
  localStorage.setItem("govhall.portal.elder", e);
  localStorage.setItem("govhall.lang", "zh");
}, elder);
for (const p of paths) {
  await page.goto(`${base}${p}`);
  await page.waitForTimeout(1500);
  const name = p.replace(/[^a-z0-9]+/gi, "_") + `_${w}_${elder}.png`;
  await page.screenshot({ path: `/tmp/webdev/shots/${name}`, fullPage: true });
  await page.addScriptTag({ path: "/work/wt-web/node_modules/axe-core/axe.min.js" });
  const r = await page.evaluate(async () =>
    (await window.axe.run()).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      n: v.nodes.length,
      t: v.nodes.slice(0, 3).map((x) => x.target.join(" ") + " :: " + x.failureSummary?.slice(0, 160)),
    })),
  );
  console.log(p, name, JSON.stringify(r, null, 1));
}
await browser.close();
