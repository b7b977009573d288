import { describe, expect, it } from "vitest";
import { addWorkingDays, type Calendar, isWorkingDay, nextWorkingDay, workingDaysBetween } from "../src/platform/calendar/working-days.js";

// Dense date arithmetic: a unit test over a hand-made calendar.
const cal: Calendar = {
  covered: new Set([2030]),
  days: new Map([
    ["2030-05-01", "holiday"],
    ["2030-05-02", "holiday"],
    ["2030-05-03", "holiday"],
    ["2030-05-04", "workday"], // a Saturday made a workday
  ]),
};

describe("working-day arithmetic", () => {
  it("knows weekends, holidays and make-up days", () => {
    expect(isWorkingDay(cal, "2030-04-30")).toBe(true);
    expect(isWorkingDay(cal, "2030-05-01")).toBe(false);
    expect(isWorkingDay(cal, "2030-05-04")).toBe(true);
    expect(isWorkingDay(cal, "2030-05-05")).toBe(false);
  });
  it("adds and counts consistently", () => {
    expect(addWorkingDays(cal, "2030-04-30", 1)).toBe("2030-05-04");
    expect(addWorkingDays(cal, "2030-04-30", 2)).toBe("2030-05-06");
    expect(workingDaysBetween(cal, "2030-04-30", "2030-05-06")).toBe(2);
    expect(workingDaysBetween(cal, "2030-05-06", "2030-04-30")).toBe(-2);
    expect(nextWorkingDay(cal, "2030-05-01")).toBe("2030-05-04");
  });
  it("refuses negative or fractional counts and uncovered years", () => {
    expect(() => addWorkingDays(cal, "2030-04-30", -1)).toThrow(/whole number/);
    expect(() => addWorkingDays(cal, "2030-04-30", 1.5)).toThrow(/whole number/);
    expect(() => addWorkingDays(cal, "2030-12-30", 3)).toThrow(/2031/);
  });
});
