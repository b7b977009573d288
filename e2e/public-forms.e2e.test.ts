import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser, type Server, SHOTS, startServer } from "./harness";

/** Issue 11, items 7 and 8: public forms that say what is wrong, and a booking page a phone can use. */
let server: Server;
let browser: Browser & { errors: string[] };

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser({ width: 390, height: 844 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("public forms on a phone", () => {
  it("says what is wrong with each field and how to fix it, then books and shows a check-in QR code and the site's phone", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/portal/booking`);
    await page.getByRole("button", { name: /海淀区中关村街道政务服务中心/ }).click();
    await page.getByRole("button", { name: "社会保障" }).click();
    const slot = page.locator(".b-slot").first();
    await slot.waitFor();
    // Only slots a person can book are listed: none disabled, no «未开放» rows before the first free one.
    expect(await page.locator(".b-slot[disabled]").count()).toBe(0);
    expect(await page.getByText("未开放").count()).toBe(0);
    await slot.click();

    await page.getByText(/名额已为您保留/).waitFor();
    await page.getByLabel("姓名").fill("王小明");
    await page.getByLabel("身份证号").fill("110101199003071234");
    await page.getByLabel("手机号").fill("1391234567");
    await page.getByLabel("短信验证码").fill("12");
    await page.getByRole("button", { name: "确认预约" }).click();
    await page.getByText("身份证号最后一位校验不符，可能有一位输错，请逐位核对证件").waitFor();
    await page.getByText("手机号应为 11 位，您填了 10 位").waitFor();
    await page.getByText("验证码是短信里的 6 位数字").waitFor();
    await page.screenshot({ path: join(SHOTS, "booking-form-errors.png"), fullPage: true });

    await page.getByLabel("身份证号").fill("110101199002301233");
    await page.getByText(/出生日期 1990-02-30 不存在/).waitFor();
    await page.getByLabel("身份证号").fill("110101199003071233");
    await page.getByLabel("手机号").fill("13912345678");
    await page.getByRole("button", { name: "获取验证码" }).click();
    const demo = (await page.locator(".b-demo").textContent()) ?? "";
    await page.getByLabel("短信验证码").fill(/(\d{6})/.exec(demo)?.[1] ?? "");
    await page.getByRole("button", { name: "确认预约" }).click();
    await page.getByText("预约成功").waitFor();
    const code = ((await page.getByTestId("booking-code").textContent()) ?? "").trim();
    await page.getByAltText(`预约码 ${code} 的二维码`).waitFor();
    await page.getByText(/取号机“预约签到”或窗口出示此码/).waitFor();
    expect(await page.getByRole("link", { name: "010-62510001" }).getAttribute("href")).toBe("tel:01062510001");
    await page.screenshot({ path: join(SHOTS, "booking-qr.png"), fullPage: true });
  });

  it("a guide of a bookable item links where to book it", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/portal/items/00013112800001`);
    const link = page.getByRole("link", { name: /在海淀区市场监督管理局政务服务大厅.*预约/ }).first();
    await link.waitFor();
    await page.screenshot({ path: join(SHOTS, "guide-booking-link.png") });
    await link.click();
    await page.locator(".b-slot").first().waitFor();
    expect(page.url()).toContain("site=scjg-hall");
  });
});
