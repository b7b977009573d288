import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hold, publicServices } from "./appointments-helpers.js";
import { json, setup, type TestEnv } from "./helpers.js";

/**
 * Issue 10, item 7: the demo calendar holds 2026 but not 2027, yet booking fell back to
 * Monday–Friday and took 2027-01-01, a public holiday. Days of a year the calendar does not hold
 * are closed for booking until the year is imported or the day confirmed; from November the
 * district administrator is told that next year is missing.
 */
describe("a year the working-day calendar does not hold", () => {
  let env: TestEnv;
  let serviceId: string;
  beforeAll(async () => {
    env = await setup({ now: "2026-10-30T02:00:00.000Z" });
    serviceId = (await publicServices(env))[0]?.id as string;
  });
  afterAll(() => env.close());

  // Sessions last 12 hours: sign in again after the clock moves.
  const status = async (user = "admin") => env.app.inject({ url: "/api/calendar/status", headers: { cookie: await env.login(user) } });
  const slotsOf = async (from: string, days: number) => {
    const res = await env.app.inject({
      url: `/api/public/sites/zgc-street/appointment-services/${serviceId}/slots?from=${from}&days=${days}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = json(res.body) as { days: { date: string; slots: { start: string; bookable: boolean }[] }[] };
    return new Map(body.days.map((d) => [d.date, d.slots.filter((s) => s.bookable).length]));
  };

  it("warns the district administrator from November, not before, and no one else", async () => {
    const october = json((await status()).body);
    expect(october.missingYears).toEqual([]);
    expect(october.warning).toBeNull();
    env.clock.set("2026-11-01T02:00:00.000Z");
    const november = json((await status()).body);
    expect(november.missingYears).toEqual([2027]);
    expect(november.warning.zh).toContain("2027年");
    expect(november.warning.en).toContain("2027");
    expect((await status("zgc.manager")).statusCode).toBe(403);
    expect((await status("supervisor")).statusCode).toBe(403);
  });

  it("offers no slot on a day of 2027 and refuses to hold one, 2027-01-01 included", async () => {
    env.clock.set("2026-12-28T02:00:00.000Z"); // Monday 10:00 in Beijing
    const open = await slotsOf("2026-12-28", 10);
    expect(open.get("2026-12-29")).toBeGreaterThan(0);
    for (const d of ["2027-01-01", "2027-01-04", "2027-01-05", "2027-01-06"]) expect(open.get(d) ?? 0, d).toBe(0);
    const refused = await hold(env, serviceId, "2027-01-04", "09:00");
    expect(refused.statusCode).toBe(409);
    expect(json(refused.body).code).toBe("calendar_year_not_open");
    expect(json(refused.body).message.zh).toContain("2027年");
  });

  it("opens a day an administrator confirms, and the whole year once imported (its holidays stay closed)", async () => {
    const admin = await env.login("admin");
    const confirm = await env.app.inject({
      method: "PUT",
      url: "/api/calendar/days/2027-01-04",
      headers: { cookie: admin },
      payload: { kind: "workday", name: "确认工作日" },
    });
    expect(confirm.statusCode, confirm.body).toBe(204);
    let open = await slotsOf("2026-12-28", 10);
    expect(open.get("2027-01-04")).toBeGreaterThan(0);
    expect(open.get("2027-01-05") ?? 0).toBe(0);
    expect((await hold(env, serviceId, "2027-01-04", "09:00")).statusCode).toBe(201);

    const imported = await env.app.inject({
      method: "PUT",
      url: "/api/calendar/years/2027",
      headers: { cookie: admin },
      payload: { source: "国办发明电〔2026〕", days: [{ date: "2027-01-01", kind: "holiday", name: "元旦" }] },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    open = await slotsOf("2026-12-28", 10);
    expect(open.get("2027-01-01") ?? 0).toBe(0);
    expect(open.get("2027-01-05")).toBeGreaterThan(0);
    expect(json((await status()).body).warning).toBeNull();
  });
});
