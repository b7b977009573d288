import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup, type TestEnv } from "../helpers.js";

// At opening time every sign-in in the district used to append to the district audit chain, so
// all of them queued on its head row. Now they do not touch it: while another transaction holds
// the district head locked, sign-ins of many users at once still complete.
describe("sign-ins while the district audit chain is locked", () => {
  let env: TestEnv & { databaseUrl?: string };
  let holder: pg.Client;
  beforeAll(async () => {
    env = await setup();
    holder = new pg.Client({ connectionString: env.databaseUrl });
    await holder.connect();
  });
  afterAll(async () => {
    await holder?.end();
    await env?.close();
  });

  it("completes 30 concurrent sign-ins without waiting for the district head row", async () => {
    await holder.query("begin");
    await holder.query("select * from audit_heads where chain = 'district' for update");
    const users = [
      "zgc.manager",
      "zgc.window1",
      "zgc.window2",
      "zgc.guide",
      "scjg.window1",
      "scjg.window2",
      "xyl.manager",
      "ky.manager",
      "park.operator",
      "supervisor",
    ];
    const logins = Promise.all(
      users.flatMap((username) =>
        [1, 2, 3].map(() => env.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password: "govhall2026" } })),
      ),
    );
    // Were they queued behind the lock, they would still be waiting when this fires.
    let timer: NodeJS.Timeout | undefined;
    const blocked = new Promise<"blocked">((ok) => {
      timer = setTimeout(() => ok("blocked"), 15_000);
    });
    const outcome = await Promise.race([logins, blocked]);
    clearTimeout(timer);
    await holder.query("rollback");
    expect(outcome).not.toBe("blocked");
    const results = await logins;
    expect(results.map((r) => r.statusCode)).toEqual(Array(30).fill(200));
  });
});
