import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser, type Server, SHOTS, signIn, startServer } from "./harness";

/** Issue 11: pairing a kiosk by a short code (item 11), and a closed day that asks first (item 12). */
let server: Server;
let browser: Browser & { errors: string[] };

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser();
  await signIn(browser.page, server.url, "zgc.manager");
  await browser.page.getByRole("menuitem", { name: "设备" }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function siteId(code: string): Promise<string> {
  const res = await browser.page.request.get(`${server.url}/api/sites`);
  const sites = (await res.json()) as { id: string; code: string }[];
  const s = sites.find((x) => x.code === code);
  if (!s) throw new Error(`no site ${code}`);
  return s.id;
}

describe("the front line", () => {
  it("answers HEAD for every app (uptime monitors), and sends hashed assets compressed and cached for good", async () => {
    for (const app of ["kiosk", "portal", "manage", "display", "counter", "district", "evaluator"]) {
      const res = await fetch(`${server.url}/${app}/`, { method: "HEAD" });
      expect(res.status, app).toBe(200);
    }
    const html = await (await fetch(`${server.url}/kiosk/`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const res = await fetch(`${server.url}${asset}`, { headers: { "accept-encoding": "br, gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(res.headers.get("cache-control")).toContain("max-age=31536000");
    // The app shell itself is revalidated, so a new release reaches every screen.
    expect((await fetch(`${server.url}/kiosk/`)).headers.get("cache-control")).toBe("no-cache");
  });

  it("pairs a kiosk by the short code it shows, confirmed by a manager who scanned its QR code", async () => {
    const { page, context } = browser;
    const kiosk = await context.newPage();
    await kiosk.setViewportSize({ width: 1080, height: 1920 });
    await kiosk.goto(`${server.url}/kiosk/`);
    const codeBox = kiosk.getByTestId("pairing-code");
    await expect
      .poll(async () => (await codeBox.textContent())?.trim(), { timeout: 15_000 })
      .toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const code = ((await codeBox.textContent()) ?? "").trim();
    await kiosk.getByAltText(/配对二维码/).waitFor();
    await kiosk.screenshot({ path: join(SHOTS, "kiosk-pairing-code.png") });

    // The QR code opens the devices page with the code filled in; the manager names the kiosk.
    await page.goto(`${server.url}/manage/devices?pair=${code}`);
    const dialog = page.getByRole("dialog");
    await dialog.getByText("自助取号机").waitFor();
    await dialog.getByLabel("设备名称").fill("二楼取号机");
    await page.screenshot({ path: join(SHOTS, "manage-pair-device.png") });
    await dialog.getByRole("button", { name: "确认配对" }).click();
    await page.getByText("已配对：二楼取号机").waitFor();
    await page.getByRole("row").filter({ hasText: "二楼取号机" }).getByText("使用中").waitFor();

    // The kiosk collects its token by itself and starts.
    await kiosk.getByText("海淀区中关村街道政务服务中心").waitFor({ timeout: 15_000 });
    await kiosk
      .getByText(/请选择办理业务|当前不在办公时间/)
      .first()
      .waitFor();
    await kiosk.screenshot({ path: join(SHOTS, "kiosk-paired-by-code.png") });
    await kiosk.close();
  });

  it("closing a day asks first and says what it does to that day's tickets and bookings; Enter alone saves nothing", async () => {
    const { page } = browser;
    const id = await siteId("zgc-street");
    await page.goto(`${server.url}/manage/sites/${id}`);
    await page.getByRole("tab", { name: "特殊日期安排" }).click();
    const date = page.locator(".ant-picker input").first();
    await date.click();
    await date.fill("2026-12-30");
    await date.press("Enter");
    const confirm = page.getByRole("dialog");
    await confirm.locator(".ant-modal-confirm-title").filter({ hasText: "确定 2026-12-30 闭馆？" }).waitFor();
    await confirm.getByText(/全天不办公/).waitFor();
    await confirm.getByText(/预约/).first().waitFor();
    await page.screenshot({ path: join(SHOTS, "manage-close-day-confirm.png") });
    // A second Enter (the old way to close the hall by accident) lands on 取消.
    await page.keyboard.press("Enter");
    await confirm.waitFor({ state: "hidden" });
    // Nothing was saved.
    const before = await page.request.get(`${server.url}/api/sites/${id}`);
    expect(((await before.json()) as { exceptions: { date: string }[] }).exceptions.map((e) => e.date)).not.toContain("2026-12-30");

    await page.getByRole("button", { name: "添加特殊安排" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "确定闭馆" }).click();
    await page.getByRole("cell", { name: "2026-12-30" }).waitFor();
  });
});
