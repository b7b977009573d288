import type { Page } from "playwright-core";
import { expect } from "vitest";
import { DEMO_PASSWORD, type Server } from "./harness";

export type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** A signed-in API session (cookie), for the setup a site manager would do in the manage app. */
export async function apiAs(server: Server, username: string): Promise<Api> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (r.status === 204 ? undefined : await r.json()) as T;
  };
}

/**
 * Opens 中关村街道 all day today (tickets are refused outside office hours). A run that would cross
 * Beijing midnight first waits for the new day, so the journey lives in one day.
 */
export async function openAllDay(api: Api, code = "zgc-street"): Promise<{ id: string; code: string }> {
  const sites = await api<{ id: string; code: string }[]>("GET", "/api/sites");
  const site = sites.find((s) => s.code === code);
  if (!site) throw new Error(`demo site ${code} missing`);
  const beijing = () => new Date(Date.now() + 8 * 3600_000);
  const msToMidnight = 86_400_000 - (beijing().getTime() % 86_400_000);
  if (msToMidnight < 3 * 60_000) await new Promise((r) => setTimeout(r, msToMidnight + 2000));
  const today = beijing().toISOString().slice(0, 10);
  await api("PUT", `/api/sites/${site.id}/hour-exceptions`, { date: today, closed: false, opens: "00:00", closes: "23:59", note: "测试" });
  return site;
}

export async function pair(page: Page, server: Server, app: string, token: string) {
  await page.goto(`${server.url}/${app}/`);
  await page.getByLabel("设备令牌").fill(token);
  await page.getByRole("button", { name: "配对" }).click();
}

export async function queueIdOf(api: Api, siteId: string, prefix: string): Promise<string> {
  const queues = await api<{ id: string; prefix: string }[]>("GET", `/api/sites/${siteId}/queues`);
  const id = queues.find((q) => q.prefix === prefix)?.id;
  if (!id) throw new Error(`queue ${prefix} missing`);
  return id;
}
