import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BusMessage } from "../../src/platform/events/bus.js";
import { SseClient } from "../sse.js";
import { call, type Instance, idsOf, login, openSiteWithQueue, REDIS_URL, startInstances, until } from "./instances.js";

// Two instances on one PostgreSQL database. The bus is attacked mid-run — its listening connection
// killed at the broker, an instance "dying" between commit and publish, a screen moving to the other
// instance in the middle of a burst — and every stream must still get every event once, in order.
const expectRun = (ids: number[], from: number, count: number) =>
  expect(ids).toEqual(Array.from({ length: count }, (_, i) => from + 1 + i));

async function killListener(via: "postgres" | "redis", name: string, databaseUrl: string) {
  if (via === "postgres") {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    const r = await c.query("select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1", [name]);
    await c.end();
    expect(r.rows).toEqual([{ ok: true }]);
    return;
  }
  const r = new Redis(REDIS_URL);
  const list = (await r.client("LIST")) as string;
  const id = list
    .split("\n")
    .find((l) => l.includes(` name=${name} `))
    ?.match(/id=(\d+)/)?.[1];
  expect(id).toBeDefined();
  expect(await r.client("KILL", "ID", id as string)).toBe(1);
  r.disconnect();
}

async function listenerBack(via: "postgres" | "redis", name: string, databaseUrl: string): Promise<boolean> {
  if (via === "postgres") {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    const r = await c.query("select count(*)::int as n from pg_stat_activity where application_name = $1", [name]);
    await c.end();
    return r.rows[0].n === 1;
  }
  const r = new Redis(REDIS_URL);
  const list = (await r.client("LIST")) as string;
  r.disconnect();
  return list.includes(` name=${name} `);
}

for (const via of ["postgres", "redis"] as const) {
  describe(`streams through ${via} when the listening connection is killed`, () => {
    let run: Awaited<ReturnType<typeof startInstances>>;
    let a: Instance;
    let b: Instance;
    beforeAll(async () => {
      // No polling to fall back on: only the reconnect and its catch-up can deliver what was missed.
      run = await startInstances(2, via, { STREAM_POLL_MS: "300000" });
      [a, b] = run.instances as [Instance, Instance];
    }, 60_000);
    afterAll(() => run.close());

    it("keeps every event, in order, when the LISTEN/SUBSCRIBE connection dies mid-run", async () => {
      const manager = await login(a.base, "scjg.manager");
      const guide = await login(a.base, "scjg.window1");
      const { site, queueId } = await openSiteWithQueue(a.base, manager, "K");
      const start = (await call(b.base, "GET", `/api/sites/${site}/queue-snapshot`, manager)).body.lastEventId as number;
      const display = await SseClient.open(`${b.base}/api/sites/${site}/events`, { cookie: manager });
      const name = b.bus.connectionName as string;
      const issue = (i: number) => call(i % 2 ? b.base : a.base, "POST", `/api/sites/${site}/tickets`, guide, { queueId });
      const first = await Promise.all(Array.from({ length: 20 }, (_, i) => issue(i)));
      await until(() => idsOf(display).length >= 10, "the first events");
      await killListener(via, name, run.fresh.databaseUrl as string);
      // Committed at once, while b's listener is down: nothing after them, so only b's catch-up
      // after reconnecting can deliver them (no later event to reveal a gap, no poll).
      const during = await Promise.all(Array.from({ length: 10 }, (_, i) => issue(i)));
      await until(() => idsOf(display).length >= 30, `30 events on b (got ${idsOf(display).length})`);
      const rest = await Promise.all(Array.from({ length: 30 }, (_, i) => issue(i)));
      expect([...first, ...during, ...rest].every((r) => r.status === 201)).toBe(true);
      await until(() => idsOf(display).length >= 60, `60 events on b (got ${idsOf(display).length})`);
      expectRun(idsOf(display), start, 60);
      expect(await listenerBack(via, name, run.fresh.databaseUrl as string)).toBe(true);
      // And the bus carries new events again, live.
      await issue(0);
      await until(() => idsOf(display).length >= 61, "an event after the reconnect");
      expectRun(idsOf(display), start, 61);
      await display.close();
    }, 60_000);
  });
}

describe("streams on two instances when one dies between commit and publish", () => {
  let run: Awaited<ReturnType<typeof startInstances>>;
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    run = await startInstances(2, "postgres", { STREAM_POLL_MS: "200" });
    [a, b] = run.instances as [Instance, Instance];
  }, 60_000);
  afterAll(() => run.close());

  it("what the dead instance committed reaches the other instance's streams; a screen moving over mid-burst has no gap or duplicate", async () => {
    const manager = await login(a.base, "scjg.manager");
    const guide = await login(a.base, "scjg.window1");
    const { site, queueId } = await openSiteWithQueue(a.base, manager, "X");
    const start = (await call(b.base, "GET", `/api/sites/${site}/queue-snapshot`, manager)).body.lastEventId as number;
    const onB = await SseClient.open(`${b.base}/api/sites/${site}/events`, { cookie: manager });
    const onA = await SseClient.open(`${a.base}/api/sites/${site}/events`, { cookie: manager });
    // From here on a commits and never publishes: as if killed each time between the two.
    const publish = a.bus.publish.bind(a.bus);
    a.bus.publish = async (_m: BusMessage[]) => undefined;
    try {
      const issue = (i: number) => call(i % 2 ? b.base : a.base, "POST", `/api/sites/${site}/tickets`, guide, { queueId });
      const burst = Promise.all(Array.from({ length: 60 }, (_, i) => issue(i)));
      await until(() => idsOf(onA).length >= 10, "the first events on a");
      // The screen on a drops and reconnects to b with the last id it holds.
      await onA.close();
      const held = idsOf(onA);
      const moved = await SseClient.open(`${b.base}/api/sites/${site}/events`, {
        cookie: manager,
        "last-event-id": String(held[held.length - 1]),
      });
      expect((await burst).every((r) => r.status === 201)).toBe(true);
      await until(() => idsOf(onB).length >= 60, `60 events on b (got ${idsOf(onB).length})`);
      expectRun(idsOf(onB), start, 60);
      await until(() => held.length + idsOf(moved).length >= 60, "the moved screen's events");
      expectRun([...held, ...idsOf(moved)], start, 60);
      await moved.close();
    } finally {
      a.bus.publish = publish;
    }
    await onB.close();
  }, 60_000);
});
