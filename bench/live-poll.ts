import { Client, fmt, percentile, type Server, startProcess } from "./lib.js";
import { prepareHall } from "./queue.js";

/**
 * Issue 10, item 5: what anonymous live-ticket pages cost the hall at the end of a busy day. A
 * day of `dayTickets` tickets is issued and most served (so the day's history is long), then
 * `pages` live-ticket pages each read their ticket every `pollMs` while a kiosk issues at
 * `issueRate` per second (open loop); the figure is the issue's p99, beside the same issue load
 * with no page polling.
 */
export async function livePoll(
  server: Server,
  o: { pages: number; pollMs: number; seconds: number; dayTickets: number; issueRate: number },
) {
  const c = new Client(server.base, 200);
  const hall = await prepareHall(c, 4);
  const issue = async () => (await c.req("POST", `/api/sites/${hall.site}/tickets`, hall.issuerCookie, { queueId: hall.queueId })).body;
  const day: { id: string; code: string }[] = [];
  for (let i = 0; i < o.dayTickets; i += 50) day.push(...(await Promise.all(Array.from({ length: 50 }, issue))));
  // Serve all but the last `pages` + 100: the day's finished history the estimate used to read.
  const toServe = o.dayTickets - o.pages - 100;
  let served = 0;
  await Promise.all(
    hall.windows.map(async (w) => {
      while (served < toServe) {
        served++;
        const t = await c.req("POST", `/api/windows/${w.id}/call-next`, w.cookie);
        if (t.status !== 200) break;
        await c.req("POST", `/api/windows/${w.id}/tickets/${t.body.id}/start`, w.cookie);
        await c.req("POST", `/api/windows/${w.id}/tickets/${t.body.id}/finish`, w.cookie);
      }
    }),
  );
  const codes = day.slice(-o.pages).map((t) => t.code);

  const issueLoad = async (polling: boolean) => {
    const until = Date.now() + o.seconds * 1000;
    let reads = 0;
    const readLat: number[] = [];
    const pollers = polling
      ? codes.map(async (code, i) => {
          await new Promise((r) => setTimeout(r, (i * o.pollMs) / codes.length));
          while (Date.now() < until) {
            const t0 = performance.now();
            await c.req("GET", `/api/public/tickets/${code}`, "");
            readLat.push(performance.now() - t0);
            reads++;
            const wait = o.pollMs - (performance.now() - t0);
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          }
        })
      : [];
    const lat: number[] = [];
    const pending: Promise<void>[] = [];
    const start = performance.now();
    for (let i = 0; i < o.issueRate * o.seconds; i++) {
      const due = start + (i * 1000) / o.issueRate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(issue().then(() => void lat.push(performance.now() - due)));
    }
    await Promise.all([...pending, ...pollers]);
    lat.sort((a, b) => a - b);
    readLat.sort((a, b) => a - b);
    return {
      p50: percentile(lat, 50),
      p99: percentile(lat, 99),
      issues: lat.length,
      readsPerSec: reads / o.seconds,
      readP99: percentile(readLat, 99),
    };
  };
  const quiet = await issueLoad(false);
  const busy = await issueLoad(true);
  await c.close();
  return { quiet, busy };
}

export async function livePollBench(o: { pages: number; pollMs: number; seconds: number; dayTickets: number; issueRate: number }) {
  const s = await startProcess(["--import", "tsx", "src/main.ts", "serve"], { SEED: "demo" });
  const r = await livePoll(s, o);
  await s.stop();
  const line =
    `issue while ${o.pages} live-ticket pages poll every ${o.pollMs} ms (SQLite, day of ${o.dayTickets} tickets, ${o.issueRate} issues/s, ${o.seconds} s): ` +
    `p50 ${fmt(r.busy.p50)} ms, p99 ${fmt(r.busy.p99)} ms (without polling: p50 ${fmt(r.quiet.p50)} ms, p99 ${fmt(r.quiet.p99)} ms); ` +
    `${fmt(r.busy.readsPerSec, 0)} reads/s, read p99 ${fmt(r.busy.readP99)} ms`;
  console.log(line);
  return [line];
}
