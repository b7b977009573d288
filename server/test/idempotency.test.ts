import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";
import { openWindow, queues, windowIds } from "./queue-helpers.js";

/**
 * Issue 10, item 6: an issue whose answer was lost and that is retried must not make a second
 * ticket. `Idempotency-Key` on issueTicket and the other device writes answers a repeat with the
 * first result; the same key with another body is a 422 problem; keys expire through a job.
 */
describe("Idempotency-Key on device writes", () => {
  let env: TestEnv;
  let site: string;
  let q: Record<string, string>;
  let kiosk: Record<string, string>;
  let otherKiosk: Record<string, string>;
  const ticketCount = async () =>
    Number(
      (
        await env.handle.db
          .selectFrom("tickets")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("site_id", "=", site)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const register = async (manager: string, name: string) => {
    const res = await env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/devices`,
      headers: { cookie: manager },
      payload: { kind: "kiosk", name },
    });
    expect(res.statusCode, res.body).toBe(201);
    return { authorization: `Bearer ${json(res.body).token}` };
  };
  const issue = (headers: Record<string, string>, key: string | null, body: Record<string, unknown>) =>
    env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/tickets`,
      headers: { ...headers, ...(key ? { "idempotency-key": key } : {}) },
      payload: body,
    });

  beforeAll(async () => {
    env = await setup();
    site = await env.siteId("zgc-street");
    const manager = await env.login("zgc.manager");
    q = await queues(env, manager, site);
    kiosk = await register(manager, "取号机一");
    otherKiosk = await register(manager, "取号机二");
  });
  afterAll(() => env.close());

  it("answers a repeat with the first result, the same status and body, and makes one ticket", async () => {
    const before = await ticketCount();
    const first = await issue(kiosk, "k-0001", { queueId: q.A, priorityClass: "normal" });
    expect(first.statusCode, first.body).toBe(201);
    const again = await issue(kiosk, "k-0001", { queueId: q.A, priorityClass: "normal" });
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.headers["content-type"]).toContain("application/json");
    expect(await ticketCount()).toBe(before + 1);
    // Without a key, or with another key, each request is its own.
    expect((await issue(kiosk, null, { queueId: q.A, priorityClass: "normal" })).statusCode).toBe(201);
    expect((await issue(kiosk, "k-0002", { queueId: q.A, priorityClass: "normal" })).statusCode).toBe(201);
    expect(await ticketCount()).toBe(before + 3);
  });

  it("refuses the same key with a different body with a 422 problem", async () => {
    expect((await issue(kiosk, "k-0100", { queueId: q.A, priorityClass: "normal" })).statusCode).toBe(201);
    const other = await issue(kiosk, "k-0100", { queueId: q.B, priorityClass: "normal" });
    expect(other.statusCode).toBe(422);
    expect(other.headers["content-type"]).toContain("application/problem+json");
    expect(json(other.body).code).toBe("idempotency_key_reused");
    expect(json(other.body).message.zh).toBeTruthy();
  });

  it("two concurrent requests with the same key make one ticket and both get its answer", async () => {
    for (let round = 0; round < 5; round++) {
      const before = await ticketCount();
      const key = `k-race-${round}`;
      const answers = await Promise.all(Array.from({ length: 4 }, () => issue(kiosk, key, { queueId: q.A, priorityClass: "normal" })));
      expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201]);
      expect(new Set(answers.map((a) => json(a.body).id)).size).toBe(1);
      expect(await ticketCount()).toBe(before + 1);
    }
  });

  it("keys belong to their caller: another kiosk's same key is its own", async () => {
    const a = await issue(kiosk, "shared-key", { queueId: q.A, priorityClass: "normal" });
    const b = await issue(otherKiosk, "shared-key", { queueId: q.A, priorityClass: "normal" });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(json(a.body).id).not.toBe(json(b.body).id);
  });

  it("repeats a refusal as it was, and refuses a malformed key", async () => {
    const unknownQueue = "00000000-0000-4000-8000-000000000000";
    const first = await issue(kiosk, "k-refused", { queueId: unknownQueue, priorityClass: "normal" });
    expect(first.statusCode).toBe(404);
    const again = await issue(kiosk, "k-refused", { queueId: unknownQueue, priorityClass: "normal" });
    expect(again.statusCode).toBe(404);
    expect(again.body).toBe(first.body);
    expect(again.headers["content-type"]).toContain("application/problem+json");
    const bad = await issue(kiosk, "ключ", { queueId: q.A, priorityClass: "normal" });
    expect(bad.statusCode).toBe(400);
    expect(json(bad.body).code).toBe("idempotency_key_invalid");
  });

  it("covers the window's steps too: a repeated call-next calls nobody else", async () => {
    const staff = await env.login("zgc.window1");
    const w1 = (await windowIds(env, staff, site))[1] as string;
    await openWindow(env, staff, w1);
    const call = () =>
      env.app.inject({ method: "POST", url: `/api/windows/${w1}/call-next`, headers: { cookie: staff, "idempotency-key": "call-1" } });
    const first = await call();
    expect(first.statusCode, first.body).toBe(200);
    const again = await call();
    expect(again.statusCode).toBe(200);
    expect(json(again.body).id).toBe(json(first.body).id);
    const called = await env.handle.db
      .selectFrom("tickets")
      .select("id")
      .where("window_id", "=", w1)
      .where("state", "=", "called")
      .execute();
    expect(called).toHaveLength(1);
  });

  it("a key whose first request committed but never answered (its instance died) is never run again", async () => {
    const first = await issue(kiosk, "k-orphan", { queueId: q.A, priorityClass: "normal" });
    expect(first.statusCode).toBe(201);
    const before = await ticketCount();
    // What an instance killed after its commit leaves: the claim, committed with the ticket, and no answer.
    await env.handle.db
      .updateTable("idempotency_keys")
      .set({ status: 0, body: "running:dead-instance" })
      .where("key", "=", "k-orphan")
      .execute();
    const retry = await issue(kiosk, "k-orphan", { queueId: q.A, priorityClass: "normal" });
    expect(retry.statusCode).toBe(409);
    expect(json(retry.body).code).toBe("idempotency_key_in_progress");
    expect(await ticketCount()).toBe(before);
  });

  it("keeps keys for a bounded time: the scheduler job drops them, and the key is free again", async () => {
    const first = await issue(kiosk, "k-expire", { queueId: q.A, priorityClass: "normal" });
    expect(first.statusCode).toBe(201);
    const rows = async () => (await env.handle.db.selectFrom("idempotency_keys").select("key").execute()).length;
    expect(await rows()).toBeGreaterThan(0);
    env.clock.advance(25 * 3_600_000);
    await env.app.scheduler.runDue();
    expect(await rows()).toBe(0);
    // The key is free again (on Monday, when the site is open).
    env.clock.set("2026-11-30T02:00:00.000Z");
    const later = await issue(kiosk, "k-expire", { queueId: q.A, priorityClass: "normal" });
    expect(later.statusCode, later.body).toBe(201);
    expect(json(later.body).id).not.toBe(json(first.body).id);
  });
});
