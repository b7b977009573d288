import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, apiAs, openAllDay, pair, queueIdOf } from "./hall-helpers";
import { type Browser, openBrowser, type Server, SHOTS, startServer } from "./harness";

/**
 * Issue 11, item 4, on the pages themselves: the live ticket page's estimate (the same place gives
 * the same words, a free window means «即将叫号», nothing invented before a service has finished),
 * its cancel confirmation, and «明天 9:00» where a closed hall says when it opens.
 */
let server: Server;
let browser: Browser & { errors: string[] };
let manager: Api;
let site: { id: string; code: string };

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser({ width: 390, height: 844 });
  manager = await apiAs(server, "zgc.manager");
  site = await openAllDay(manager);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Issued {
  id: string;
  code: string;
  number: string;
}

async function ticketPage(code: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/t/${code}`);
  await page.getByTestId("people-ahead").waitFor();
  return page;
}

const estimate = (page: Page) => page.getByTestId("wait-estimate").textContent();
const ahead = async (page: Page) => ((await page.getByTestId("people-ahead").textContent()) ?? "").replace(/\D/g, "");

describe("the live ticket page", () => {
  let pages: Page[] = [];

  it("gives the same place the same estimate: 即将叫号 at a free window, and no invented minutes before a service ends", async () => {
    const windows = await manager<{ id: string; number: number }[]>("GET", `/api/sites/${site.id}/windows`);
    const w1 = windows.find((w) => w.number === 1)?.id ?? "";
    const queueA = await queueIdOf(manager, site.id, "A");
    const queueC = await queueIdOf(manager, site.id, "C");
    // Window 1 serves A and C; it opens and is free.
    const staff = await apiAs(server, "zgc.window1");
    await staff("POST", `/api/windows/${w1}/open`);
    const guide = await apiAs(server, "zgc.guide");
    const issue = (queueId: string) => guide<Issued>("POST", `/api/sites/${site.id}/tickets`, { queueId });
    const a1 = await issue(queueA);
    const c1 = await issue(queueC);
    const a2 = await issue(queueA);

    pages = [await ticketPage(a1.code), await ticketPage(c1.code), await ticketPage(a2.code)];
    const [pa1, pc1, pa2] = pages as [Page, Page, Page];
    // First in line in two queues, one free window: both will be called at once, in the same words.
    expect(await ahead(pa1)).toBe("0");
    expect(await ahead(pc1)).toBe("0");
    expect(await estimate(pa1)).toBe("即将叫号");
    expect(await estimate(pc1)).toBe("即将叫号");
    await pa1.screenshot({ path: join(SHOTS, "ticket-estimate-now.png") });
    // Second in line, nothing finished today: no estimate rather than a made-up 5 minutes.
    expect(await ahead(pa2)).toBe("1");
    expect(await estimate(pa2)).toBe("暂无法估计（今日尚无办结记录或无窗口开放）");
    expect(await estimate(pa2)).not.toMatch(/\d\s*分钟/);
    await pa2.screenshot({ path: join(SHOTS, "ticket-estimate-unknown.png") });

    // A001 is called: A002 moves up but the only window is busy and nothing has finished yet.
    const called = await staff<Issued>("POST", `/api/windows/${w1}/call-next`);
    expect(called.number).toBe(a1.number);
    await pa1.getByTestId("called-banner").waitFor();
    await expect.poll(() => ahead(pa2), { timeout: 15_000 }).toBe("0");
    expect(await estimate(pa2)).toBe("暂无法估计（今日尚无办结记录或无窗口开放）");
    // C001's place did not move, but the window it shares is taken: its page follows (pushed, not polled).
    await expect.poll(() => estimate(pc1), { timeout: 15_000 }).toBe("暂无法估计（今日尚无办结记录或无窗口开放）");
    // A001 done: the window is free again, so the first in line is called at once.
    await staff("POST", `/api/windows/${w1}/tickets/${a1.id}/start`);
    await staff("POST", `/api/windows/${w1}/tickets/${a1.id}/finish`);
    await expect.poll(() => estimate(pa2), { timeout: 15_000 }).toBe("即将叫号");
    await expect.poll(() => estimate(pc1), { timeout: 15_000 }).toBe("即将叫号");
    await pa2.screenshot({ path: join(SHOTS, "ticket-estimate-after-finish.png") });
    expect(browser.errors).toEqual([]);
  });

  it("asks before it cancels: 不取消 keeps the ticket, 确定取消 cancels it", async () => {
    const page = pages[1] as Page;
    await page.getByRole("button", { name: "取消排队" }).click();
    const confirm = page.getByRole("group", { name: "取消排队" });
    await confirm.getByText("确定取消这个号？取消后需重新取号。").waitFor();
    await page.screenshot({ path: join(SHOTS, "ticket-cancel-confirm.png") });
    await confirm.getByRole("button", { name: "不取消" }).click();
    await confirm.waitFor({ state: "detached" });
    await page.getByTestId("people-ahead").waitFor();
    expect(await page.getByText("该号已取消").count()).toBe(0);

    await page.getByRole("button", { name: "取消排队" }).click();
    await page.getByRole("group", { name: "取消排队" }).getByRole("button", { name: "确定取消" }).click();
    await page.getByText("该号已取消").waitFor();
    await page.getByRole("status").filter({ hasText: "已取消" }).waitFor();
    expect(await page.getByRole("button", { name: "取消排队" }).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, "ticket-cancelled.png") });
    for (const p of pages) await p.close();
  });

  it("a hall closed until tomorrow says «明天 9:00» on the kiosk and at the guide desk", async () => {
    const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    await manager("PUT", `/api/sites/${site.id}/hour-exceptions`, { date: day(0), closed: true, note: "测试闭馆" });
    await manager("PUT", `/api/sites/${site.id}/hour-exceptions`, {
      date: day(1),
      closed: false,
      opens: "09:00",
      closes: "17:00",
      note: "测试",
    });
    const { token } = await manager<{ token: string }>("POST", `/api/sites/${site.id}/devices`, { kind: "kiosk", name: "闭馆测试取号机" });
    const kiosk = await browser.context.newPage();
    await kiosk.setViewportSize({ width: 1080, height: 1920 });
    await pair(kiosk, server, "kiosk", token);
    await kiosk.getByText("当前不在办公时间").waitFor();
    await kiosk.getByText("本场所将于 明天 9:00 开始办公，请届时再来取号").waitFor();
    expect(await kiosk.textContent("body")).not.toContain(day(1));
    await kiosk.screenshot({ path: join(SHOTS, "kiosk-closed-tomorrow.png") });
    await kiosk.close();

    const desk = await browser.context.newPage();
    await desk.setViewportSize({ width: 1280, height: 800 });
    await desk.goto(`${server.url}/counter/`);
    await desk.getByLabel("用户名").fill("zgc.guide");
    await desk.getByLabel("密码").fill("govhall2026");
    await desk.getByRole("button", { name: /登\s*录/ }).click();
    await desk.getByText("现在不在办公时间，不能取号；本场所将于 明天 9:00 开始办公").waitFor();
    await desk.screenshot({ path: join(SHOTS, "counter-guide-closed-tomorrow.png") });

    // Item 14: the manager's live view says the hall is closed, and when it opens, instead of «各队列运行正常».
    await desk.context().clearCookies();
    await desk.goto(`${server.url}/manage/`);
    await desk.getByLabel("用户名").fill("zgc.manager");
    await desk.getByLabel("密码").fill("govhall2026");
    await desk.getByRole("button", { name: /登\s*录/ }).click();
    await desk.getByRole("menuitem", { name: "排队实况" }).click();
    await desk.getByText("当前不在办公时间，不能取号；下次开放：明天 9:00").waitFor();
    expect(await desk.getByText("各队列运行正常").count()).toBe(0);
    await desk.screenshot({ path: join(SHOTS, "manage-live-closed-tomorrow.png") });
    // Item 5: the queue settings page says that 依法优先 means next in line by default.
    await desk.getByRole("menuitem", { name: "队列设置" }).click();
    await desk.getByRole("tab", { name: "叫号与预警" }).click();
    await desk.getByText(/默认 0：依法优先即“下一位”/).waitFor();
    await desk.screenshot({ path: join(SHOTS, "manage-queue-settings-priority.png") });
    await desk.close();
  });
});
