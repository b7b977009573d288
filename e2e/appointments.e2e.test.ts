import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser, type Server, SHOTS, startServer } from "./harness";

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

describe("booking an appointment on a phone", () => {
  it("books a slot with a code sent to the mobile, then finds and cancels it under my appointment", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/portal/`);
    await page.getByRole("link", { name: /预约办事/ }).click();
    await page.getByRole("button", { name: /海淀区中关村街道政务服务中心/ }).click();
    await page.getByRole("button", { name: "社会保障" }).click();
    const slot = page.locator(".b-slot:not([disabled])").first();
    await slot.waitFor();
    await page.screenshot({ path: join(SHOTS, "appointments-slots.png") });
    const slotText = (await slot.textContent()) ?? "";
    const time = /(\d{2}:\d{2})-/.exec(slotText)?.[1];
    await slot.click();

    await page.getByText(/名额已为您保留/).waitFor();
    await page.getByLabel("姓名").fill("王小明");
    await page.getByLabel("身份证号").fill("110101199003071234");
    await page.getByLabel("手机号").fill("13912345678");
    await page.getByRole("button", { name: "获取验证码" }).click();
    const demo = (await page.locator(".b-demo").textContent()) ?? "";
    const code = /(\d{6})/.exec(demo)?.[1] ?? "";
    expect(code).toMatch(/^\d{6}$/);
    await page.getByLabel("短信验证码").fill(code);
    await page.screenshot({ path: join(SHOTS, "appointments-form.png") });
    await page.getByRole("button", { name: "确认预约" }).click();

    await page.getByText("预约成功").waitFor();
    const bookingCode = (await page.getByTestId("booking-code").textContent()) ?? "";
    expect(bookingCode).toMatch(/^[2-9A-Z]{10}$/);
    const body = (await page.locator("body").textContent()) ?? "";
    expect(body).toContain(`${time}-`);
    expect(body).toContain("王**");
    expect(body).not.toContain("13912345678");
    expect(body).toContain("139****5678");
    expect(await page.getByRole("link", { name: /添加到日历/ }).getAttribute("href")).toBe(
      `/api/public/appointments/${bookingCode}/calendar.ics`,
    );
    await page.screenshot({ path: join(SHOTS, "appointments-booked.png"), fullPage: true });

    // My appointment: by code and mobile; cancel.
    await page.getByRole("button", { name: "查看或取消预约" }).click();
    await page.getByLabel("手机号").fill("13912345678");
    await page
      .getByRole("button", { name: "查 询" })
      .or(page.getByRole("button", { name: "查询" }))
      .click();
    await page.getByText("已预约").waitFor();
    await page
      .getByRole("button", { name: /取消预约/ })
      .first()
      .click();
    await page.locator(".ant-modal-confirm-btns .ant-btn-dangerous").click();
    await page.getByText("预约已取消").waitFor();
    await page.screenshot({ path: join(SHOTS, "appointments-cancelled.png"), fullPage: true });
    // No sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(browser.errors).toEqual([]);
  });
});
