import { expect } from "vitest";
import { json, type TestEnv } from "./helpers.js";

export interface Q {
  id: string;
  prefix: string;
}

export async function queues(env: TestEnv, cookie: string, siteId: string): Promise<Record<string, string>> {
  const list = json((await env.app.inject({ url: `/api/sites/${siteId}/queues`, headers: { cookie } })).body) as Q[];
  return Object.fromEntries(list.map((q) => [q.prefix, q.id]));
}

export async function windowIds(env: TestEnv, cookie: string, siteId: string): Promise<Record<number, string>> {
  const list = json((await env.app.inject({ url: `/api/sites/${siteId}/windows`, headers: { cookie } })).body) as {
    id: string;
    number: number;
  }[];
  return Object.fromEntries(list.map((w) => [w.number, w.id]));
}

export async function openWindow(env: TestEnv, cookie: string, windowId: string) {
  const res = await env.app.inject({ method: "POST", url: `/api/windows/${windowId}/open`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return json(res.body);
}

export async function issue(env: TestEnv, cookie: string, siteId: string, queueId: string, extra: Record<string, unknown> = {}) {
  const res = await env.app.inject({
    method: "POST",
    url: `/api/sites/${siteId}/tickets`,
    headers: { cookie },
    payload: { queueId, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res.body) as { id: string; number: string; code: string; arrivedAt: string };
}

export async function act(env: TestEnv, cookie: string, windowId: string, ticketId: string, action: string, payload?: unknown) {
  return env.app.inject({
    method: "POST",
    url: `/api/windows/${windowId}/tickets/${ticketId}/${action}`,
    headers: { cookie },
    payload: payload as object,
  });
}

export async function callNext(env: TestEnv, cookie: string, windowId: string) {
  return env.app.inject({ method: "POST", url: `/api/windows/${windowId}/call-next`, headers: { cookie } });
}
