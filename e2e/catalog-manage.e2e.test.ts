import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Guide } from "../web/src/api/catalog";
import { fromValues, toValues } from "../web/src/apps/manage/pages/catalog/guideForm";
import { asAdmin, CODE, DESKTOP, expectAccessible, NAME, PHONE, shot, XLSX } from "./catalog-helpers";
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

describe("catalog in the management platform", () => {
  it("edits a guide, publishes it with a change note, and the portal shows the new version and keeps the old one", async () => {
    const { page } = browser;
    await page.setViewportSize(DESKTOP);
    await asAdmin(page, server);
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
    await asAdmin(page, server);
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
    await asAdmin(page, server);
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
    await asAdmin(page, server);
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
    await asAdmin(browser.page, server);
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
