import { extractText } from "unpdf";
import { expect } from "vitest";
import { json, type TestEnv, testIdNumber } from "./helpers.js";

/** Helpers of the case tests: sign-ins by role, opening a case, taking a step, reading a notice back. */
export interface CaseActors {
  front: string;
  front2: string;
  back: string;
  back2: string;
  manager: string;
  other: string;
  supervisor: string;
  zgc: string;
}

export async function actors(env: TestEnv): Promise<CaseActors> {
  return {
    front: await env.login("zgc.window1"),
    front2: await env.login("zgc.window2"),
    back: await env.login("rsj.review"),
    back2: await env.login("admin"),
    manager: await env.login("zgc.manager"),
    other: await env.login("scjg.window1"),
    supervisor: await env.login("supervisor"),
    zgc: await env.siteId("zgc-street"),
  };
}

export const SOCIAL_CARD = "DEMO-0007"; // 社会保障卡申领: 人社局, 10 working days, at zgc-street
export const ID_CARD = "本人有效身份证件";
export const PHOTO = "符合标准的证件照片";

export function applicant(n = 1) {
  return { kind: "person", name: "张三丰", idType: "居民身份证", idNumber: testIdNumber(n), phone: "13912345678", agentName: null };
}

export async function openCase(env: TestEnv, cookie: string, siteId: string, body: Record<string, unknown>) {
  return env.app.inject({ method: "POST", url: `/api/sites/${siteId}/cases`, headers: { cookie }, payload: body });
}

export async function step(env: TestEnv, cookie: string, caseId: string, path: string, body: Record<string, unknown> = {}) {
  return env.app.inject({ method: "POST", url: `/api/cases/${caseId}/${path}`, headers: { cookie }, payload: body });
}

export async function ok(res: { statusCode: number; body: string }, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return json(res.body);
}

export async function problem(res: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers["content-type"])).toContain("application/problem+json");
  expect(json(res.body).code).toBe(code);
}

const flat = (s: string) => s.replace(/\s+/g, "");
export async function pdfText(env: TestEnv, cookie: string, documentId: string): Promise<string> {
  const res = await env.app.inject({ url: `/api/documents/${documentId}/pdf`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return flat((await extractText(new Uint8Array(res.rawPayload), { mergePages: true })).text);
}
