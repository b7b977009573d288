import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  defineNumberKind,
  formatDocumentNumber,
  lastNumber,
  nextNumber,
  parseDocumentNumber,
  periodOf,
} from "../src/platform/numbering/numbering.js";
import { ENGINE, setup, type TestEnv } from "./helpers.js";

const CASES = defineNumberKind("test.case", "year");
const N = 1000;

describe(`numbering on ${ENGINE}`, () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup({ seed: "none" });
  }, 60_000);
  afterAll(() => env.close());

  it(`${N} concurrent transactions get 1..n exactly: no repeat, and a rolled-back one gives its number back`, async () => {
    const db = env.handle.db;
    const rolledBack = new Set<number>();
    const attempts = Array.from({ length: N }, (_, i) =>
      db
        .transaction()
        .execute(async (tx) => {
          const n = await nextNumber(tx, CASES, "site-a", "2026");
          // A second scope in the same transactions: counters are independent of each other.
          const m = await nextNumber(tx, CASES, i % 2 ? "site-b" : "site-c", "2026");
          // Work after the number, as a real caller does (a row that names it).
          await sql`select ${n} as n`.execute(tx);
          if (i % 10 === 3) throw new Error("refused after taking a number");
          return [n, m] as const;
        })
        .then(
          (r) => ({ ok: true as const, n: r[0], m: r[1], i }),
          () => {
            rolledBack.add(i);
            return { ok: false as const, i };
          },
        ),
    );
    const results = await Promise.all(attempts);
    const committed = results.flatMap((r) => (r.ok ? [r.n] : []));
    expect(rolledBack.size).toBe(N / 10);
    expect(committed.length).toBe(N - N / 10);
    // Exactly 1..committed: unique (no repeat) and consecutive (no gap left by the rollbacks).
    expect([...committed].sort((a, b) => a - b)).toEqual(Array.from({ length: committed.length }, (_, k) => k + 1));
    const b = results.flatMap((r) => (r.ok && r.i % 2 ? [r.m] : [])).sort((x, y) => x - y);
    expect(b).toEqual(Array.from({ length: b.length }, (_, k) => k + 1));
    expect(await lastNumber(db, CASES, "site-a", "2026")).toBe(committed.length);
    // The next period starts again at 1.
    expect(await db.transaction().execute((tx) => nextNumber(tx, CASES, "site-a", "2027"))).toBe(1);
  }, 120_000);

  it("refuses to take a number outside a transaction (it could not be given back)", async () => {
    await expect(nextNumber(env.handle.db, CASES, "site-a", "2026")).rejects.toThrow(/inside a transaction/);
  });

  it("periods follow Beijing time; document numbers are written and read back", () => {
    const tickets = defineNumberKind("test.ticket", "day");
    // 2026-12-31 16:30 UTC is already 2027-01-01 in Beijing.
    const at = new Date("2026-12-31T16:30:00Z");
    expect(periodOf(tickets, at)).toBe("2027-01-01");
    expect(periodOf(CASES, at)).toBe("2027");
    expect(formatDocumentNumber(123, { agency: "海淀中关村", year: 2026 })).toBe("海淀中关村〔2026〕第000123号");
    expect(formatDocumentNumber(123, { agency: "中关村街道", year: 2026, style: "spaced" })).toBe("中关村街道 2026 第000123号");
    expect(formatDocumentNumber(1234567, { agency: "海淀", year: 2026 })).toBe("海淀〔2026〕第1234567号");
    expect(parseDocumentNumber("海淀中关村〔2026〕第000123号")).toEqual({ agency: "海淀中关村", year: 2026, n: 123 });
    expect(parseDocumentNumber("中关村街道 2026 第000123号")).toEqual({ agency: "中关村街道", year: 2026, n: 123 });
    expect(parseDocumentNumber("第123号")).toBeNull();
    expect(() => formatDocumentNumber(0, { agency: "海淀", year: 2026 })).toThrow();
  });
});
