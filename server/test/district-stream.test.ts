import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";
import { callNext, issue, openWindow, queues, windowIds } from "./queue-helpers.js";
import { SseClient, type SseEvent } from "./sse.js";

interface Summary {
  siteId: string;
  siteCode: string;
  waiting: number;
  called: number;
  issued: number;
  windowsOpen: number;
  open: boolean;
  oldestWaitingSince: string | null;
}
const summaryOf = (code: string) => (e: SseEvent) =>
  e.event === "queue.site_summary" && (e.data as { data: Summary }).data.siteCode === code;
const dataOf = (e: SseEvent) => (e.data as { data: Summary }).data;

// The district stream: the `queue.district_summary` job (run here by moving the clock) sends each
// site's queue summary when it changed; the district wall starts from the summary route and
// resumes with Last-Event-ID. Counts only: no applicant, no staff name.
describe("district stream", () => {
  let env: TestEnv;
  let base: string;
  let site: string;
  let supervisor: string;
  let guide: string;
  let w1: string;
  let q: Record<string, string>;
  let win: Record<number, string>;
  const runJob = async () => {
    env.clock.advance(15_000);
    const out = await env.app.scheduler.runDue();
    const run = out.find((o) => o.name === "queue.district_summary");
    expect(run?.status).toBe("ok");
    return (run?.result as { sent: number } | undefined)?.sent;
  };

  beforeAll(async () => {
    env = await setup();
    base = await env.app.listen({ port: 0, host: "127.0.0.1" });
    site = await env.siteId("zgc-street");
    supervisor = await env.login("supervisor");
    guide = await env.login("zgc.guide");
    w1 = await env.login("zgc.window1");
    q = await queues(env, guide, site);
    win = await windowIds(env, w1, site);
  });
  afterAll(() => env.close());

  it("is for district-wide readers only", async () => {
    for (const user of ["zgc.manager", "zgc.window1", "scjg.director"]) {
      const c = await SseClient.open(`${base}/api/district/events`, { cookie: await env.login(user) });
      expect(c.status, user).toBe(403);
      await c.close();
      const r = await env.app.inject({ url: "/api/district/queue-summary", headers: { cookie: await env.login(user) } });
      expect(r.statusCode, user).toBe(403);
    }
    const anon = await SseClient.open(`${base}/api/district/events`);
    expect(anon.status).toBe(401);
    await anon.close();
  });

  it("sends each site's summary when it changed, with no personal data, and resumes by Last-Event-ID", async () => {
    const wall = await SseClient.open(`${base}/api/district/events`, { cookie: supervisor });
    expect(wall.status).toBe(200);
    const active = json((await env.app.inject({ url: "/api/sites", headers: { cookie: supervisor } })).body).filter(
      (s: { active: boolean }) => s.active,
    );
    expect(await runJob()).toBe(active.length);
    const first = dataOf(await wall.next(summaryOf("zgc-street")));
    expect(first).toMatchObject({ siteId: site, waiting: 0, issued: 0, open: true });
    // Nothing changed: nothing is sent.
    expect(await runJob()).toBe(0);

    await openWindow(env, w1, win[1] as string);
    const t = await issue(env, guide, site, q.A as string, { applicantName: "钱七", applicantPhone: "13622223333" });
    expect(await runJob()).toBe(1);
    const second = await wall.next((e) => summaryOf("zgc-street")(e) && dataOf(e).waiting === 1);
    expect(dataOf(second)).toMatchObject({ waiting: 1, issued: 1, windowsOpen: 1, oldestWaitingSince: t.arrivedAt });
    expect(JSON.stringify(wall.events)).not.toMatch(/钱七|13622223333|周|张伟/);
    await wall.close();

    // While the wall is away: a call, and the job runs.
    expect((await callNext(env, w1, win[1] as string)).statusCode).toBe(200);
    await issue(env, guide, site, q.A as string);
    expect(await runJob()).toBe(1);
    const again = await SseClient.open(`${base}/api/district/events`, { cookie: supervisor, "last-event-id": String(second.id) });
    const third = await again.next(summaryOf("zgc-street"));
    expect(dataOf(third)).toMatchObject({ waiting: 1, called: 1, issued: 2 });
    expect(third.id).toBe((second.id as number) + 1);
    expect(again.events).toHaveLength(1);
    await again.close();

    // The wall's starting point: every site's last summary, and the id to resume after.
    const start = json((await env.app.inject({ url: "/api/district/queue-summary", headers: { cookie: supervisor } })).body);
    expect(start.lastEventId).toBe(third.id);
    expect(start.sites).toHaveLength(active.length);
    expect(start.sites.find((s: Summary) => s.siteId === site)).toEqual(dataOf(third));
  });
});
