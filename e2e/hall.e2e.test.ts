import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./catalog-helpers";
import { apiAs, openAllDay, pair, queueIdOf } from "./hall-helpers";
import { type Browser, DEMO_PASSWORD, openBrowser, type Server, SHOTS, startServer } from "./harness";

// The hall as the public hears and sees it (issue 11, items 1–3; issue 9: the display's spoken call
// and the counter's F1–F8 keys): every key of the console does its action, the display speaks a
// call and a recall, drops what nobody should act on, and a ticket taken for an item names it.
let server: Server;
let browser: Browser & { errors: string[] };

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Wraps speechSynthesis.speak before the page runs: every utterance the page hands over is kept in window.__spoken. */
async function listenToSpeech(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __spoken: string[]; speechSynthesis?: SpeechSynthesis };
    w.__spoken = [];
    const synth = w.speechSynthesis;
    if (!synth) return;
    const speak = synth.speak.bind(synth);
    synth.speak = (u: SpeechSynthesisUtterance) => {
      w.__spoken.push(u.text);
      try {
        speak(u);
      } catch {
        // no audio device: what was handed over is what counts
      }
    };
  });
}
const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);

describe("the hall display and the counter console", () => {
  it("F1–F8 each do their action; the display speaks a call and a recall and shows only standing calls", {
    timeout: 300_000,
  }, async () => {
    const api = await apiAs(server, "zgc.manager");
    const site = await openAllDay(api);
    const settings = await api<Record<string, number>>("GET", `/api/sites/${site.id}/queue-settings`);
    // No-show allowed at once, so F6 can be tried without waiting out the recall rule.
    await api("PUT", `/api/sites/${site.id}/queue-settings`, { ...settings, minRecalls: 0, recallIntervalSec: 0 });
    const displayToken = (await api<{ token: string }>("POST", `/api/sites/${site.id}/devices`, { kind: "display", name: "大厅综合屏" }))
      .token;
    const queueA = await queueIdOf(api, site.id, "A");
    const issue = (body: Record<string, unknown>) =>
      api<{ id: string; number: string; code: string }>("POST", `/api/sites/${site.id}/tickets`, { queueId: queueA, ...body });
    const first = await issue({ itemCode: "DEMO-0007" });
    const second = await issue({});
    const third = await issue({});
    const fourth = await issue({});
    expect(first.number).toBe("A001");

    const display = await browser.context.newPage();
    await display.setViewportSize({ width: 1920, height: 1080 });
    await listenToSpeech(display);
    await pair(display, server, "display", displayToken);
    await display.getByTestId("display-now").waitFor();
    // Only what the public should act on: no language link, no check time, no device name.
    const boardText = (await display.locator("body").textContent()) ?? "";
    expect(boardText).not.toContain("English");
    expect(boardText).not.toContain("最近检查");
    expect(boardText).not.toContain("大厅综合屏");

    const counter = browser.page;
    await counter.bringToFront();
    await counter.goto(`${server.url}/counter/`);
    await counter.getByLabel("用户名").fill("zgc.window1");
    await counter.getByLabel("密码").fill(DEMO_PASSWORD);
    await counter.getByRole("button", { name: /登\s*录/ }).click();
    await counter.locator(".ant-card").filter({ hasText: "1号窗口 · 社会保障" }).getByRole("button", { name: "开窗签到" }).click();
    await counter.getByText("4 人等候").waitFor();
    const current = counter.getByTestId("current-ticket");
    const state = (s: string) => current.locator(".ant-tag").filter({ hasText: s }).waitFor();

    // F1 calls the next: the item's name is on the console; the display shows and speaks it.
    await counter.keyboard.press("F1");
    await current.getByText("A001").waitFor();
    await state("已叫号");
    await current.getByText("社会保障卡申领（社会保障）").waitFor();
    const call = "请A 零零一号，到1号窗口办理"; // digits spelled, as halls announce them
    await expect.poll(() => spoken(display), { timeout: 15_000 }).toEqual([call, call]);
    await display.getByTestId("display-now").getByText("A001").waitFor();

    // F2 recalls: the display flashes the number again with 重呼 and speaks it again.
    await counter.keyboard.press("F2");
    await current.locator(".ant-descriptions-item-content").filter({ hasText: /^2$/ }).waitFor();
    await expect.poll(() => spoken(display), { timeout: 15_000 }).toEqual([call, call, call, call]);
    await display.getByTestId("display-now").getByText("重呼").waitFor();
    await display.screenshot({ path: join(SHOTS, "display-recall.png") });

    // F3 starts, F4 finishes.
    await counter.keyboard.press("F3");
    await state("办理中");
    await counter.keyboard.press("F4");
    await current.getByText("当前没有叫号或办理中的号").waitFor();

    // F6 asks before a no-show; confirmed, the number leaves the display.
    await counter.keyboard.press("F1");
    await current.getByText(second.number).waitFor();
    await display.locator(".dsp-recent").getByText(second.number).waitFor();
    await counter.keyboard.press("F6");
    const confirm = counter.getByRole("dialog").filter({ hasText: `确认 ${second.number} 过号？` });
    await confirm.waitFor();
    await counter.screenshot({ path: join(SHOTS, "counter-no-show-confirm.png"), animations: "disabled" });
    await confirm.getByRole("button", { name: "确认过号" }).click();
    await current.getByText("当前没有叫号或办理中的号").waitFor();
    await display.locator(".dsp-recent").getByText(second.number).waitFor({ state: "detached" });

    // F7 opens the transfer; transferred, the number leaves the display too.
    await counter.keyboard.press("F1");
    await current.getByText(third.number).waitFor();
    await display.locator(".dsp-recent").getByText(third.number).waitFor();
    await counter.keyboard.press("F7");
    const transfer = counter.getByRole("dialog").filter({ hasText: `转办 ${third.number}` });
    await transfer.waitFor();
    await transfer.getByRole("combobox").first().click();
    await counter.locator(".ant-select-dropdown").getByText(/^B /).click();
    await transfer.getByRole("button", { name: /确\s*定|OK/ }).click();
    await current.getByText("当前没有叫号或办理中的号").waitFor();
    await display.locator(".dsp-recent").getByText(third.number).waitFor({ state: "detached" });

    // F8 parks with a reason.
    await counter.keyboard.press("F1");
    await current.getByText(fourth.number).waitFor();
    await counter.keyboard.press("F8");
    const park = counter.getByRole("dialog").filter({ hasText: fourth.number });
    await park.waitFor();
    await park.locator(".ant-space-item button").first().click();
    await park.getByRole("button", { name: /确\s*定|OK/ }).click();
    await counter.locator(".c-parked").getByText(fourth.number).waitFor();
    await display.locator(".dsp-recent").getByText(fourth.number).waitFor({ state: "detached" });
    await display.locator(".dsp-recent").getByText("A001").waitFor();
    await counter.screenshot({ path: join(SHOTS, "counter-keys.png") });
    await display.screenshot({ path: join(SHOTS, "display-board.png") });
    await expectAccessible(counter, "counter console");
    await expectAccessible(display, "hall display");

    // The live ticket page of the item's ticket names the item.
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${server.url}/t/${first.code}`);
    await phone.getByText("社会保障卡申领").waitFor();
    await phone.screenshot({ path: join(SHOTS, "ticket-item.png") });
    await expectAccessible(phone, "live ticket page");
    await phone.close();
    await display.close();
    expect(browser.errors).toEqual([]);
  });
});
