import { describe, expect, it } from "vitest";
import { type Candidate, nextStreak, rankCandidates, type WindowView } from "../src/modules/queue/calling-order.js";

// The calling order is dense branching: unit-tested here, and end to end in queue.test.ts.
const at = (min: number) => new Date(Date.UTC(2026, 10, 27, 2, min)).toISOString();
const now = at(30);
const t = (id: string, min: number, extra: Partial<Candidate> = {}): Candidate => ({
  id,
  queueId: "A",
  priorityClass: "normal",
  arrivedAt: at(min),
  seq: min,
  appointmentAt: null,
  targetWindowId: null,
  ...extra,
});
const win = (normalStreak = 0, ranks: [string, number][] = [["A", 0]]): WindowView => ({
  windowId: "w1",
  ranks: new Map(ranks),
  normalStreak,
});

/** Simulates a window calling everything, one at a time. */
function drain(cands: Candidate[], every: number, w = win()): string[] {
  const order: string[] = [];
  let left = [...cands];
  let streak = w.normalStreak;
  while (left.length > 0) {
    const view = { ...w, normalStreak: streak };
    const next = rankCandidates(left, view, every, now)[0];
    if (!next) break;
    order.push(next.id);
    streak = nextStreak(next, view, now);
    left = left.filter((c) => c.id !== next.id);
  }
  return order;
}

describe("calling order", () => {
  it("interleaves priority tickets after every N normal ones", () => {
    const cands = [
      t("n1", 1),
      t("n2", 2),
      t("n3", 3),
      t("n4", 4),
      t("p1", 5, { priorityClass: "elderly" }),
      t("p2", 6, { priorityClass: "military" }),
    ];
    expect(drain(cands, 2)).toEqual(["n1", "n2", "p1", "n3", "n4", "p2"]);
    expect(drain(cands, 0)).toEqual(["p1", "p2", "n1", "n2", "n3", "n4"]);
  });

  it("serves a priority ticket at once when no normal one waits", () => {
    expect(drain([t("p1", 9, { priorityClass: "pregnant" })], 5)).toEqual(["p1"]);
  });

  it("puts the green channel first and a ticket referred to this window before that", () => {
    const cands = [
      t("n1", 1),
      t("g1", 8, { priorityClass: "green" }),
      t("x1", 9, { targetWindowId: "w1" }),
      t("x2", 0, { targetWindowId: "w2" }),
    ];
    expect(drain(cands, 2)).toEqual(["x1", "g1", "n1"]);
  });

  it("serves appointment check-ins first within their slot, not before it", () => {
    const cands = [t("n1", 1), t("ap-now", 20, { appointmentAt: at(30) }), t("ap-later", 2, { appointmentAt: at(45) })];
    expect(drain(cands, 2)).toEqual(["ap-now", "n1", "ap-later"]);
  });

  it("prefers the window's queues in its order, first come first served within one", () => {
    const w = win(0, [
      ["B", 0],
      ["A", 1],
    ]);
    const cands = [t("a1", 1), t("b2", 5, { queueId: "B" }), t("b1", 3, { queueId: "B" }), t("c1", 0, { queueId: "C" })];
    expect(drain(cands, 2, w)).toEqual(["b1", "b2", "a1"]);
  });
});
