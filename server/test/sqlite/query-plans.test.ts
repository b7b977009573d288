import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "../helpers.js";
import { act, callNext, issue, openWindow, queues, windowIds } from "../queue-helpers.js";

// Tickets pile up day after day (a district issues hundreds of thousands a year). Every statement
// the queue runs must find its rows through an index: a full scan of `tickets` grows with history
// and, on the embedded engine, blocks the server while it runs. This drives a hall's day through
// the API, records every statement, and asks SQLite how it would run each one.
describe("query plans of the queue", () => {
  let env: TestEnv & { dataDir: string };
  const statements = new Set<string>();
  beforeAll(async () => {
    env = await setup({ onQuery: (sql) => statements.add(sql) });
  });
  afterAll(() => env.close());

  it("never scan the whole tickets table", async () => {
    const site = await env.siteId("zgc-street");
    const guide = await env.login("zgc.guide");
    const staff = await env.login("zgc.window1");
    const manager = await env.login("zgc.manager");
    const q = await queues(env, guide, site);
    const win = await windowIds(env, staff, site);
    const w = win[1] as string;
    await openWindow(env, staff, w);
    const a = q.A as string;
    const t1 = await issue(env, guide, site, a, { applicantIdNumber: "110101199001011237", applicantPhone: "13800001234" });
    await issue(env, guide, site, a, { priorityClass: "elderly" });
    await issue(env, guide, site, a);
    const first = await callNext(env, staff, w);
    expect(first.statusCode, first.body).toBe(200);
    const firstId = json(first.body).id as string;
    for (const step of ["recall", "start", "finish"]) {
      const res = await act(env, staff, w, firstId, step);
      expect(res.statusCode, `${step}: ${res.body}`).toBe(200);
    }
    const next = await callNext(env, staff, w);
    expect(next.statusCode, next.body).toBe(200);
    const moved = await act(env, staff, w, json(next.body).id, "transfer", { queueId: q.B });
    expect(moved.statusCode, moved.body).toBe(200);
    const reads = [
      `/api/sites/${site}/queue-snapshot`,
      `/api/sites/${site}/queue-stats?date=2026-11-27`,
      `/api/windows/${w}/console`,
      `/api/tickets/${t1.id}`,
      `/api/public/tickets/${t1.code}`,
    ];
    for (const url of reads) {
      const res = await env.app.inject({ url, headers: { cookie: manager } });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }
    const closed = await env.app.inject({ method: "POST", url: `/api/sites/${site}/queue/close-day`, headers: { cookie: manager } });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(json(closed.body)).toBeTruthy();

    const db = new SQLite(`${env.dataDir}/govhall.sqlite`, { readonly: true });
    try {
      const onTickets = [...statements].filter((s) => /\b(from|update|into) "tickets"/.test(s) && !/^insert/i.test(s));
      expect(onTickets.length).toBeGreaterThan(10);
      const scans: string[] = [];
      for (const sql of onTickets) {
        const params = (sql.match(/\?/g) ?? []).map(() => null);
        const plan = db.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[];
        if (plan.some((p) => /^SCAN tickets\b/.test(p.detail))) scans.push(`${sql}\n  ${plan.map((p) => p.detail).join(" | ")}`);
      }
      expect(scans).toEqual([]);
    } finally {
      db.close();
    }
  });
});
