import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { addDays, type Calendar, type DayKind, workingDayOrFallback } from "../src/platform/calendar/working-days.js";
import {
  acceptanceWindow,
  computeClock,
  explainCalendarChange,
  type LedgerEntry,
  type LegalClock,
} from "../src/platform/deadlines/legal-clock.js";

// The real calendar: the chinese-days data the server seeds from (2004–2026; 2027 not yet published).
const require = createRequire(import.meta.url);
const data = require("chinese-days/dist/chinese-days.json") as { holidays: Record<string, string>; workdays: Record<string, string> };
function realCalendar(extra: [string, DayKind, string][] = [], extraYears: number[] = []): Calendar {
  const days = new Map<string, DayKind>();
  const names = new Map<string, string>();
  const years = new Set<number>(extraYears);
  for (const [kind, list] of [
    ["holiday", data.holidays],
    ["workday", data.workdays],
  ] as const)
    for (const [date, label] of Object.entries(list)) {
      days.set(date, kind);
      names.set(date, label.split(",")[1] ?? label);
      years.add(Number(date.slice(0, 4)));
    }
  for (const [date, kind, name] of extra) {
    days.set(date, kind);
    names.set(date, name);
  }
  return { covered: years, days, names };
}
const cal2026 = realCalendar();
// A 2027 list as an administrator would import it (元旦 Friday 01-01 to Sunday 01-03).
const with2027 = realCalendar(
  [
    ["2027-01-01", "holiday", "元旦"],
    ["2027-01-02", "holiday", "元旦"],
    ["2027-01-03", "holiday", "元旦"],
  ],
  [2027],
);

const expertReview: LedgerEntry = { kind: "pause", from: "2026-10-12", to: "2026-10-14", reason: "专家评审", note: "评审会" };
const issueExample: LegalClock = { start: "2026-09-28", budget: 20, ledger: [expertReview] };
const extension: LedgerEntry = { kind: "extension", days: 10, reason: "情况复杂", approvedBy: "u-director", approvedOn: "2026-10-30" };

describe("the real 2026 calendar", () => {
  it("has National Day 10-01..10-07 off and 09-20, 10-10 as make-up working days", () => {
    for (let d = "2026-10-01"; d <= "2026-10-07"; d = addDays(d, 1)) expect(workingDayOrFallback(cal2026, d).working).toBe(false);
    expect(workingDayOrFallback(cal2026, "2026-10-08").working).toBe(true);
    expect(workingDayOrFallback(cal2026, "2026-09-20").working).toBe(true); // a Sunday
    expect(workingDayOrFallback(cal2026, "2026-10-10").working).toBe(true); // a Saturday
    expect(cal2026.covered.has(2027)).toBe(false);
  });
});

describe("a deadline across National Day 2026", () => {
  it("20 working days from 09-28 are due 10-30; the holidays and the make-up Saturday are named", () => {
    const v = computeClock(cal2026, { start: "2026-09-28", budget: 20, ledger: [] }, { today: "2026-09-28" });
    expect(v.dueDate).toBe("2026-10-30");
    expect(v.provisional).toBe(false);
    expect(v.holidays).toEqual([{ from: "2026-10-01", to: "2026-10-07", name: "国庆节" }]);
    expect(v.makeUpDays).toEqual([{ date: "2026-10-10", name: "国庆节" }]); // 09-20 is before the start: not named
    expect(v.explanation.zh).toBe("自2026-09-28起20个工作日；10-01至10-07为法定节假日（国庆节），10-10为调休工作日；应于2026-10-30前办结");
    expect(v.explanation.en).toBe(
      "20 working days from 2026-09-28; 10-01 to 10-07 are public holidays (National Day), 10-10 is a make-up working day; due by 2026-10-30.",
    );
  });

  it("the issue's example: paused 3 working days for expert review, due 2026-11-04", () => {
    const v = computeClock(cal2026, issueExample, { today: "2026-10-09" });
    expect(v.dueDate).toBe("2026-11-04");
    expect(v.pausedDays).toBe(3);
    expect(v.pauses[0]).toMatchObject({ days: 3, open: false, reason: "专家评审" });
    expect(v.explanation.zh).toBe(
      "自2026-09-28起20个工作日；10-01至10-07为法定节假日（国庆节），10-10为调休工作日；因专家评审暂停3个工作日（10-12至10-14）；应于2026-11-04前办结",
    );
    expect(v.explanation.en).toContain("paused 3 working days for expert review (10-12 to 10-14)");
    expect(v.explanation.zh).not.toContain("评审会"); // notes stay in the ledger
  });

  it("an approved extension of 10 working days: due 11-18, judged against it", () => {
    const clock = { ...issueExample, ledger: [expertReview, extension] };
    const v = computeClock(cal2026, clock, { today: "2026-11-05" });
    expect(v.dueDate).toBe("2026-11-18");
    expect(v.totalBudget).toBe(30);
    expect(v.extendedBy).toBe(10);
    expect(v.state).toBe("running"); // past the original 11-04, but not overdue
    expect(v.explanation.zh).toBe(
      "自2026-09-28起20个工作日；10-01至10-07为法定节假日（国庆节），10-10为调休工作日；因专家评审暂停3个工作日（10-12至10-14）；经批准延长10个工作日（情况复杂）；应于2026-11-18前办结",
    );
    expect(v.explanation.en).toContain("extended by 10 working days with approval (情况复杂)");
    expect(v.explanation.zh).not.toContain("u-director");
    expect(computeClock(cal2026, clock, { today: "2026-11-16" }).state).toBe("due_soon");
    expect(computeClock(cal2026, clock, { today: "2026-11-19" }).state).toBe("overdue");
  });
});

describe("used, remaining and state", () => {
  const at = (today: string, dueSoonDays?: number) => computeClock(cal2026, issueExample, { today, dueSoonDays });
  it("counts used working days, pauses excluded", () => {
    expect(at("2026-09-28")).toMatchObject({ used: 0, remaining: 20, state: "running" });
    expect(at("2026-10-09")).toMatchObject({ used: 4, remaining: 16, state: "running" }); // 09-29, 09-30, 10-08, 10-09
    expect(at("2026-10-10")).toMatchObject({ used: 5, remaining: 15 }); // the make-up Saturday counts
    expect(at("2026-10-13")).toMatchObject({ used: 5, remaining: 15, state: "paused", paused: true });
    expect(at("2026-10-15")).toMatchObject({ used: 6, state: "running", paused: false });
  });
  it("due soon from 2 working days before (configurable), overdue after the due date", () => {
    expect(at("2026-10-30")).toMatchObject({ remaining: 3, state: "running" });
    expect(at("2026-11-01")).toMatchObject({ remaining: 3, state: "running" }); // a Sunday
    expect(at("2026-11-01", 3).state).toBe("due_soon");
    expect(at("2026-11-02")).toMatchObject({ remaining: 2, state: "due_soon" });
    expect(at("2026-11-04")).toMatchObject({ remaining: 0, state: "due_soon", overdueDays: 0 });
    expect(at("2026-11-05")).toMatchObject({ remaining: -1, state: "overdue", overdueDays: 1 });
    expect(at("2026-11-07")).toMatchObject({ state: "overdue", overdueDays: 2, remaining: -2 }); // a Saturday
    expect(at("2026-11-09")).toMatchObject({ state: "overdue", overdueDays: 3 });
  });
  it("an open pause: paused, the date as if it resumed the next day", () => {
    const open: LegalClock = { ...issueExample, ledger: [{ ...expertReview, to: null }] };
    const v = computeClock(cal2026, open, { today: "2026-10-14" });
    expect(v).toMatchObject({ state: "paused", dueDate: "2026-11-04", used: 5 });
    expect(v.explanation.zh).toBe(
      "自2026-09-28起20个工作日；10-01至10-07为法定节假日（国庆节），10-10为调休工作日；因专家评审自10-12起暂停，已暂停3个工作日，尚未恢复；若自次日恢复计时，应于2026-11-04前办结",
    );
    expect(v.explanation.en).toContain("if the clock resumes the next day, due by 2026-11-04");
    // Still open a week later: 7 working days paused, the date moves with it.
    expect(computeClock(cal2026, open, { today: "2026-10-20" })).toMatchObject({ dueDate: "2026-11-10", pausedDays: 7 });
  });
  it("a stopped clock is judged on the day it stopped", () => {
    expect(computeClock(cal2026, { ...issueExample, stoppedOn: "2026-11-03" }, { today: "2026-12-01" })).toMatchObject({
      state: "stopped",
      stoppedLate: false,
      asOf: "2026-11-03",
      remaining: 1,
    });
    const late = computeClock(cal2026, { ...issueExample, stoppedOn: "2026-11-06" }, { today: "2026-12-01" });
    expect(late).toMatchObject({ state: "stopped", stoppedLate: true, overdueDays: 2 });
    expect(late.explanation.zh).toContain("已于2026-11-06办结，超期2个工作日");
  });
});

describe("即办 (budget 0)", () => {
  it("is due the same day: due soon that day, overdue the next", () => {
    const c: LegalClock = { start: "2026-10-09", budget: 0, ledger: [] };
    expect(computeClock(cal2026, c, { today: "2026-10-09" })).toMatchObject({ dueDate: "2026-10-09", remaining: 0, state: "due_soon" });
    expect(computeClock(cal2026, c, { today: "2026-10-10" })).toMatchObject({ state: "overdue", overdueDays: 1 });
    const v = computeClock(cal2026, c, { today: "2026-10-09" });
    expect(v.explanation.zh).toBe("即办件，2026-10-09起算；应于2026-10-09前办结");
    expect(v.explanation.en).toBe("Same-day matter (即办) from 2026-10-09; due by 2026-10-09.");
  });
  it("received by post on a holiday: due the next working day", () => {
    expect(computeClock(cal2026, { start: "2026-10-03", budget: 0, ledger: [] }, { today: "2026-10-03" }).dueDate).toBe("2026-10-08");
  });
});

describe("a provisional deadline into 2027", () => {
  const clock: LegalClock = { start: "2026-12-21", budget: 20, ledger: [] };
  it("counts 2027 Monday to Friday, marks the date provisional, never throws", () => {
    const v = computeClock(cal2026, clock, { today: "2026-12-21" });
    expect(v).toMatchObject({ dueDate: "2027-01-18", provisional: true, uncoveredYears: [2027] });
    expect(v.explanation.zh).toBe(
      "自2026-12-21起20个工作日；2027年节假日安排尚未录入工作日历，该年暂按周一至周五计算；暂定应于2027-01-18前办结",
    );
    expect(v.explanation.en).toContain("provisionally due by 2027-01-18");
  });
  it("recomputed after 2027 is imported: moved by 元旦 2027-01-01, no longer provisional", () => {
    const e = explainCalendarChange(cal2026, with2027, clock, { today: "2026-12-22" });
    expect(e.before.dueDate).toBe("2027-01-18");
    expect(e.after).toMatchObject({ dueDate: "2027-01-19", provisional: false });
    expect(e).toMatchObject({ moved: true, confirmed: true });
    expect(e.changedDays).toEqual([{ date: "2027-01-01", wasWorking: true, isWorking: false, name: "元旦" }]);
    expect(e.explanation.zh).toBe(
      "2027年节假日安排已录入；工作日历调整：2027-01-01改为休息日（元旦）；办结日期由2027-01-18调整为2027-01-19",
    );
    expect(e.explanation.en).toBe(
      "The holidays of 2027 are now in the calendar; calendar change: 2027-01-01 is now a day off (New Year's Day); the due date moves from 2027-01-18 to 2027-01-19.",
    );
    expect(e.after.explanation.zh).toBe("自2026-12-21起20个工作日；2027-01-01至01-03为法定节假日（元旦）；应于2027-01-19前办结");
  });
  it("a year imported without a change to its dates confirms it", () => {
    const e = explainCalendarChange(cal2026, realCalendar([], [2027]), clock, { today: "2026-12-22" });
    expect(e).toMatchObject({ moved: false, confirmed: true, changedDays: [] });
    expect(e.explanation.zh).toBe("2027年节假日安排已录入；办结日期2027-01-18不变，不再为暂定");
  });
  it("a single day added (an extra holiday) says which day moved the clock", () => {
    const e = explainCalendarChange(cal2026, realCalendar([["2026-10-09", "holiday", "国庆节"]]), issueExample, { today: "2026-10-08" });
    expect(e).toMatchObject({ moved: true, confirmed: false });
    expect(e.after.dueDate).toBe("2026-11-05");
    expect(e.explanation.zh).toBe("工作日历调整：10-09改为休息日（国庆节）；办结日期由2026-11-04调整为2026-11-05");
    const off = explainCalendarChange(cal2026, realCalendar([["2026-12-31", "holiday", "元旦"]]), issueExample, { today: "2026-10-08" });
    expect(off).toMatchObject({ moved: false, changedDays: [] }); // beyond its due date: not a mover
  });
});

describe("the five working days rule (行政许可法 art. 32)", () => {
  it("received 09-28: warn on 10-09 (day 4), last day 10-10 (a make-up Saturday), deemed accepted after", () => {
    const w = (today: string) => acceptanceWindow(cal2026, "2026-09-28", today);
    expect(w("2026-10-08")).toMatchObject({ warnOn: "2026-10-09", lastDay: "2026-10-10", state: "open", deemedAcceptedFrom: "2026-09-28" });
    expect(w("2026-10-09").state).toBe("warn");
    expect(w("2026-10-10").state).toBe("warn");
    expect(w("2026-10-11").state).toBe("deemed");
    expect(w("2026-10-09").explanation.zh).toContain("逾期即自收件之日起视为受理");
  });
  it("into an uncovered year: provisional", () => {
    expect(acceptanceWindow(cal2026, "2026-12-28", "2026-12-28")).toMatchObject({
      warnOn: "2027-01-01",
      lastDay: "2027-01-04",
      provisional: true,
    });
    expect(acceptanceWindow(with2027, "2026-12-28", "2026-12-28")).toMatchObject({
      warnOn: "2027-01-04",
      lastDay: "2027-01-05",
      provisional: false,
    });
  });
});

describe("bad clocks are refused with a code", () => {
  const bad = (c: Partial<LegalClock>) => () => computeClock(cal2026, { ...issueExample, ...c }, { today: "2026-10-01" });
  it.each([
    ["a negative budget", { budget: -1 }],
    ["a fractional budget", { budget: 1.5 }],
    ["an impossible start", { start: "2026-02-30" }],
    ["a pause before the start", { ledger: [{ ...expertReview, from: "2026-09-01" }] }],
    ["a pause ending before it begins", { ledger: [{ ...expertReview, to: "2026-10-11" }] }],
    ["an unknown reason", { ledger: [{ ...expertReview, reason: "休假" as never }] }],
    [
      "two open pauses",
      {
        ledger: [
          { ...expertReview, to: null },
          { ...expertReview, from: "2026-10-20", to: null },
        ],
      },
    ],
    ["an extension without reason", { ledger: [{ ...extension, reason: " " }] }],
    ["an extension of 0 days", { ledger: [{ ...extension, days: 0 }] }],
  ])("%s", (_what, c) => {
    expect(bad(c as Partial<LegalClock>)).toThrow(expect.objectContaining({ code: "legal_clock_invalid" }));
  });
});

// Properties over many random clocks (a seeded generator: the same cases every run).
function rng(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
}

describe("properties over random clocks in 2026", () => {
  const r = rng(20261204);
  const cases = Array.from({ length: 300 }, () => {
    const start = addDays("2026-01-01", r(300));
    const budget = r(40);
    const ledger: LedgerEntry[] = [];
    if (r(2)) {
      const from = addDays(start, r(30));
      ledger.push({ kind: "pause", from, to: addDays(from, r(15)), reason: "检测" });
    }
    if (r(3) === 0) ledger.push({ ...extension, days: 1 + r(10) });
    return { start, budget, ledger } as LegalClock;
  });
  it("the due date is a working day and exactly the budget is counted up to it; remaining is 0 on it", () => {
    for (const c of cases) {
      const v = computeClock(cal2026, c, { today: c.start });
      if (v.totalBudget > 0) {
        expect(workingDayOrFallback(cal2026, v.dueDate).working).toBe(true);
        expect(computeClock(cal2026, c, { today: v.dueDate }).used).toBe(v.totalBudget);
      }
      expect(computeClock(cal2026, c, { today: v.dueDate })).toMatchObject({ remaining: 0 });
      if (v.totalBudget > 0) expect(v.used + v.remaining).toBe(v.totalBudget);
    }
  });
  it("a pause never brings the date forward; one more working day never brings it forward either", () => {
    for (const c of cases) {
      const v = computeClock(cal2026, c, { today: c.start }).dueDate;
      const noPause = computeClock(cal2026, { ...c, ledger: c.ledger.filter((e) => e.kind !== "pause") }, { today: c.start }).dueDate;
      expect(noPause <= v).toBe(true);
      const more = computeClock(cal2026, { ...c, budget: c.budget + 1 }, { today: c.start }).dueDate;
      // 即办 received on a day off is due the next working day, as is one working day.
      expect(c.budget === 0 && c.ledger.length === 0 ? more >= v : more > v).toBe(true);
    }
  });
  it("an extension of N is N more counted working days", () => {
    for (const c of cases.filter((x) => x.budget > 0).slice(0, 100)) {
      const before = computeClock(cal2026, c, { today: c.start });
      const after = computeClock(cal2026, { ...c, ledger: [...c.ledger, { ...extension, days: 3 }] }, { today: before.dueDate });
      expect(after.remaining).toBe(3);
    }
  });
  it("every explanation names the due date and every pause and extension", () => {
    for (const c of cases) {
      const v = computeClock(cal2026, c, { today: c.start });
      expect(v.explanation.zh).toContain(v.dueDate);
      expect(v.explanation.en).toContain(v.dueDate);
      expect(v.explanation.zh.split("因检测").length - 1).toBe(c.ledger.filter((e) => e.kind === "pause").length);
      expect(v.explanation.zh.split("经批准延长").length - 1).toBe(c.ledger.filter((e) => e.kind === "extension").length);
    }
  });
});
