import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { precompiled } from "../src/db/precompiled.js";
import type { Db } from "../src/db/schema.js";
import { freshDatabase } from "./helpers.js";

// Hot-path queries are compiled once per argument shape and then only re-filled with values:
// every later call must behave exactly as a freshly built query would.
describe("precompiled queries", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Db;
  beforeAll(async () => {
    fresh = await freshDatabase();
    db = fresh.handle.db;
    await sql`create table pc (id text primary key, n integer not null, note text)`.execute(db);
  });
  afterAll(async () => {
    await fresh.handle.close();
    await fresh.drop();
  });

  // biome-ignore lint/suspicious/noExplicitAny: a scratch table outside the schema types
  const anyDb = (d: Db) => d as any;
  const insert = precompiled((d, row: { id: string; n: number; note?: string | null }) => anyDb(d).insertInto("pc").values(row));
  const inIds = precompiled((d, ids: string[], min: number) =>
    anyDb(d).selectFrom("pc").select(["id", "n", "note"]).where("id", "in", ids).where("n", ">=", min).orderBy("id"),
  );
  const bump = precompiled((d, id: string, patch: { n?: number; note?: string | null }) =>
    anyDb(d).updateTable("pc").set(patch).where("id", "=", id).returning(["id", "n", "note"]),
  );

  it("fills new values into the same statement and recompiles for a new shape", async () => {
    await insert(db, { id: "a", n: 1 });
    await insert(db, { id: "b", n: 2, note: "两" });
    await insert(db, { id: "c", n: 3, note: null });
    expect(await inIds(db, ["a", "b", "c"], 2)).toEqual([
      { id: "b", n: 2, note: "两" },
      { id: "c", n: 3, note: null },
    ]);
    expect(await inIds(db, ["a"], 0)).toEqual([{ id: "a", n: 1, note: null }]);
    expect(await inIds(db, ["a", "c"], 0)).toEqual([
      { id: "a", n: 1, note: null },
      { id: "c", n: 3, note: null },
    ]);
    expect(await bump(db, "a", { n: 10 })).toEqual([{ id: "a", n: 10, note: null }]);
    expect(await bump(db, "b", { note: "改" })).toEqual([{ id: "b", n: 2, note: "改" }]);
    // An undefined field is left out, as Kysely leaves it out: the row keeps its value.
    expect(await bump(db, "c", { n: 30, note: undefined })).toEqual([{ id: "c", n: 30, note: null }]);
    expect(await bump(db, "missing", { n: 1 })).toEqual([]);
  });

  it("refuses a builder that computes with an argument instead of passing it as a value", async () => {
    const doubled = precompiled((d, n: number) =>
      anyDb(d)
        .selectFrom("pc")
        .select("id")
        .limit(n * 2),
    );
    await expect(doubled(db, 2)).rejects.toThrow(/only as values/);
  });
});
