import { type Compilable, type CompiledQuery, createQueryId, type RootOperationNode } from "kysely";
import type { Db, Executor } from "./schema.js";

/** Stands for one argument (or one element or field of it) while a query is built once. */
class Slot {
  constructor(
    readonly arg: number,
    readonly key?: string | number,
  ) {}
}

type Param = Slot | { value: unknown };

interface Compiled {
  sql: string;
  query: RootOperationNode;
  params: Param[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** The shape of the arguments: what the SQL text depends on (array lengths, the fields present). */
function shapeOf(args: readonly unknown[]): string {
  return args
    .map((a) => {
      if (Array.isArray(a)) return `a${a.length}`;
      if (isPlainObject(a)) return `o(${Object.keys(a).filter((k) => a[k] !== undefined)})`;
      return a === undefined ? "u" : "s";
    })
    .join("|");
}

function placeholders(args: readonly unknown[]): unknown[] {
  return args.map((a, i) => {
    if (Array.isArray(a)) return a.map((_, j) => new Slot(i, j));
    if (isPlainObject(a)) {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(a)) if (a[k] !== undefined) o[k] = new Slot(i, k);
      return o;
    }
    return a === undefined ? undefined : new Slot(i);
  });
}

/**
 * The rule of a precompiled builder, checked when it is compiled: every placeholder must reach the
 * SQL as a parameter (not be dropped, inlined or computed with), and nothing computed from one
 * (a NaN from arithmetic, say) may be frozen into the statement as a constant.
 */
function assertValuesOnly(held: unknown[], parameters: readonly unknown[]): void {
  const used = new Set(parameters.filter((p) => p instanceof Slot));
  const slots = held.flatMap((h) => (h instanceof Slot ? [h] : Array.isArray(h) ? h : isPlainObject(h) ? Object.values(h) : []));
  const lost = slots.filter((s) => !used.has(s as Slot));
  const computed = parameters.filter((p) => !(p instanceof Slot) && (Number.isNaN(p) || (typeof p === "object" && p !== null)));
  if (lost.length > 0 || computed.length > 0) {
    throw new Error("precompiled: the builder must use its arguments only as values (one was dropped or computed with)");
  }
}

function fill(args: readonly unknown[], s: Slot): unknown {
  const a = args[s.arg];
  if (s.key === undefined) return a;
  return (a as Record<string | number, unknown>)[s.key];
}

/**
 * A query on the hot path, built and compiled once per engine and argument shape. Kysely builds
 * and compiles every query anew, which cost about a sixth of the server's time under the queue
 * benchmark; here `build` runs once with placeholders standing for the arguments (each scalar,
 * each array element, each field of a plain object), and later calls only fill in the values.
 *
 * `build` must use the arguments only as values: no arithmetic on them and no branching on their
 * contents. Array lengths and the fields an object has may vary; each shape is compiled once.
 */
export function precompiled<A extends unknown[], O>(build: (db: Db, ...args: A) => Compilable<O>) {
  const cache = new Map<unknown, Map<string, Compiled>>();
  return async (db: Executor, ...args: A): Promise<O[]> => {
    const engine = db.getExecutor().adapter.constructor;
    let byShape = cache.get(engine);
    if (!byShape) {
      byShape = new Map();
      cache.set(engine, byShape);
    }
    const shape = shapeOf(args);
    let c = byShape.get(shape);
    if (!c) {
      const held = placeholders(args);
      const compiled = build(db as Db, ...(held as A)).compile();
      assertValuesOnly(held, compiled.parameters);
      c = {
        sql: compiled.sql,
        query: compiled.query,
        params: compiled.parameters.map((p) => (p instanceof Slot ? p : { value: p })),
      };
      byShape.set(shape, c);
    }
    const parameters = c.params.map((p) => (p instanceof Slot ? fill(args, p) : p.value));
    const query: CompiledQuery<O> = { sql: c.sql, query: c.query, queryId: createQueryId(), parameters };
    return (await db.executeQuery(query)).rows;
  };
}
