import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";

describe("working-day calendar", () => {
  let env: TestEnv;
  let cookie: string;
  beforeAll(async () => {
    env = await setup();
    cookie = await env.login("zgc.window1");
  });
  afterAll(() => env.close());

  const add = async (from: string, days: number) =>
    env.app.inject({ url: `/api/calendar/add-working-days?from=${from}&days=${days}`, headers: { cookie } });

  it("5 working days after 2026-09-30 is 2026-10-13 (National Day holiday, make-up Saturday 10-10)", async () => {
    const res = await add("2026-09-30", 5);
    expect(res.statusCode).toBe(200);
    expect(json(res.body).date).toBe("2026-10-13");
  });

  it("skips the Spring Festival and counts its make-up Saturday", async () => {
    // 2026: 2-15…2-23 off; Saturday 2-14 and 2-28 are make-up workdays.
    expect(json((await add("2026-02-13", 1)).body).date).toBe("2026-02-14");
    expect(json((await add("2026-02-14", 1)).body).date).toBe("2026-02-24");
    const between = await env.app.inject({ url: "/api/calendar/working-days-between?from=2026-02-13&to=2026-02-28", headers: { cookie } });
    expect(json(between.body).workingDays).toBe(6);
  });

  it("0 working days is the same day; an ordinary week counts Monday to Friday", async () => {
    expect(json((await add("2026-11-27", 0)).body).date).toBe("2026-11-27");
    expect(json((await add("2026-11-27", 5)).body).date).toBe("2026-12-04");
  });

  it("refuses to compute into a year the calendar does not cover", async () => {
    const res = await add("2026-12-28", 5);
    expect(res.statusCode).toBe(422);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    const body = json(res.body);
    expect(body.code).toBe("calendar_year_not_covered");
    expect(body.message.zh).toContain("2027");
    expect(body.message.en).toContain("2027");
  });

  it("rejects an impossible date with a clear message", async () => {
    const res = await add("2026-02-30", 1);
    expect(res.statusCode).toBe(400);
    // Refused by the shared date validator, before the arithmetic runs.
    expect(json(res.body).code).toBe("validation_failed");
    expect(json(res.body).message.en).toContain("no such date");
  });

  it("an administrator adds the next year; a bad list changes nothing", async () => {
    const admin = await env.login("admin");
    const bad = await env.app.inject({
      method: "PUT",
      url: "/api/calendar/years/2027",
      headers: { cookie: admin },
      payload: {
        source: "国办发明电〔2026〕",
        days: [
          { date: "2027-01-01", kind: "holiday", name: "元旦" },
          { date: "2026-10-01", kind: "holiday" },
          { date: "2027-01-01", kind: "holiday" },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad.body).code).toBe("calendar_import_invalid");
    expect(json(bad.body).errors.map((e: { row: number }) => e.row)).toEqual([2, 3]);
    expect((await add("2026-12-28", 5)).statusCode).toBe(422);

    const good = await env.app.inject({
      method: "PUT",
      url: "/api/calendar/years/2027",
      headers: { cookie: admin },
      payload: {
        source: "国办发明电〔2026〕",
        days: [
          { date: "2027-01-01", kind: "holiday", name: "元旦" },
          { date: "2027-01-02", kind: "holiday", name: "元旦" },
          { date: "2027-01-03", kind: "holiday", name: "元旦" },
        ],
      },
    });
    expect(good.statusCode).toBe(200);
    // 12-28 Mon → 29, 30, 31, (1-1 Fri holiday), 1-4 Mon, 1-5 Tue
    expect(json((await add("2026-12-28", 5)).body).date).toBe("2027-01-05");
    const years = json((await env.app.inject({ url: "/api/calendar/years", headers: { cookie } })).body) as {
      year: number;
      source: string;
    }[];
    expect(years.find((y) => y.year === 2027)?.source).toBe("国办发明电〔2026〕");
  });

  it("an administrator marks a single day, and the computation follows", async () => {
    const admin = await env.login("admin");
    const res = await env.app.inject({
      method: "PUT",
      url: "/api/calendar/days/2026-12-01",
      headers: { cookie: admin },
      payload: { kind: "holiday", name: "演示闭馆" },
    });
    expect(res.statusCode).toBe(204);
    expect(json((await add("2026-11-30", 1)).body).date).toBe("2026-12-02");
    await env.app.inject({ method: "PUT", url: "/api/calendar/days/2026-12-01", headers: { cookie: admin }, payload: { kind: null } });
    expect(json((await add("2026-11-30", 1)).body).date).toBe("2026-12-01");
    const days = json((await env.app.inject({ url: "/api/calendar/days?year=2026", headers: { cookie } })).body) as {
      date: string;
      kind: string;
    }[];
    expect(days.find((d) => d.date === "2026-10-10")?.kind).toBe("workday");
  });
});
