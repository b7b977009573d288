import { describe, expect, it } from "vitest";
import { type Candidate, nextStreak, rankCandidates, type WindowView } from "../src/modules/queue/calling-order.js";
import { DEFAULT_SETTINGS } from "../src/modules/queue/queue.schema.js";

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

// The measurements (issue 11, item 5), reproduced: whatever the ratio, statutory priority
// must never come out worse than normal.
const BASE = Date.UTC(2026, 10, 27, 1, 0);
const iso = (sec: number) => new Date(BASE + sec * 1000).toISOString();

/** A small deterministic generator, so each run measures the same day. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)] ?? 0;

/**
 * A hall's day: tickets arrive at random (`share` of them priority), `windows` windows each take
 * the next ticket when free, with service times at random. Returns each class's waits in seconds.
 */
function simulate(opts: { every: number; share: number; windows: number; tickets: number; seed: number }) {
  const r = rng(opts.seed);
  const arrivals: Candidate[] = [];
  let clock = 0;
  for (let i = 0; i < opts.tickets; i++) {
    clock += r() * 2; // mean 1 s between arrivals
    const priority = r() < opts.share;
    arrivals.push({
      id: `t${i}`,
      queueId: "A",
      priorityClass: priority ? "elderly" : "normal",
      arrivedAt: iso(clock),
      seq: i,
      appointmentAt: null,
      targetWindowId: null,
    });
  }
  const arrivedSec = (c: Candidate) => (Date.parse(c.arrivedAt) - BASE) / 1000;
  const free = Array.from({ length: opts.windows }, () => ({ at: 0, streak: 0 }));
  let waiting: Candidate[] = [];
  let next = 0;
  const waits = { priority: [] as number[], normal: [] as number[] };
  while (next < arrivals.length || waiting.length > 0) {
    const w = free.reduce((a, b) => (b.at < a.at ? b : a));
    let now = w.at;
    while (next < arrivals.length && arrivedSec(arrivals[next] as Candidate) <= now) waiting.push(arrivals[next++] as Candidate);
    if (waiting.length === 0) {
      now = arrivedSec(arrivals[next] as Candidate);
      w.at = now;
      continue;
    }
    const view = { windowId: "w", ranks: new Map([["A", 0]]), normalStreak: w.streak };
    const pick = rankCandidates(waiting, view, opts.every, iso(now))[0] as Candidate;
    w.streak = nextStreak(pick, view, iso(now));
    waiting = waiting.filter((c) => c.id !== pick.id);
    (pick.priorityClass === "normal" ? waits.normal : waits.priority).push(now - arrivedSec(pick));
    w.at = now + 0.8 + r() * 1.6; // mean service 1.6 s per window: a busy hall near capacity
  }
  return waits;
}

describe("依法优先 never worse than normal", () => {
  it("calls a priority ticket no later than a normal ticket issued at the same time, whatever the streak", () => {
    const cands = [t("p1", 1, { priorityClass: "elderly" }), t("n1", 2), t("n2", 3)];
    // Even with a streak of 0 and one priority per 5 normals, the older priority ticket goes first.
    expect(drain(cands, 5)).toEqual(["p1", "n1", "n2"]);
    // A later priority ticket still waits its turn in the interleave.
    expect(drain([t("n1", 1), t("n2", 2), t("p1", 3, { priorityClass: "elderly" }), t("n3", 4)], 5)).toEqual(["n1", "n2", "p1", "n3"]);
  });

  it("with one priority per three normals and 27 % priority arrivals, priority waits no longer than normal", () => {
    for (const seed of [1, 2, 3]) {
      const w = simulate({ every: 3, share: 0.27, windows: 2, tickets: 600, seed });
      expect(w.priority.length).toBeGreaterThan(100);
      expect(mean(w.priority), `seed ${seed}: mean`).toBeLessThanOrEqual(mean(w.normal));
      expect(p90(w.priority), `seed ${seed}: p90`).toBeLessThanOrEqual(p90(w.normal));
    }
  });

  it("in a backlog with 36 % priority, no priority ticket is called after every normal one", () => {
    const r = rng(7);
    const backlog = Array.from({ length: 100 }, (_, i) =>
      t(`t${i}`, i, { arrivedAt: iso(i * 60), priorityClass: i === 99 || r() >= 0.36 ? "normal" : "elderly" }),
    );
    const order = drain(backlog, 3);
    const lastNormal = Math.max(...order.map((id, i) => (backlog.find((c) => c.id === id)?.priorityClass === "normal" ? i : -1)));
    expect(lastNormal).toBe(order.length - 1);
    // And the bound itself: each priority ticket before every normal ticket issued after it.
    const pos = new Map(order.map((id, i) => [id, i]));
    for (const p of backlog.filter((c) => c.priorityClass !== "normal")) {
      for (const n of backlog.filter((c) => c.priorityClass === "normal" && c.arrivedAt >= p.arrivedAt)) {
        expect(pos.get(p.id) as number, `${p.id} before ${n.id}`).toBeLessThan(pos.get(n.id) as number);
      }
    }
  });

  it("calls the priority ticket next in line by default (priorityEvery 0)", () => {
    expect(drain([t("n1", 1), t("n2", 2), t("p1", 3, { priorityClass: "elderly" })], DEFAULT_SETTINGS.priorityEvery)).toEqual([
      "p1",
      "n1",
      "n2",
    ]);
  });
});
