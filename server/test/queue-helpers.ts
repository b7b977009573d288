import { expect } from "vitest";
import { json, type TestEnv, testIdNumber } from "./helpers.js";

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

/** A fresh SMS code for a mobile (the demo shows it); waits out the one-a-minute rule on the test clock. */
export async function smsCode(env: TestEnv, phone: string): Promise<string> {
  const ask = () => env.app.inject({ method: "POST", url: "/api/public/appointments/verification-codes", payload: { phone } });
  let res = await ask();
  if (res.statusCode === 429 && json(res.body).code === "code_too_soon") {
    env.clock.advance(61_000);
    res = await ask();
  }
  if (res.statusCode !== 200) throw new Error(`code for ${phone}: ${res.statusCode} ${res.body}`);
  return json(res.body).demoCode;
}

/** Takes a ticket online with a verified mobile. */
export async function onlineTicket(
  env: TestEnv,
  siteCode: string,
  body: Record<string, unknown> & { applicantPhone: string },
  code?: string,
) {
  return env.app.inject({
    method: "POST",
    url: `/api/public/sites/${siteCode}/tickets`,
    payload: {
      applicantName: "网上",
      applicantIdNumber: testIdNumber(Number(body.applicantPhone.slice(-4))),
      ...body,
      verificationCode: code ?? (await smsCode(env, body.applicantPhone)),
    },
  });
}
