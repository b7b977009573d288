import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Channel } from "../src/modules/notifications/channels.js";
import { deliverDue, enqueue } from "../src/modules/notifications/outbox.service.js";
import { code, hold, person, publicServices } from "./appointments-helpers.js";
import { json, setup, type TestEnv } from "./helpers.js";

// Found in review: dates that do not exist, guesses racing the try limit, and two dispatchers.
describe("appointments: review fixes", () => {
  let env: TestEnv;
  let manager: string;
  let siteId: string;
  let serviceId: string;
  beforeEach(async () => {
    env = await setup({
      now: "2026-11-27T02:00:00.000Z",
      env: { NOTIFY_DISPATCH_MS: "0", APPOINTMENT_SWEEP_MS: "0", PUBLIC_BOOKING_LIMIT: "0" },
    });
    manager = await env.login("zgc.manager");
    siteId = await env.siteId("zgc-street");
    serviceId = (await publicServices(env))[0]?.id as string;
  });
  afterEach(async () => env.close());

  it("refuses a date that does not exist (2026-11-31 would have become 1 December) on every way in", async () => {
    const h = await hold(env, serviceId, "2026-11-31", "09:00");
    expect(h.statusCode, h.body).toBe(400);
    expect(json(h.body).code).toBe("validation_failed");
    const staff = await env.app.inject({
      method: "POST",
      url: `/api/sites/${siteId}/appointments`,
      headers: { cookie: manager },
      payload: { serviceId, date: "2026-02-29", start: "09:00", channel: "phone", ...person() },
    });
    expect(staff.statusCode, staff.body).toBe(400);
    const day = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${siteId}/appointment-services/${serviceId}/days/2026-13-01`,
      headers: { cookie: manager },
      payload: { capacity: 0 },
    });
    expect(day.statusCode, day.body).toBe(400);
    const slots = await env.app.inject({
      method: "GET",
      url: `/api/sites/${siteId}/appointments?from=2026-11-31&to=2026-12-01`,
      headers: { cookie: manager },
    });
    expect(slots.statusCode, slots.body).toBe(400);
    const rows = await env.handle.db.selectFrom("appointments").select("id").execute();
    expect(rows).toEqual([]);
  });

  it("counts every guess of a code, even parallel ones: after five, the right code is refused too", async () => {
    const p = person();
    const right = await code(env, p.phone);
    const h = await hold(env, serviceId, "2026-11-30", "09:00");
    expect(h.statusCode, h.body).toBe(201);
    const token = json(h.body).holdToken as string;
    const wrong = right === "000000" ? "111111" : "000000";
    const guesses = await Promise.all(
      Array.from({ length: 20 }, () =>
        env.app.inject({
          method: "POST",
          url: `/api/public/appointments/holds/${token}/confirm`,
          payload: { ...p, verificationCode: wrong },
        }),
      ),
    );
    expect(guesses.every((g) => g.statusCode === 400 && json(g.body).code === "verification_failed")).toBe(true);
    const row = await env.handle.db
      .selectFrom("verification_codes")
      .select("attempts")
      .where("phone", "=", p.phone)
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(5);
    const late = await env.app.inject({
      method: "POST",
      url: `/api/public/appointments/holds/${token}/confirm`,
      payload: { ...p, verificationCode: right },
    });
    expect(json(late.body).code).toBe("verification_failed");
  });

  it("two dispatchers running at once send each message once", async () => {
    for (let i = 0; i < 6; i++) {
      await env.handle.db.transaction().execute((tx) =>
        enqueue(tx, env.clock, {
          siteId,
          channel: "sms",
          recipient: `1390000000${i}`,
          kind: "confirmation",
          subject: "测试",
          body: `消息 ${i}`,
        }),
      );
    }
    const sent: string[] = [];
    // Each send takes half a lease (30 s of the clock), so one pass outlives the first leases it
    // took; a second instance starts its own pass in the middle of the first one.
    let second: Promise<{ sent: number }> | null = null;
    const slow: Channel = {
      name: "slow",
      async send(m) {
        await new Promise((r) => setTimeout(r, 10));
        env.clock.advance(30_000);
        sent.push(m.id);
        if (sent.length === 3 && !second) second = deliverDue(env.handle.db, env.clock, { sms: slow });
      },
    };
    const first = await deliverDue(env.handle.db, env.clock, { sms: slow });
    const other = await (second ?? Promise.resolve({ sent: 0 }));
    expect(first.sent + other.sent).toBe(6);
    expect(new Set(sent).size).toBe(6);
    expect(sent).toHaveLength(6);
    const states = await env.handle.db.selectFrom("outbox").select("state").where("recipient", "like", "1390000000%").execute();
    expect(states.map((s) => s.state)).toEqual(Array(6).fill("sent"));
  });

  it("keeps no copy of a verification code once it is sent", async () => {
    const p = person();
    const right = await code(env, p.phone);
    const got: string[] = [];
    const sms: Channel = { name: "capture", send: async (m) => void got.push(m.body) };
    expect((await deliverDue(env.handle.db, env.clock, { sms })).sent).toBeGreaterThanOrEqual(1);
    expect(got.some((b) => b.includes(right))).toBe(true);
    const rows = await env.handle.db.selectFrom("outbox").select(["body", "state"]).where("kind", "=", "verification_code").execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.state).toBe("sent");
    expect(rows[0]?.body).not.toContain(right);
  });

  it("lets one person join a slot's waiting list once", async () => {
    const day = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${siteId}/appointment-services/${serviceId}/days/2026-11-30`,
      headers: { cookie: manager },
      payload: { capacity: 1 },
    });
    expect(day.statusCode, day.body).toBe(200);
    const first = await env.app.inject({
      method: "POST",
      url: `/api/sites/${siteId}/appointments`,
      headers: { cookie: manager },
      payload: { serviceId, date: "2026-11-30", start: "09:00", channel: "phone", ...person() },
    });
    expect(first.statusCode, first.body).toBe(201);
    const w = person();
    const join = async () =>
      env.app.inject({
        method: "POST",
        url: "/api/public/appointments/waitlist",
        payload: { serviceId, date: "2026-11-30", start: "09:00", ...w, verificationCode: await code(env, w.phone) },
      });
    expect((await join()).statusCode).toBe(201);
    env.clock.advance(61_000); // one code a minute
    const again = await join();
    expect(again.statusCode, again.body).toBe(409);
    expect(json(again.body).code).toBe("already_waiting");
    const entries = await env.handle.db.selectFrom("appointment_waitlist").select("id").where("applicant_phone", "=", w.phone).execute();
    expect(entries).toHaveLength(1);
  });
});
