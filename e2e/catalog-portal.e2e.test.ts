import { readFileSync } from "node:fs";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SITES } from "../server/src/seed/demo-district";
import { CODE, DESKTOP, expectAccessible, expectNoPersonalData, materialNames, NAME, PHONE, shot, squash } from "./catalog-helpers";
import { type Browser, openBrowser, type Server, startServer } from "./harness";

let server: Server;
let browser: Browser & { errors: string[] };

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser(PHONE);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("service catalog on the public portal", () => {
  it("finds 营业执照 items by 执照 and by the pinyin initials yyzz", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/portal/`);
    await page.getByRole("heading", { name: "我要办事" }).waitFor();
    await page.getByRole("link", { name: "就业登记", exact: true }).waitFor(); // browse: every item before a search
    await expectAccessible(page, "portal home");
    await shot(page, "catalog-home-phone.png");

    const box = page.getByLabel("搜索办事事项");
    await box.fill("执照");
    await box.press("Enter");
    await page.getByRole("link", { name: NAME }).waitFor();
    await expect.poll(() => page.getByRole("link", { name: "就业登记", exact: true }).count()).toBe(0);
    expect(page.url()).toContain("q=");

    await page.getByLabel("搜索办事事项").fill("yyzz");
    await page.getByLabel("搜索办事事项").press("Enter");
    await page.getByRole("link", { name: NAME }).waitFor();
    await page.getByRole("link", { name: "公司设立登记" }).waitFor();
    await expectAccessible(page, "search results");
    await shot(page, "catalog-search-phone.png");
  });

  it("browses by department and for businesses", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/portal/`);
    await page.getByRole("button", { name: "区民政局" }).click();
    await page.getByRole("link", { name: "内地居民结婚登记" }).waitFor();
    await expect.poll(() => page.getByRole("link", { name: NAME }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "区民政局" }).getAttribute("aria-pressed")).toBe("true");

    await page.getByRole("tab", { name: "法人办事" }).click();
    await page.getByRole("link", { name: "公司设立登记" }).waitFor();
    await expect.poll(() => page.getByRole("link", { name: "内地居民结婚登记" }).count()).toBe(0);
    await expectAccessible(page, "browse for businesses");
  });

  it("shows a guide as a checklist, and the one-time notification slip as print view and PDF with every material", async () => {
    const { page } = browser;
    const names = await materialNames(server, CODE);
    expect(names.length).toBeGreaterThan(2);

    await page.goto(`${server.url}/portal/?q=yyzz`);
    await page.getByRole("link", { name: NAME }).click();
    await page.getByRole("heading", { level: 1, name: NAME }).waitFor();
    for (const n of names) await page.getByText(n, { exact: true }).first().waitFor();
    await page.getByRole("heading", { name: "需要准备的材料" }).waitFor();
    await page.getByRole("heading", { name: "办理步骤" }).waitFor();
    await page.getByText("即办（当场办结）").first().waitFor();
    await page.getByRole("heading", { name: "版本与变更记录" }).waitFor();
    await expectAccessible(page, "guide");
    await shot(page, "catalog-guide-phone.png");

    // The print view of the slip: conditions, the whole material list, steps, limits.
    await page.getByRole("link", { name: /一次性告知单/ }).click();
    await page.getByRole("heading", { name: "一次性告知单" }).waitFor();
    const table = page.getByRole("table");
    for (const n of names) await table.getByText(n, { exact: true }).waitFor();
    await expectAccessible(page, "slip print view");
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    expect(await page.getByRole("button", { name: /打\s*印/ }).isVisible()).toBe(false);
    await shot(page, "catalog-slip-print.png");
    await page.emulateMedia({ media: "screen" });
    await page.setViewportSize(PHONE);

    // The PDF: its text carries every material of the guide.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /下载\s*PDF/ }).click()]);
    const path = await download.path();
    const bytes = new Uint8Array(readFileSync(path));
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    const flat = squash(text);
    expect(flat).toContain("一次性告知单");
    for (const n of names) expect(flat, `PDF lacks ${n}`).toContain(squash(n));
  });

  it("switches to elder mode in one click and remembers it", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/portal/items/${CODE}`);
    await page.getByRole("heading", { level: 1, name: NAME }).waitFor();
    const before = await page.getByRole("heading", { level: 1 }).evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    await page.getByRole("button", { name: "适老化" }).click();
    await expect.poll(() => page.evaluate(() => document.body.classList.contains("elder"))).toBe(true);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: NAME }).waitFor();
    expect(await page.evaluate(() => document.body.classList.contains("elder"))).toBe(true);
    expect(await page.getByRole("button", { name: "适老化" }).getAttribute("aria-pressed")).toBe("true");
    const after = await page.getByRole("heading", { level: 1 }).evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(after).toBeGreaterThan(before);
    await expectAccessible(page, "guide in elder mode");
    await shot(page, "catalog-guide-elder-phone.png", false);
    await page.goto(`${server.url}/portal/`);
    await page.getByRole("heading", { name: "我要办事" }).waitFor();
    await expectAccessible(page, "home in elder mode");
    await shot(page, "catalog-home-elder-phone.png", false);
    await page.getByRole("button", { name: "适老化" }).click();
    await expect.poll(() => page.evaluate(() => document.body.classList.contains("elder"))).toBe(false);
  });

  it("can be used with the keyboard: skip link, search, focus visible", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/portal/`);
    await page.getByRole("heading", { name: "我要办事" }).waitFor();
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => document.activeElement?.textContent ?? "");
    expect(first).toBe("跳到主要内容");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe("none");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");
  });

  it("publishes site disclosure pages and the sites list without personal data", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/portal/sites`);
    await page.getByRole("heading", { name: "海淀区中关村街道政务服务中心" }).waitFor();
    await page.waitForLoadState("networkidle");
    await expectNoPersonalData(page, "sites");
    await expectAccessible(page, "sites");
    await page.getByRole("link", { name: /本场所可办事项.*中关村街道政务服务中心/ }).click();
    await page.getByRole("heading", { level: 1, name: /海淀区中关村街道政务服务中心/ }).waitFor();
    await page.getByRole("heading", { name: /可办事项/ }).waitFor();
    await page.waitForLoadState("networkidle");
    await expectNoPersonalData(page, "site disclosure");
    await expectAccessible(page, "site disclosure");
    await shot(page, "catalog-disclosure-phone.png");
    for (const site of DEMO_SITES) {
      await page.goto(`${server.url}/portal/sites/${site.code}`);
      await page.getByRole("heading", { name: /可办事项/ }).waitFor();
      await page.waitForLoadState("networkidle");
      await expectNoPersonalData(page, site.code);
    }
  });

  it("shows the same guides in the park-site widget, inserted by widget.js", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/portal/embed?audience=enterprise`);
    await page.getByRole("link", { name: "公司设立登记" }).waitFor();
    await expectAccessible(page, "embed list");
    await page.getByRole("link", { name: "公司设立登记" }).click();
    await page.getByRole("heading", { level: 1, name: "公司设立登记" }).waitFor();
    await expectAccessible(page, "embed guide");
    await shot(page, "catalog-embed-phone.png");

    // A park website: a placeholder and the script tag; the script inserts the iframe.
    await page.setContent(
      `<!doctype html><html lang="zh-CN"><head><title>园区官网</title></head><body><main><h1>中关村软件园</h1>` +
        `<div data-govhall-widget data-audience="enterprise"></div>` +
        `<script src="${server.url}/portal/widget.js"></script></main></body></html>`,
    );
    const frame = page.frameLocator("iframe[title]");
    await frame.getByRole("link", { name: "公司设立登记" }).waitFor();
    expect(await page.locator("iframe").getAttribute("src")).toBe(`${server.url}/portal/embed?audience=enterprise`);
  });

  it("looks right on a desktop too", async () => {
    const { page } = browser;
    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.url}/portal/?q=${encodeURIComponent("执照")}`);
    await page.getByRole("link", { name: NAME }).waitFor();
    await shot(page, "catalog-search-desktop.png");
    await page.goto(`${server.url}/portal/items/${CODE}`);
    await page.getByRole("heading", { level: 1, name: NAME }).waitFor();
    await expectAccessible(page, "guide on desktop");
    await shot(page, "catalog-guide-desktop.png");
    await page.goto(`${server.url}/portal/items/${CODE}/slip`);
    await page.getByRole("heading", { name: "一次性告知单" }).waitFor();
    await shot(page, "catalog-slip-desktop.png");
    await page.setViewportSize(PHONE);
  });
});
