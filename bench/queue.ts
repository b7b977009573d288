import http from "node:http";
import { Client, fmt, percentile, type Server, startProcess } from "./lib.js";

export interface Hall {
  site: string;
  queueId: string;
  issuerCookie: string;
  windows: { id: string; cookie: string }[];
}

/** A hall ready for load: open all day today, one queue without caps, `n` staffed windows. */
export async function prepareHall(c: Client, n: number): Promise<Hall> {
  const manager = await c.login("zgc.manager");
  const site = (await c.req("GET", "/api/sites", manager)).body.find((s: { code: string }) => s.code === "zgc-street").id as string;
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  await c.req("PUT", `/api/sites/${site}/hour-exceptions`, manager, {
    date: today,
    closed: false,
    opens: "00:00",
    closes: "23:59",
    note: "压测",
  });
  const queueId = (await c.req("POST", `/api/sites/${site}/queues`, manager, { prefix: "Z", name: "压测" })).body.id as string;
  const windows: Hall["windows"] = [];
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const w = (await c.req("POST", `/api/sites/${site}/windows`, manager, { number: 200 + i, name: `压测${i}` })).body;
      await c.req("PUT", `/api/sites/${site}/windows/${w.id}/queues`, manager, { queueIds: [queueId] });
      await c.req("POST", "/api/staff", manager, {
        username: `bench${i}`,
        displayName: `压测${i}`,
        password: "first1234",
        grants: [{ role: "window_staff", siteId: site }],
      });
      const cookie = await c.login(`bench${i}`, "first1234");
      await c.req("POST", "/api/auth/password", cookie, { currentPassword: "first1234", newPassword: "second1234" });
      const open = await c.req("POST", `/api/windows/${w.id}/open`, cookie);
      if (open.status !== 200) throw new Error(`open window: ${JSON.stringify(open.body)}`);
      windows.push({ id: w.id, cookie });
    }),
  );
  return { site, queueId, issuerCookie: await c.login("zgc.guide"), windows };
}

/** One window's next step: call the next ticket, start it, finish it. */
export function windowWorker(c: Client, w: Hall["windows"][number]) {
  let current: string | null = null;
  let started = false;
  return async (): Promise<number> => {
    if (!current) {
      const r = await c.req("POST", `/api/windows/${w.id}/call-next`, w.cookie);
      if (r.status === 200) current = r.body.id;
      return r.status;
    }
    const action = started ? "finish" : "start";
    const r = await c.req("POST", `/api/windows/${w.id}/tickets/${current}/${action}`, w.cookie);
    if (action === "finish") {
      current = null;
      started = false;
    } else started = true;
    return r.status;
  };
}

export const issueOp = (c: Client, h: Hall) => async () =>
  (await c.req("POST", `/api/sites/${h.site}/tickets`, h.issuerCookie, { queueId: h.queueId })).status;

/** Closed loop: `conns` workers (half issuing, half at windows) as fast as the server answers. */
export async function throughput(server: Server, conns: number, seconds: number, onLoad?: (phase: "start" | "end") => void) {
  const c = new Client(server.base, conns);
  const hall = await prepareHall(c, conns / 2);
  onLoad?.("start");
  const counts = new Map<string, number>();
  const count = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const until = Date.now() + seconds * 1000;
  let errors = 0;
  const workers = [
    ...Array.from({ length: conns / 2 }, () => ({ kind: "issue", op: issueOp(c, hall) })),
    ...hall.windows.map((w) => ({ kind: "window", op: windowWorker(c, w) })),
  ];
  await Promise.all(
    workers.map(async (w) => {
      while (Date.now() < until) {
        const s = await w.op();
        if (s >= 500) errors++;
        count(`${w.kind}:${s}`);
      }
    }),
  );
  onLoad?.("end");
  await c.close();
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return { opsPerSec: total / seconds, total, errors, breakdown: Object.fromEntries(counts) };
}

/** The ceiling: the same connections hitting a route that does one SQLite write. */
export async function ceiling(server: Server, conns: number, seconds: number) {
  const c = new Client(server.base, conns);
  const until = Date.now() + seconds * 1000;
  let total = 0;
  await Promise.all(
    Array.from({ length: conns }, async () => {
      while (Date.now() < until) {
        const r = await c.pool.request({ method: "POST", path: "/write" });
        await r.body.text();
        total++;
      }
    }),
  );
  await c.close();
  return { opsPerSec: total / seconds, total };
}

/** Open loop: operations are sent on a fixed schedule whatever the answers; latency counts from the schedule. */
export async function openLoop(server: Server, rate: number, seconds: number, windowsN = 50) {
  const c = new Client(server.base, 400);
  const hall = await prepareHall(c, windowsN);
  const issue = issueOp(c, hall);
  const idle = hall.windows.map((w) => windowWorker(c, w));
  const lat: number[] = [];
  let late = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  const n = rate * seconds;
  for (let i = 0; i < n; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const worker = i % 2 === 1 ? idle.shift() : undefined;
    const op = worker ?? issue;
    pending.push(
      op().then(
        () => {
          lat.push(performance.now() - due);
          if (worker) idle.push(worker);
        },
        () => {
          late++;
          if (worker) idle.push(worker);
        },
      ),
    );
  }
  await Promise.all(pending);
  await c.close();
  lat.sort((a, b) => a - b);
  return { sent: n, p50: percentile(lat, 50), p99: percentile(lat, 99), max: lat.at(-1) ?? Number.NaN, failed: late };
}

/** Notes the arrival time of each complete `ticket.called` event in `buf`; returns the unfinished rest. */
function noteCalls(buf: string, arrivals: Map<string, number[]>): string {
  let rest = buf;
  for (let k = rest.indexOf("\n\n"); k >= 0; k = rest.indexOf("\n\n")) {
    const block = rest.slice(0, k);
    rest = rest.slice(k + 2);
    if (!block.includes("event: ticket.called")) continue;
    const now = performance.now();
    const m = /"number":"([A-Z]+\d+)"/.exec(block);
    if (m?.[1]) arrivals.set(m[1], [...(arrivals.get(m[1]) ?? []), now]);
  }
  return rest;
}

/** Push: `streams` displays connected; time from sending a call to its arrival on every stream. */
export async function push(server: Server, streams: number, calls: number) {
  const c = new Client(server.base, 20);
  const hall = await prepareHall(c, 1);
  const w = hall.windows[0] as Hall["windows"][number];
  const manager = await c.login("zgc.manager");
  const arrivals = new Map<string, number[]>();
  const reqs: http.ClientRequest[] = [];
  let connected = 0;
  await new Promise<void>((resolve) => {
    for (let i = 0; i < streams; i++) {
      const rq = http.get(
        `${server.base}/api/sites/${hall.site}/events`,
        { headers: { cookie: manager, accept: "text/event-stream" }, agent: false },
        (res) => {
          connected++;
          if (connected === streams) resolve();
          let buf = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            buf = noteCalls(buf + chunk, arrivals);
          });
        },
      );
      reqs.push(rq);
    }
  });
  const lat: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = (await c.req("POST", `/api/sites/${hall.site}/tickets`, hall.issuerCookie, { queueId: hall.queueId })).body;
    const sent = performance.now();
    const called = await c.req("POST", `/api/windows/${w.id}/call-next`, w.cookie);
    if (called.status !== 200) throw new Error(JSON.stringify(called.body));
    for (let waited = 0; (arrivals.get(t.number)?.length ?? 0) < streams && waited < 5000; waited += 5)
      await new Promise((r) => setTimeout(r, 5));
    for (const at of arrivals.get(t.number) ?? []) lat.push(at - sent);
    await c.req("POST", `/api/windows/${w.id}/tickets/${t.id}/start`, w.cookie);
    await c.req("POST", `/api/windows/${w.id}/tickets/${t.id}/finish`, w.cookie);
  }
  for (const r of reqs) r.destroy();
  await c.close();
  lat.sort((a, b) => a - b);
  return {
    streams,
    calls,
    deliveries: lat.length,
    expected: streams * calls,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    max: lat.at(-1) ?? Number.NaN,
  };
}

export async function queueBench(opts: { seconds: number; conns: number; rate: number; streams: number }) {
  const out: string[] = [];
  const log = (s: string) => {
    out.push(s);
    console.log(s);
  };
  const app = () => startProcess(["--import", "tsx", "src/main.ts", "serve"], { SEED: "demo" });

  let s = await startProcess(["--import", "tsx", "../bench/ceiling-server.ts"], {});
  const ceil = await ceiling(s, opts.conns, opts.seconds);
  await s.stop();
  s = await app();
  const thr = await throughput(s, opts.conns, opts.seconds);
  await s.stop();
  log(
    `queue throughput (SQLite, ${opts.conns} connections, ${opts.seconds} s, issue + call next + start + finish): ${fmt(thr.opsPerSec, 0)} ops/s; 5xx: ${thr.errors}`,
  );
  log(`  breakdown: ${JSON.stringify(thr.breakdown)}`);
  log(`ceiling (bare Fastify route, one SQLite write, same connections): ${fmt(ceil.opsPerSec, 0)} ops/s`);

  s = await app();
  const ol = await openLoop(s, opts.rate, opts.seconds);
  await s.stop();
  log(
    `latency at ${opts.rate} ops/s open loop for ${opts.seconds} s: p50 ${fmt(ol.p50)} ms, p99 ${fmt(ol.p99)} ms, max ${fmt(ol.max)} ms (failed ${ol.failed})`,
  );

  s = await app();
  const p = await push(s, opts.streams, 20);
  await s.stop();
  log(
    `push to ${p.streams} display streams, ${p.calls} calls: p50 ${fmt(p.p50)} ms, p99 ${fmt(p.p99)} ms, max ${fmt(p.max)} ms (${p.deliveries}/${p.expected} delivered)`,
  );
  return out;
}
