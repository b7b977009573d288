/**
 * How the fields of a PATCH body become columns of a row: a column name (the value as given), or
 * a column and a conversion (e.g. `active: true` → `1`).
 */
export type ColumnMap<P, R> = {
  [K in keyof P]?: Extract<keyof R, string> | { column: Extract<keyof R, string>; value: (v: Exclude<P[K], undefined>) => unknown };
};

/**
 * The columns a PATCH changes: one for each field it holds (an absent or `undefined` field
 * changes nothing; `null` clears), in the order of `columns`. One place for the
 * `if (patch.x !== undefined) set.x_col = patch.x` lines every update repeated.
 */
export function changedColumns<P extends object, R extends object>(patch: P, columns: ColumnMap<P, R>): Partial<R> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(columns) as (keyof P & string)[]) {
    const v = patch[key];
    const c = columns[key];
    if (v === undefined || c === undefined) continue;
    if (typeof c === "string") out[c] = v;
    else out[c.column] = c.value(v as Exclude<P[typeof key], undefined>);
  }
  return out as Partial<R>;
}

/** `true`/`false` as SQLite and PostgreSQL both store them here (an integer column). */
export const asFlag = (v: boolean) => (v ? 1 : 0);
