import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../src/db/index.js";
import { insertEvent } from "../../src/platform/events/events.repository.js";
import { freshDatabase } from "../helpers.js";

// Streams resume after the last event id a screen saw. On PostgreSQL, ids handed out at insert
// (bigserial) do not follow commit order; the per-site number does: a later writer waits for the
// earlier one's commit and gets the next number.
describe("event numbers follow commit order within a site", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    fresh = await freshDatabase();
    await migrate(fresh.handle);
  });
  afterAll(async () => {
    await fresh.handle.close();
    await fresh.drop();
  });

  it("a transaction that numbers an event later also commits later", async () => {
    const row = (type: string) => ({
      stream: "site-1",
      ticket_id: null,
      refs: null,
      window_id: null,
      queue_id: null,
      type,
      at: new Date().toISOString(),
      actor_kind: "system",
      actor_id: null,
      payload: "{}",
    });
    const order: string[] = [];
    const slow = fresh.handle.db.transaction().execute(async (tx) => {
      const n = await insertEvent(tx, row("slow"));
      await new Promise((r) => setTimeout(r, 300));
      order.push("slow committed");
      return n;
    });
    await new Promise((r) => setTimeout(r, 50));
    const fast = fresh.handle.db.transaction().execute(async (tx) => {
      const n = await insertEvent(tx, row("fast"));
      order.push("fast numbered");
      return n;
    });
    const [a, b] = await Promise.all([slow, fast]);
    expect(b).toBe(a + 1);
    expect(order).toEqual(["slow committed", "fast numbered"]);
  });
});
