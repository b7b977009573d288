import { expect } from "vitest";
import type { AppointmentEnv } from "../src/modules/appointments/env.js";
import type { Ctx } from "../src/platform/context.js";
import { databaseFileStore } from "../src/platform/files/backends.js";
import { json, type TestEnv, testIdNumber } from "./helpers.js";

export const quietEnv: AppointmentEnv = {
  publicUrl: "http://portal.test",
  showVerificationCodes: true,
  publicBookingLimit: 0,
  kick: () => undefined,
};

export function systemCtx(env: TestEnv): Ctx {
  return {
    db: env.handle.db,
    dialect: env.handle.dialect,
    clock: env.clock,
    principal: null,
    requestId: "test",
    bus: env.bus,
    files: databaseFileStore,
    caches: env.app.caches,
  };
}

export async function publicServices(env: TestEnv, siteCode = "zgc-street") {
  const res = await env.app.inject({ url: `/api/public/sites/${siteCode}/appointment-services` });
  expect(res.statusCode, res.body).toBe(200);
  return json(res.body).services as { id: string; name: string }[];
}

let seq = 0;
/** A distinct valid-looking person per call. */
export function person(n = ++seq) {
  return {
    name: `测试${n}`,
    phone: `139${String(n).padStart(8, "0")}`,
    idNumber: testIdNumber(n),
  };
}

export async function code(env: TestEnv, phone: string): Promise<string> {
  const res = await env.app.inject({ method: "POST", url: "/api/public/appointments/verification-codes", payload: { phone } });
  expect(res.statusCode, res.body).toBe(200);
  return json(res.body).demoCode;
}

export async function hold(env: TestEnv, serviceId: string, date: string, start: string) {
  return env.app.inject({ method: "POST", url: "/api/public/appointments/holds", payload: { serviceId, date, start } });
}

/** Books online: hold, code, confirm. */
export async function bookOnline(env: TestEnv, serviceId: string, date: string, start: string, p = person()) {
  const h = await hold(env, serviceId, date, start);
  expect(h.statusCode, h.body).toBe(201);
  const verificationCode = await code(env, p.phone);
  const res = await env.app.inject({
    method: "POST",
    url: `/api/public/appointments/holds/${json(h.body).holdToken}/confirm`,
    payload: { ...p, verificationCode },
  });
  return { res, person: p };
}

export async function staffBook(
  env: TestEnv,
  cookie: string,
  siteId: string,
  serviceId: string,
  date: string,
  start: string,
  p = person(),
) {
  const res = await env.app.inject({
    method: "POST",
    url: `/api/sites/${siteId}/appointments`,
    headers: { cookie },
    payload: { serviceId, date, start, channel: "phone", ...p },
  });
  return { res, person: p };
}
