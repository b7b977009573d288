import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BusMessage } from "../src/platform/events/bus.js";
import { person, publicServices, staffBook } from "./appointments-helpers.js";
import { json, setup, type TestEnv } from "./helpers.js";
import { issue, queues } from "./queue-helpers.js";
import { SseClient } from "./sse.js";

// The bus may lose, reorder or repeat messages; streams must not. Here the bus of one instance is
// tampered with (a publish dropped as by an instance killed between commit and publish, held back,
// or sent twice) and every stream must still get each event once, in id order.
type Publish = (messages: BusMessage[]) => Promise<void>;

const ids = (c: SseClient) => c.events.filter((e) => e.id !== undefined).map((e) => e.id as number);
const contiguous = (xs: number[]) => xs.every((x, i) => i === 0 || x === (xs[i - 1] as number) + 1);
async function until(pred: () => boolean, what: string, ms = 5000) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

function suite(name: string, pollMs: string) {
  describe(name, () => {
    let env: TestEnv;
    let base: string;
    let site: string;
    let manager: string;
    let guide: string;
    let q: Record<string, string>;
    let publish: Publish;
    beforeAll(async () => {
      // The poll is set far away where the test is about gap filling, so only the gap fill can pass it.
      env = await setup({ env: { STREAM_POLL_MS: pollMs, STREAM_GAP_WAIT_MS: "10" } });
      base = await env.app.listen({ port: 0, host: "127.0.0.1" });
      site = await env.siteId("zgc-street");
      manager = await env.login("zgc.manager");
      guide = await env.login("zgc.guide");
      q = await queues(env, guide, site);
      publish = env.bus.publish.bind(env.bus);
    });
    afterAll(async () => {
      env.bus.publish = publish;
      await env.close();
    });
    const tamper = (fn: (messages: BusMessage[], real: Publish) => Promise<void>) => {
      env.bus.publish = (m) => fn(m, publish);
    };
    const restore = () => {
      env.bus.publish = publish;
    };
    const open = (lastEventId?: number) =>
      SseClient.open(`${base}/api/sites/${site}/events`, {
        cookie: manager,
        ...(lastEventId === undefined ? {} : { "last-event-id": String(lastEventId) }),
      });

    if (pollMs === "60000") {
      it("an event published out of order waits for the one before it", async () => {
        const s = await open();
        let held: BusMessage[] | null = null;
        tamper(async (m) => {
          held = m; // the first commit's publish is late
        });
        await issue(env, guide, site, q.A as string);
        tamper(async (m, real) => {
          await real(m); // the second arrives first…
          await real(held as BusMessage[]); // …then the first
        });
        await issue(env, guide, site, q.A as string);
        restore();
        await until(() => ids(s).length >= 2, "two events");
        expect(contiguous(ids(s))).toBe(true);
        await s.close();
      });

      it("a gap the bus never fills is read from the store: n+1 before n+2, once each", async () => {
        const s = await open();
        tamper(async () => undefined); // committed, never published: the instance died in between
        const lost = await issue(env, guide, site, q.A as string);
        tamper(async (m, real) => {
          await real(m);
          await real(m); // and one published twice
        });
        const next = await issue(env, guide, site, q.A as string);
        restore();
        await until(() => ids(s).length >= 2, "both events");
        const numbers = s.events.map((e) => (e.data as { data: { ticket: { number: string } } }).data.ticket.number);
        expect(numbers).toEqual([lost.number, next.number]);
        expect(contiguous(ids(s))).toBe(true);
        expect((s.events[1]?.data as { prev?: number } | undefined)?.prev).toBe(ids(s)[0]);
        await s.close();
      });
    } else {
      it("an event committed and never published still reaches live streams (the poll)", async () => {
        const s = await open();
        tamper(async () => undefined);
        const lost = await issue(env, guide, site, q.A as string);
        restore();
        const e = await s.next((x) => x.event === "ticket.issued");
        expect((e.data as { data: { ticket: { number: string } } }).data.ticket.number).toBe(lost.number);
        await s.close();
      });

      it("a reconnect mid-burst resumes with no gap and no duplicate, in order", async () => {
        const first = await open();
        const start = (await env.app.inject({ url: `/api/sites/${site}/queue-snapshot`, headers: { cookie: manager } })).json()
          .lastEventId as number;
        let n = 0;
        // Every third commit's publish is lost; the burst runs while the screen reconnects.
        tamper(async (m, real) => {
          if (++n % 3 !== 0) await real(m);
        });
        const burst = Promise.all(Array.from({ length: 30 }, () => issue(env, guide, site, q.B as string)));
        await until(() => ids(first).length >= 5, "the first events");
        await first.close();
        const got = ids(first);
        const second = await open(got[got.length - 1]);
        await burst;
        restore();
        await until(() => got.length + ids(second).length >= 30, "the whole burst");
        const all = [...got, ...ids(second)];
        expect(all[0]).toBe(start + 1);
        expect(all).toEqual(Array.from({ length: 30 }, (_, i) => start + 1 + i));
        await second.close();
      });

      it("appointments emit their state changes to the site's stream, without personal data", async () => {
        const s = await open();
        const serviceId = (await publicServices(env))[0]?.id as string;
        const p = person();
        const booked = await staffBook(env, manager, site, serviceId, "2026-11-30", "10:00", p);
        expect(booked.res.statusCode, booked.res.body).toBe(201);
        const e = await s.next((x) => x.event === "appointment.booked");
        expect(e.data).toMatchObject({
          type: "appointment.booked",
          siteId: site,
          refs: { appointmentId: json(booked.res.body).id },
          data: { appointment: { state: "booked", date: "2026-11-30", start: "10:00" } },
        });
        expect(JSON.stringify(e.data)).not.toContain(p.phone);
        expect(JSON.stringify(e.data)).not.toContain(p.name);
        await s.close();
      });

      it("documents every event's payload in OpenAPI for the web's generated types", async () => {
        const doc = (await env.app.inject({ url: "/api/openapi.json" })).json();
        const s = doc.components.schemas;
        expect(s.EventName.enum).toEqual(expect.arrayContaining(["ticket.called", "window.state", "appointment.booked"]));
        expect(s.EventPayloads.properties["ticket.called"]).toEqual({ $ref: "#/components/schemas/TicketEventData" });
        expect(s.TicketEventData.properties.ticket.required).toContain("windowNumber");
        expect(s.StreamEventEnvelope.required).toEqual(expect.arrayContaining(["id", "siteId", "at"]));
      });
    }
  });
}

suite("streams when the bus reorders, repeats or loses a message", "60000");
suite("streams when an instance dies between commit and publish", "100");
