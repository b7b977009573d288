import http from "node:http";
import type { AddressInfo } from "node:net";
import nodemailer from "nodemailer";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { smtpChannel, webhookChannel } from "../src/modules/notifications/channels.js";
import { backoffMs, deliverDue } from "../src/modules/notifications/outbox.service.js";
import { bookOnline, publicServices } from "./appointments-helpers.js";
import { json, setup, type TestEnv } from "./helpers.js";

/** A local SMS gateway that can be switched down (HTTP 503) and up again. */
let up = false;
const received: { id: string; recipient: string; kind: string; body: string }[] = [];
const gateway = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => {
    body += c;
  });
  req.on("end", () => {
    if (!up) {
      res.writeHead(503).end("down");
      return;
    }
    received.push(JSON.parse(body));
    res.writeHead(200).end("ok");
  });
});
let url = "";
beforeAll(async () => {
  await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
});
afterAll(() => new Promise<void>((r) => gateway.close(() => r())));

describe("notification outbox", () => {
  let env: TestEnv;
  beforeEach(async () => {
    env = await setup({ env: { NOTIFY_DISPATCH_MS: "0", APPOINTMENT_SWEEP_MS: "0" } });
    up = false;
    received.length = 0;
  });
  afterEach(async () => env.close());

  it("keeps a message while the channel is down, retries with backoff, and delivers it once the channel recovers", async () => {
    const serviceId = (await publicServices(env))[0]?.id as string;
    const { res, person } = await bookOnline(env, serviceId, "2026-11-30", "09:00");
    expect(res.statusCode, res.body).toBe(201);
    const channels = { sms: webhookChannel(url) };
    const db = env.handle.db;
    const rows = () => db.selectFrom("outbox").selectAll().orderBy("created_at").execute();
    expect((await rows()).map((r) => r.kind)).toEqual(["verification_code", "confirmation"]);

    // Down: nothing is lost, each message is scheduled again with backoff.
    let r = await deliverDue(db, env.clock, channels);
    expect(r).toEqual({ sent: 0, retried: 2, failed: 0 });
    let all = await rows();
    expect(all.every((m) => m.state === "pending" && m.attempts === 1 && m.last_error?.includes("503"))).toBe(true);
    expect(Date.parse(all[0]?.next_attempt_at ?? "") - env.clock.now().getTime()).toBe(backoffMs(1));
    // Not yet due: no attempt.
    expect(await deliverDue(db, env.clock, channels)).toEqual({ sent: 0, retried: 0, failed: 0 });
    env.clock.advance(backoffMs(1));
    r = await deliverDue(db, env.clock, channels);
    expect(r.retried).toBe(2);
    expect((await rows())[0]?.attempts).toBe(2);

    // The manager sees the delivery status (recipient masked).
    const manager = await env.login("zgc.manager");
    const siteId = await env.siteId("zgc-street");
    const listed = json((await env.app.inject({ url: `/api/sites/${siteId}/notifications`, headers: { cookie: manager } })).body);
    expect(listed[0]).toMatchObject({ kind: "confirmation", state: "pending", attempts: 2 });
    expect(listed[0].recipient).not.toBe(person.phone);

    // Up again: delivered, exactly once.
    up = true;
    env.clock.advance(backoffMs(2));
    r = await deliverDue(db, env.clock, channels);
    expect(r).toEqual({ sent: 2, retried: 0, failed: 0 });
    all = await rows();
    expect(all.every((m) => m.state === "sent" && m.sent_at)).toBe(true);
    expect(received.map((m) => m.kind)).toEqual(["verification_code", "confirmation"]);
    expect(received[1]?.recipient).toBe(person.phone);
    env.clock.advance(3_600_000);
    expect((await deliverDue(db, env.clock, channels)).sent).toBe(0);
    expect(received).toHaveLength(2);
  });

  it("mails through nodemailer (SMTP adapter) when the applicant gave an address", async () => {
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const sent: string[] = [];
    const mail = smtpChannel(transport, "govhall <noreply@govhall.local>");
    const recording = {
      name: "smtp",
      send: async (m: Parameters<typeof mail.send>[0]) => {
        sent.push(m.recipient);
        await mail.send(m);
      },
    };
    const db = env.handle.db;
    await db
      .insertInto("outbox")
      .values({
        id: "0190aaaa-0000-7000-8000-000000000001",
        site_id: null,
        appointment_id: null,
        channel: "email",
        recipient: "zhang@example.cn",
        kind: "confirmation",
        subject: "预约成功",
        body: "…",
        state: "pending",
        attempts: 0,
        next_attempt_at: env.clock.now().toISOString(),
        locked_until: null,
        last_error: null,
        created_at: env.clock.now().toISOString(),
        sent_at: null,
      })
      .execute();
    expect((await deliverDue(db, env.clock, { email: recording })).sent).toBe(1);
    expect(sent).toEqual(["zhang@example.cn"]);
  });
});
