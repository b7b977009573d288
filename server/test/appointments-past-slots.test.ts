import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicServices } from "./appointments-helpers.js";
import { ENGINE, json, setup, type TestEnv } from "./helpers.js";

interface Slot {
  start: string;
  free: number;
  capacity: number;
  past: boolean;
}

// Issue 11, point 14: 预约管理 showed free places in today's slots that had already begun.
describe(`appointment calendar for staff: today's past slots (${ENGINE})`, () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup({ now: "2026-12-01T03:10:00.000Z" }); // Tuesday 11:10 in Beijing
  });
  afterAll(() => env.close());

  it("shows slots that have begun as past with no free places, and later ones with their places", async () => {
    const manager = await env.login("zgc.manager");
    const siteId = await env.siteId("zgc-street");
    const serviceId = (await publicServices(env))[0]?.id as string;
    const r = await env.app.inject({
      url: `/api/sites/${siteId}/appointment-services/${serviceId}/calendar?from=2026-12-01&days=2`,
      headers: { cookie: manager },
    });
    expect(r.statusCode, r.body).toBe(200);
    const days = json(r.body) as { date: string; slots: Slot[] }[];
    const today = days.find((d) => d.date === "2026-12-01")?.slots ?? [];
    const tomorrow = days.find((d) => d.date === "2026-12-02")?.slots ?? [];
    const begun = today.filter((s) => s.start <= "11:10");
    const later = today.filter((s) => s.start > "11:10");
    expect(begun.length).toBeGreaterThan(0);
    expect(later.length).toBeGreaterThan(0);
    for (const s of begun) expect(s, s.start).toMatchObject({ past: true, free: 0 });
    for (const s of later) expect(s.past, s.start).toBe(false);
    expect(later.some((s) => s.free > 0)).toBe(true);
    expect(tomorrow.every((s) => !s.past && s.free === s.capacity)).toBe(true);
  });
});
