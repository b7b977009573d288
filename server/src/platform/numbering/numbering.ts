import type { Executor } from "../../db/schema.js";
import { chinaLocal } from "../clock.js";
import * as repo from "./numbering.repository.js";

/**
 * A kind of number and how often it starts again at 1: tickets per queue per day, case numbers
 * and documents per site per year. Declared once by the module that gives such numbers.
 */
export interface NumberKind {
  /** Stable name stored with every counter, e.g. `ticket`, `case`, `doc.acceptance_notice`. */
  readonly kind: string;
  readonly period: "day" | "year" | "never";
}

export const defineNumberKind = (kind: string, period: NumberKind["period"]): NumberKind => Object.freeze({ kind, period });

/** The period an instant falls in, in Beijing time (a day starts at 00:00 China time, not UTC). */
export function periodOf(kind: NumberKind, at: Date): string {
  if (kind.period === "never") return "-";
  const { date } = chinaLocal(at);
  return kind.period === "day" ? date : date.slice(0, 4);
}

/**
 * The next number of `kind` for `scope` in `period` (see `periodOf`), taken inside the caller's
 * transaction: numbers never repeat, and since the counter row stays locked until commit and a
 * rollback undoes the increment, none is lost either (1, 2, 3 … with no gap). The price is that
 * transactions taking numbers of one counter run one after another: keep what follows short.
 *
 * It demands a transaction (not a bare database handle): a number taken outside one would be
 * committed on its own, and a failure after it would leave a gap.
 */
export async function nextNumber(tx: Executor, kind: NumberKind, scope: string, period: string): Promise<number> {
  if (!tx.isTransaction) throw new Error(`nextNumber(${kind.kind}) must run inside a transaction`);
  return repo.take(tx, kind.kind, scope, period);
}

/** The last number given (0 if none yet); for reports, never for taking a number. */
export async function lastNumber(db: Executor, kind: NumberKind, scope: string, period: string): Promise<number> {
  return repo.last(db, kind.kind, scope, period);
}

/**
 * Document numbers (文号) the way Chinese offices write them:
 * - `bracket`: 机关简称〔年〕第N号, e.g. `海淀中关村〔2026〕第000123号` (GB/T 9704 style);
 * - `spaced`: `中关村街道 2026 第000123号` (case numbers of GB/T 39046 style lists).
 * `digits` pads the number (default 6); the number itself is never cut.
 */
export function formatDocumentNumber(
  n: number,
  o: { agency: string; year: string | number; style?: "bracket" | "spaced"; digits?: number },
): string {
  if (!Number.isInteger(n) || n < 1) throw new Error(`document number must be a positive integer, got ${n}`);
  const seq = String(n).padStart(o.digits ?? 6, "0");
  return o.style === "spaced" ? `${o.agency} ${o.year} 第${seq}号` : `${o.agency}〔${o.year}〕第${seq}号`;
}

/** Reads a number written by `formatDocumentNumber` back (agency, year, n), or null. */
export function parseDocumentNumber(s: string): { agency: string; year: number; n: number } | null {
  const m = /^(.+?)(?:〔(\d{4})〕| (\d{4}) )第(\d+)号$/.exec(s);
  if (!m) return null;
  return { agency: m[1] as string, year: Number(m[2] ?? m[3]), n: Number(m[4]) };
}
