import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SITES } from "../server/src/seed/demo-district";
import type { Guide } from "../web/src/api/catalog";
import { fromValues, toValues } from "../web/src/apps/manage/pages/catalog/guideForm";
import { type Browser, openBrowser, ROOT, type Server, SHOTS, signIn, startServer } from "./harness";

const AXE = join(ROOT, "node_modules", "axe-core", "axe.min.js");
const CODE = "00013112800001"; // 个体工商户设立登记: result 营业执照
const NAME = "个体工商户设立登记";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

let server: Server;
let browser: Browser & { errors: string[] };

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core on the page as it is now: no serious or critical violation. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const violations: Violation[] = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: Record<string, unknown>[] }> } }).axe;
    const r = await axe.run(document);
    return r.violations.map((v) => ({
      id: String(v.id),
      impact: (v.impact as string | null) ?? null,
      help: String(v.help),
      nodes: (v.nodes as { target: string[] }[]).slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad, `${what}: ${JSON.stringify(bad, null, 1)}`).toEqual([]);
}

async function shot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: join(SHOTS, name), fullPage });
}

/** Material names of the guide in force, as the API gives them. */
async function materialNames(code: string): Promise<string[]> {
  const res = await fetch(`${server.url}/api/public/items/${code}`);
  const item = (await res.json()) as { guide: { materials: { name: string }[] } };
  return item.guide.materials.map((m) => m.name);
}

const squash = (s: string) => s.replace(/\s+/g, "");

/** An 11-digit mainland mobile number, not part of a longer digit run. */
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

/** The page (its text, shown or hidden) holds no mobile number and no full name of a seeded responsible person. */
async function expectNoPersonalData(page: Page, what: string): Promise<void> {
  // textContent, not innerText: text hidden by CSS is still sent to the person, so it counts too.
  const text = await page.evaluate(() => document.body.textContent ?? "");
  expect(text, what).not.toMatch(MOBILE);
  for (const s of DEMO_SITES) {
    expect(text, `${what}: ${s.responsiblePerson}`).not.toContain(s.responsiblePerson);
    expect(text, what).not.toContain(s.responsiblePhone);
  }
}

/** Signs in as the district administrator unless this browser already is. */
async function asAdmin(page: Page): Promise<void> {
  const me = await page.request.get(`${server.url}/api/auth/me`);
  if (!me.ok()) await signIn(page, server.url, "admin");
}

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
    const names = await materialNames(CODE);
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

describe("catalog in the management platform", () => {
  it("edits a guide, publishes it with a change note, and the portal shows the new version and keeps the old one", async () => {
    const { page } = browser;
    await page.setViewportSize(DESKTOP);
    await asAdmin(page);
    await page.getByRole("menuitem", { name: "事项清单" }).click();
    await page.getByRole("heading", { name: "事项清单" }).waitFor();
    await page.getByRole("link", { name: NAME }).waitFor();
    await shot(page, "manage-catalog-list.png");

    await page.getByRole("link", { name: NAME }).click();
    await page.getByRole("heading", { name: NAME }).waitFor();
    await page.getByLabel("咨询电话").fill("010-62510001");
    await page.getByRole("button", { name: /保存草稿/ }).click();
    await page.getByText("草稿已保存").waitFor();
    await page.getByText("第 2 版草稿").first().waitFor();
    await shot(page, "manage-catalog-editor.png");

    await page.getByRole("button", { name: /发布/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("变更说明").fill("公布咨询电话");
    await dialog.getByRole("button", { name: /发\s*布/ }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText("第 2 版已发布").first().waitFor();
    await page.getByRole("tab", { name: "版本" }).click();
    await page.getByRole("cell", { name: "公布咨询电话" }).waitFor();
    expect(browser.errors).toEqual([]);

    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/portal/items/${CODE}`);
    await page.getByText("第 2 版", { exact: false }).first().waitFor();
    await page.getByRole("link", { name: "010-62510001" }).waitFor();
    await page.getByText("公布咨询电话").waitFor();
    await page.getByRole("link", { name: /查看此版本.*第 1 版/ }).click();
    await page.getByText(/您在查看第 1 版/).waitFor();
    expect(await page.getByRole("link", { name: "010-62510001" }).count()).toBe(0);
    await expectAccessible(page, "earlier version");
    await shot(page, "catalog-guide-v1-phone.png", false);
  });

  it("labels a version announced for a later date as coming, not as no longer applying", async () => {
    const { page } = browser;
    await asAdmin(page);
    const code = "00013112800003";
    const items = (await (await page.request.get(`${server.url}/api/catalog/items`)).json()) as { id: string; code: string }[];
    const id = items.find((i) => i.code === code)?.id as string;
    const current = (await (await fetch(`${server.url}/api/public/items/${code}`)).json()) as { version: number; guide: object };
    const draft = await page.request.put(`${server.url}/api/catalog/items/${id}/draft`, {
      data: { guide: { ...current.guide, hours: "周一至周六 9:00-17:00" } },
    });
    expect(draft.status()).toBe(200);
    const effectiveFrom = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const pub = await page.request.post(`${server.url}/api/catalog/items/${id}/publish`, {
      data: { changeNote: "周六增加办理", effectiveFrom },
    });
    expect(pub.status(), await pub.text()).toBe(200);
    const next = current.version + 1;

    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/portal/items/${code}/versions/${next}`);
    await page.getByText(/此版本自.*起施行/).waitFor();
    expect(await page.getByText(/不再适用/).count()).toBe(0);
    // The history marks the version in force as current, not the announced one.
    const history = page.locator("section[aria-labelledby='g-history']");
    await history.getByText("周六增加办理").waitFor();
    await expect(history.locator("li", { hasText: "周六增加办理" }).getByText("现行").count()).resolves.toBe(0);
    await page.goto(`${server.url}/portal/items/${code}/versions/${current.version}`);
    await page
      .getByText(/现行|第 \d+ 版/)
      .first()
      .waitFor();
    expect(await page.getByText(/不再适用/).count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });

  it("imports a workbook with a bad row: the row, column and reason are shown and nothing changes", async () => {
    const { page } = browser;
    await page.setViewportSize(DESKTOP);
    await asAdmin(page);
    await page.goto(`${server.url}/manage/catalog/items`);
    await page.getByRole("link", { name: NAME }).waitFor();
    const exported = await page.request.get(`${server.url}/api/catalog/export.xlsx`);
    expect(exported.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exported.body()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    let typeCol = 0;
    ws.getRow(1).eachCell((cell, col) => {
      if (cell.text.startsWith("事项类型")) typeCol = col;
    });
    expect(typeCol).toBeGreaterThan(0);
    ws.getRow(3).getCell(typeCol).value = "行政审批"; // not a kind of item
    const bad = Buffer.from(await wb.xlsx.writeBuffer());

    await page.getByRole("button", { name: /导入/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.locator("input[type=file]").setInputFiles({ name: "items.xlsx", mimeType: XLSX, buffer: bad });
    await dialog.getByText(/行有问题，未导入任何数据/).waitFor();
    const row = dialog
      .getByRole("row")
      .filter({ hasText: "行政审批" })
      .or(dialog.getByRole("row").filter({ hasText: "应为以下之一" }));
    await row.first().waitFor();
    expect(await row.first().getByRole("cell").allTextContents()).toContain("3");
    await shot(page, "manage-catalog-import-errors.png", false);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
  });

  it("shows the coverage report to the district office, and names the bad rows of a city list", async () => {
    const { page } = browser;
    await page.setViewportSize(DESKTOP);
    await asAdmin(page);
    await page.goto(`${server.url}/manage/catalog/coverage`);
    await page.getByRole("heading", { name: "事项覆盖（应进必进）" }).waitFor();
    await page.getByText("无处办理").first().waitFor();
    await page
      .getByText(/事项未进驻任何办理场所/)
      .first()
      .waitFor();
    await shot(page, "manage-catalog-coverage.png");

    const csv = "事项编码,事项名称,实施部门\nA-1,测试事项,区民政局\n,缺编码,区民政局\n";
    await page.locator("input[type=file]").setInputFiles({ name: "city.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page
      .getByText(/行 3.*事项编码为空/)
      .first()
      .waitFor();
    expect(browser.errors).toEqual([]);
  });
});

describe("manage guide form", () => {
  it("keeps every 容缺 material named, trimmed, so the server can say which one is not listed", async () => {
    await asAdmin(browser.page);
    const item = (await (await fetch(`${server.url}/api/public/items/${CODE}`)).json()) as { guide: Guide };
    const values = toValues(item.guide);
    const first = values.materials[0]?.name as string;
    values.minorGaps = { allowed: true, materials: [` ${first} `, "已删除的材料", " "], deadlineDays: 5 };
    const g = fromValues(values);
    expect(g.minorGaps.materials).toEqual([first, "已删除的材料"]);
    // The server refuses it with the name, rather than the form saving a shorter list silently.
    const id = ((await (await browser.page.request.get(`${server.url}/api/catalog/items`)).json()) as { id: string; code: string }[]).find(
      (i) => i.code === CODE,
    )?.id as string;
    const res = await browser.page.request.put(`${server.url}/api/catalog/items/${id}/draft`, { data: { guide: g } });
    expect(res.status()).toBe(400);
    expect(await res.json()).toMatchObject({
      code: "minor_gaps_material_unknown",
      message: { zh: expect.stringContaining("已删除的材料") },
    });
  });
});
