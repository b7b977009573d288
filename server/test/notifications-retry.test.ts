import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channels } from "../src/modules/notifications/channels.js";
import { deliverDue, MAX_ATTEMPTS } from "../src/modules/notifications/outbox.service.js";
import { bookOnline, publicServices } from "./appointments-helpers.js";
import { json, setup, type TestEnv } from "./helpers.js";

/** POST /api/sites/:siteId/notifications/:messageId/retry (retryNotification) through HTTP. */
describe("sending a failed message again", () => {
  let env: TestEnv;
  let manager: string;
  let siteId: string;
  const sent: string[] = [];
  const down: Channels = {
    sms: {
      name: "sms",
      send: async () => {
        throw new Error("gateway down");
      },
    },
  };
  const up: Channels = {
    sms: {
      name: "sms",
      send: async (m) => {
        sent.push(m.kind);
      },
    },
  };
  const retry = (messageId: string, cookie?: string, site = siteId) =>
    env.app.inject({
      method: "POST",
      url: `/api/sites/${site}/notifications/${messageId}/retry`,
      headers: cookie ? { cookie } : {},
    });
  const messages = async () => await env.handle.db.selectFrom("outbox").selectAll().orderBy("created_at").orderBy("id").execute();
  /** The booking confirmations (a site's messages; verification codes belong to no site). */
  const confirmations = async () => (await messages()).filter((m) => m.kind === "confirmation");
  const retryAudits = async () =>
    (await env.handle.db.selectFrom("audit_log").selectAll().where("action", "=", "notification.retry").execute()).length;

  beforeAll(async () => {
    env = await setup({ env: { NOTIFY_DISPATCH_MS: "0", APPOINTMENT_SWEEP_MS: "0" } });
    manager = await env.login("zgc.manager");
    siteId = await env.siteId("zgc-street");
    const serviceId = (await publicServices(env))[0]?.id as string;
    for (const start of ["09:00", "10:00"]) {
      const { res } = await bookOnline(env, serviceId, "2026-11-30", start);
      expect(res.statusCode, res.body).toBe(201);
    }
    // The gateway has been down for about a day: the next attempt is the last.
    await env.handle.db
      .updateTable("outbox")
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .execute();
    expect(await deliverDue(env.handle.db, env.clock, down)).toEqual({ sent: 0, retried: 0, failed: 4 });
    expect((await messages()).map((m) => m.state)).toEqual(["failed", "failed", "failed", "failed"]);
  });
  afterAll(() => env?.close());

  it("queues a failed message again, audits it, and the dispatcher then delivers it once", async () => {
    const confirmation = (await confirmations())[0];
    const res = await retry(confirmation?.id as string, manager);
    expect(res.statusCode, res.body).toBe(200);
    const body = json(res.body);
    expect(body).toMatchObject({ id: confirmation?.id, kind: "confirmation", state: "pending", attempts: 0 });
    expect(body.recipient).not.toBe(confirmation?.recipient);

    const listed = json((await env.app.inject({ url: `/api/sites/${siteId}/notifications`, headers: { cookie: manager } })).body);
    expect(listed.find((m: { id: string }) => m.id === confirmation?.id)).toMatchObject({ state: "pending", attempts: 0 });
    const audits = await env.handle.db.selectFrom("audit_log").selectAll().where("action", "=", "notification.retry").execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entity_id: confirmation?.id, site_id: siteId });
    expect(audits[0]?.after).not.toContain(confirmation?.recipient as string);

    // Only the message sent again goes out; the other failed one stays failed.
    expect(await deliverDue(env.handle.db, env.clock, up)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(sent).toEqual(["confirmation"]);
    expect((await messages()).map((m) => (m.id === confirmation?.id ? "sent" : "failed"))).toEqual((await messages()).map((m) => m.state));

    // A message that is not failed (here: sent) is not queued again.
    const again = await retry(confirmation?.id as string, manager);
    expect(again.statusCode).toBe(409);
    expect(again.headers["content-type"]).toContain("application/problem+json");
    expect(json(again.body).code).toBe("message_not_failed");
    expect(await retryAudits()).toBe(1);
  });

  it("two managers clicking at once queue it once: one 200, one 409", async () => {
    const failed = (await confirmations())[1];
    expect(failed?.state).toBe("failed");
    const other = await env.login("zgc.manager");
    const [a, b] = await Promise.all([retry(failed?.id as string, manager), retry(failed?.id as string, other)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(await retryAudits()).toBe(2);
    const row = (await messages()).find((m) => m.id === failed?.id);
    expect(row).toMatchObject({ state: "pending", attempts: 0 });
  });

  it("refuses callers and messages outside the manager's site, and bad ids, changing nothing", async () => {
    const db = env.handle.db;
    const id = (await confirmations())[1]?.id as string;
    // Failed again (as after another day of a dead gateway).
    await db.updateTable("outbox").set({ state: "failed" }).where("id", "=", id).execute();
    const before = await retryAudits();

    expect((await retry(id)).statusCode).toBe(401);
    // Window staff book appointments but do not manage messages.
    expect((await retry(id, await env.login("zgc.window1"))).statusCode).toBe(403);
    // Another site's manager, on this site's path: 403; on their own site's path: the message is not theirs.
    const xyl = await env.login("xyl.manager");
    expect((await retry(id, xyl)).statusCode).toBe(403);
    const elsewhere = await retry(id, xyl, await env.siteId("xyl-street"));
    expect(elsewhere.statusCode).toBe(404);
    expect(json(elsewhere.body).code).toBe("not_found");
    expect((await retry("0190aaaa-0000-7000-8000-00000000dead", manager)).statusCode).toBe(404);
    const malformed = await retry("not-a-uuid", manager);
    expect(malformed.statusCode).toBe(400);
    expect(json(malformed.body).code).toBe("validation_failed");

    expect(await retryAudits()).toBe(before);
    expect((await messages()).find((m) => m.id === id)?.state).toBe("failed");
  });
});
