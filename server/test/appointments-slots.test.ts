import { describe, expect, it } from "vitest";
import { bookable, slotsOn } from "../src/modules/appointments/slots.js";
import type { Schedule } from "../src/modules/org/opening.js";

// Mon–Fri 09:00–12:00 and 13:30–17:00; 2026-10-01 is a holiday, 2026-09-27 (Sunday) a make-up workday.
const schedule: Schedule = {
  weekly: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, opens: "09:00", closes: "12:00" },
    { weekday, opens: "13:30", closes: "17:00" },
  ]),
  exceptions: [{ date: "2026-12-04", closed: false, opens: "09:00", closes: "10:10" }],
  calendar: {
    covered: new Set([2026]),
    days: new Map([
      ["2026-10-01", "holiday"],
      ["2026-09-27", "workday"],
    ]),
  },
};
const rules = { slotMinutes: 45, capacity: 3, earliestHours: 2, latestDays: 7 };

describe("appointment slots", () => {
  it("cuts each opening period into whole slots, in Beijing time", () => {
    const s = slotsOn(schedule, rules, "2026-11-30");
    // 09:00–12:00 gives four 45-minute slots; 13:30–17:00 gives four (16:45 would end after 17:00).
    expect(s.map((x) => x.start)).toEqual(["09:00", "09:45", "10:30", "11:15", "13:30", "14:15", "15:00", "15:45"]);
    expect(s[0]).toMatchObject({ end: "09:45", startsAt: "2026-11-30T01:00:00.000Z", endsAt: "2026-11-30T01:45:00.000Z", capacity: 3 });
  });

  it("has no slots on weekends and holidays, and weekday slots on make-up workdays and by dated exceptions", () => {
    expect(slotsOn(schedule, rules, "2026-11-29")).toEqual([]);
    expect(slotsOn(schedule, rules, "2026-10-01")).toEqual([]);
    expect(slotsOn(schedule, rules, "2026-09-27")).toHaveLength(8);
    expect(slotsOn(schedule, rules, "2026-12-04").map((x) => x.start)).toEqual(["09:00"]);
    expect(slotsOn(schedule, rules, "2026-11-30", 0)[0]?.capacity).toBe(0);
  });

  it("is bookable from earliestHours ahead up to latestDays ahead", () => {
    const now = new Date("2026-11-30T00:00:00.000Z"); // 08:00 Beijing
    const [s0900, s0945, s1030] = slotsOn(schedule, rules, "2026-11-30");
    expect(bookable(rules, s0900 as never, now)).toBe(false); // 1 h ahead
    expect(bookable(rules, s0945 as never, now)).toBe(false); // 1 h 45 ahead
    expect(bookable(rules, s1030 as never, now)).toBe(true);
    expect(bookable(rules, slotsOn(schedule, rules, "2026-12-07")[0] as never, now)).toBe(true);
    expect(bookable(rules, slotsOn(schedule, rules, "2026-12-08")[0] as never, now)).toBe(false);
  });
});
