import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { DEMO_SITES } from "../server/src/seed/demo-district";
import { ROOT, type Server, SHOTS, signIn } from "./harness";

/** Shared by the catalog browser tests (portal and management platform). */
export const AXE = join(ROOT, "node_modules", "axe-core", "axe.min.js");
export const CODE = "00013112800001"; // 个体工商户设立登记: result 营业执照
export const NAME = "个体工商户设立登记";
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1440, height: 900 };
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol, not a <script> tag: the pages' CSP (script-src 'self') refuses inline scripts.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(readFileSync(AXE, "utf8"));
  const violations: Violation[] = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: Record<string, unknown>[] }> } }).axe;
    const r = await axe.run(document);
    return r.violations.map((v) => ({
      id: String(v.id),
      impact: (v.impact as string | null) ?? null,
      help: String(v.help),
      nodes: (v.nodes as { target: string[] }[]).slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** axe-core on the page as it is now: no serious or critical violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const bad = await axeViolations(page);
  expect(bad, `${what}: ${JSON.stringify(bad, null, 1)}`).toEqual([]);
}

export async function shot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: join(SHOTS, name), fullPage });
}

/** Material names of the guide in force, as the API gives them. */
export async function materialNames(server: Server, code: string): Promise<string[]> {
  const res = await fetch(`${server.url}/api/public/items/${code}`);
  const item = (await res.json()) as { guide: { materials: { name: string }[] } };
  return item.guide.materials.map((m) => m.name);
}

export const squash = (s: string) => s.replace(/\s+/g, "");

/** An 11-digit mainland mobile number, not part of a longer digit run. */
export const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

/** The page (its text, shown or hidden) holds no mobile number and no full name of a seeded responsible person. */
export async function expectNoPersonalData(page: Page, what: string): Promise<void> {
  // textContent, not innerText: text hidden by CSS is still sent to the person, so it counts too.
  const text = await page.evaluate(() => document.body.textContent ?? "");
  expect(text, what).not.toMatch(MOBILE);
  for (const s of DEMO_SITES) {
    expect(text, `${what}: ${s.responsiblePerson}`).not.toContain(s.responsiblePerson);
    expect(text, what).not.toContain(s.responsiblePhone);
  }
}

/** Signs in as the district administrator unless this browser already is. */
export async function asAdmin(page: Page, server: Server): Promise<void> {
  const me = await page.request.get(`${server.url}/api/auth/me`);
  if (!me.ok()) await signIn(page, server.url, "admin");
}
