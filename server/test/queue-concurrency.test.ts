import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";

const TICKETS = 1000;
const WINDOWS = 20;

describe(`${TICKETS} tickets issued while ${WINDOWS} windows call, all at once`, () => {
  let env: TestEnv;
  let site: string;
  let queueId: string;
  const staff: { cookie: string; windowId: string }[] = [];

  beforeAll(async () => {
    env = await setup();
    site = await env.siteId("scjg-hall");
    const manager = await env.login("scjg.manager");
    queueId = json(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/sites/${site}/queues`,
          headers: { cookie: manager },
          payload: { prefix: "Z", name: "并发测试" },
        })
      ).body,
    ).id;
    for (let i = 0; i < WINDOWS; i++) {
      const w = json(
        (
          await env.app.inject({
            method: "POST",
            url: `/api/sites/${site}/windows`,
            headers: { cookie: manager },
            payload: { number: 100 + i, name: `并发窗口${i}` },
          })
        ).body,
      );
      await env.app.inject({
        method: "PUT",
        url: `/api/sites/${site}/windows/${w.id}/queues`,
        headers: { cookie: manager },
        payload: { queueIds: [queueId] },
      });
      await env.app.inject({
        method: "POST",
        url: "/api/staff",
        headers: { cookie: manager },
        payload: { username: `load${i}`, displayName: `窗口${i}`, password: "first1234", grants: [{ role: "window_staff", siteId: site }] },
      });
      const cookie = await env.login(`load${i}`, "first1234");
      await env.app.inject({
        method: "POST",
        url: "/api/auth/password",
        headers: { cookie },
        payload: { currentPassword: "first1234", newPassword: "second1234" },
      });
      expect((await env.app.inject({ method: "POST", url: `/api/windows/${w.id}/open`, headers: { cookie } })).statusCode).toBe(200);
      staff.push({ cookie, windowId: w.id });
    }
  }, 120_000);
  afterAll(() => env.close());

  it("calls every ticket exactly once, with numbers unique and without gaps", async () => {
    // Over real HTTP on a listening server, so requests interleave as they would from 20 counters.
    // A pool of 100 keep-alive connections, as a hall's kiosks and counters would hold; all 1,000
    // issues are in flight at once and queue on it.
    const base = await env.app.listen({ port: 0, host: "127.0.0.1" });
    const pool = new Pool(base, { connections: 100, pipelining: 1 });
    const post = async (path: string, cookie: string, body?: unknown) => {
      const r = await pool.request({
        method: "POST",
        path,
        headers: { cookie, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { statusCode: r.statusCode, body: await r.body.text() };
    };
    const guide = await env.login("scjg.window1");
    let issuing = true;
    const issued = Promise.all(Array.from({ length: TICKETS }, () => post(`/api/sites/${site}/tickets`, guide, { queueId }))).finally(
      () => {
        issuing = false;
      },
    );
    const served: string[][] = staff.map(() => []);
    /** Nobody waiting: after issuing ended, one more look (the last tickets may have arrived meanwhile); false when done. */
    const idle = async (s: { cookie: string; windowId: string }, i: number): Promise<boolean> => {
      if (issuing) {
        await new Promise((r) => setTimeout(r, 5));
        return true;
      }
      const last = await post(`/api/windows/${s.windowId}/call-next`, s.cookie);
      if (last.statusCode === 404) return false;
      served[i]?.push(json(last.body).id);
      await finish(s, json(last.body).id);
      return true;
    };
    const windows = staff.map(async (s, i) => {
      for (;;) {
        const r = await post(`/api/windows/${s.windowId}/call-next`, s.cookie);
        if (r.statusCode === 404) {
          if (await idle(s, i)) continue;
          return;
        }
        expect(r.statusCode, r.body).toBe(200);
        const id = json(r.body).id as string;
        served[i]?.push(id);
        await finish(s, id);
      }
    });
    async function finish(s: { cookie: string; windowId: string }, id: string) {
      for (const a of ["start", "finish"]) {
        const r = await post(`/api/windows/${s.windowId}/tickets/${id}/${a}`, s.cookie);
        expect(r.statusCode, r.body).toBe(200);
      }
    }
    const results = await issued;
    await Promise.all(windows);

    expect(results.filter((r) => r.statusCode !== 201).map((r) => `${r.statusCode} ${r.body}`)).toEqual([]);
    const numbers = results.map((r) => json(r.body).number as string);
    expect(new Set(numbers).size).toBe(TICKETS);
    const seqs = numbers.map((n) => Number(n.slice(1))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: TICKETS }, (_, i) => i + 1));

    const all = served.flat();
    expect(all.length, `served per window: ${served.map((s) => s.length).join(",")}`).toBe(TICKETS);
    expect(new Set(all).size).toBe(TICKETS);
    const calls = await env.handle.db
      .selectFrom("events")
      .select(["ticket_id", "window_id"])
      .where("stream", "=", site)
      .where("type", "=", "ticket.called")
      .execute();
    const perTicket = new Map<string, number>();
    for (const c of calls) perTicket.set(c.ticket_id as string, (perTicket.get(c.ticket_id as string) ?? 0) + 1);
    expect([...perTicket.values()].every((n) => n === 1)).toBe(true);
    expect(perTicket.size).toBe(TICKETS);
    const states = await env.handle.db.selectFrom("tickets").select("state").where("origin_queue_id", "=", queueId).execute();
    expect(states.every((s) => s.state === "done")).toBe(true);
    expect(served.filter((s) => s.length > 0).length).toBeGreaterThan(1);
    await pool.close();
  }, 300_000);
});
