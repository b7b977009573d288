import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, openAllDay, pair } from "./hall-helpers";
import { type Browser, openBrowser, type Server, startServer } from "./harness";

let server: Server;
let browser: Browser & { errors: string[] };

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser({ width: 1080, height: 1920 });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Issue 10, item 6: the kiosk sends one Idempotency-Key per issue attempt, so a retry after a lost answer makes no second ticket. */
describe("the kiosk retries an issue whose answer was lost", () => {
  it("resends the same key after a network failure and shows the one ticket the server made", { timeout: 120_000 }, async () => {
    const api = await apiAs(server, "zgc.manager");
    const site = await openAllDay(api);
    const { token } = await api<{ token: string }>("POST", `/api/sites/${site.id}/devices`, { kind: "kiosk", name: "重试取号机" });
    const page = browser.page;
    await pair(page, server, "kiosk", token);
    await page.getByText("请选择办理业务").waitFor();

    // The first issue reaches the server (a ticket is made), but its answer never reaches the kiosk.
    const keys: string[] = [];
    const numbers: string[] = [];
    await page.route(/\/api\/sites\/[^/]+\/tickets$/, async (route) => {
      keys.push(route.request().headers()["idempotency-key"] ?? "");
      const res = await route.fetch();
      numbers.push(((await res.json()) as { number: string }).number);
      if (keys.length === 1) await route.abort("failed");
      else await route.fulfill({ response: res });
    });
    await page.getByRole("button", { name: /社会保障/ }).click();
    await page.getByRole("button", { name: "确认取号" }).click();
    const shown = page.getByTestId("kiosk-ticket");
    await shown.waitFor({ timeout: 20_000 });

    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    // The retry was answered with the first ticket: the same number, shown on the screen, and one person waiting.
    expect(numbers[1]).toBe(numbers[0]);
    await shown.getByText(numbers[0] as string).waitFor();
    const queues = await (await fetch(`${server.url}/api/public/sites/${site.code}/queues`)).json();
    const social = (queues as { queues: { name: string; waiting: number }[] }).queues.find((q) => q.name === "社会保障");
    expect(social?.waiting).toBe(1);

    // A new attempt is a new key.
    await page.unroute(/\/api\/sites\/[^/]+\/tickets$/);
    const next = page.waitForRequest(/\/api\/sites\/[^/]+\/tickets$/);
    await page.getByRole("button", { name: "完成" }).click();
    await page.getByRole("button", { name: /社会保障/ }).click();
    await page.getByRole("button", { name: "确认取号" }).click();
    expect((await next).headers()["idempotency-key"]).not.toBe(keys[0]);
    expect(browser.errors).toEqual([]);
  });
});
