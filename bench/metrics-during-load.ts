// The queue bench's throughput workload with Prometheus metrics on their own port, scraped before,
// in the middle of and after the run: the scrape shows the bench's traffic, and its request count
// on the load routes equals the operations the bench counted. From server/:
//   SECONDS=10 CONNS=40 npx tsx ../bench/metrics-during-load.ts
import { fmt, freePort, startProcess } from "./lib.js";
import { throughput } from "./queue.js";

type Series = Map<string, number>;

/** `name{labels} value` lines of a Prometheus text scrape (comments skipped). */
function parse(text: string): Series {
  const out: Series = new Map();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

const seconds = Number(process.env.SECONDS ?? 10);
const conns = Number(process.env.CONNS ?? 40);
const metricsPort = await freePort();
const s = await startProcess(["--import", "tsx", "src/main.ts", "serve"], { SEED: "demo", METRICS_PORT: String(metricsPort) });
const scrape = async () => parse(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());

const LOAD_ROUTES = [
  "/api/sites/:siteId/tickets",
  "/api/windows/:windowId/call-next",
  "/api/windows/:windowId/tickets/:ticketId/start",
  "/api/windows/:windowId/tickets/:ticketId/finish",
];
const sumOf = (m: Series, prefix: string) => [...m].filter(([k]) => k.startsWith(prefix)).reduce((a, [, v]) => a + v, 0);

const issued = (m: Series) => m.get('govhall_http_requests_total{method="POST",route="/api/sites/:siteId/tickets",status="201"}') ?? 0;
const before = await scrape();
// A scrape every second while the bench runs (it prepares its hall first); the one from the middle
// of the load is shown.
const scrapes: Series[] = [];
let running = true;
const scraper = (async () => {
  while (running) {
    scrapes.push(await scrape());
    await new Promise((r) => setTimeout(r, 1000));
  }
})();
const r = await throughput(s, conns, seconds);
running = false;
await scraper;
const after = await scrape();
const inLoad = scrapes.filter((m) => issued(m) > issued(before) && issued(m) < issued(after));
const during = inLoad[Math.floor(inLoad.length / 2)] ?? after;
await s.stop();

console.log(
  `throughput (SQLite, ${conns} connections, ${seconds} s): ${fmt(r.opsPerSec, 0)} ops/s, ${r.total} operations; 5xx: ${r.errors}`,
);
console.log("requests counted by /metrics on the load routes (after − before):");
let counted = 0;
for (const route of LOAD_ROUTES) {
  const prefix = `govhall_http_requests_total{method="POST",route="${route}",`;
  const byStatus = [...after]
    .filter(([k]) => k.startsWith(prefix))
    .map(([k, v]) => [k.slice(prefix.length).replace(/^status="(\d+)"\}$/, "$1"), v - (before.get(k) ?? 0)] as const)
    .filter(([, n]) => n > 0);
  const n = byStatus.reduce((a, [, v]) => a + v, 0);
  counted += n;
  console.log(`  POST ${route}: ${n} (${byStatus.map(([st, v]) => `${st}: ${v}`).join(", ")})`);
}
const otherStatus = sumOf(after, "govhall_http_requests_total{") - sumOf(before, "govhall_http_requests_total{") - counted;
console.log(
  `  all load routes: ${counted} (the bench counted ${r.total}; ${counted === r.total ? "equal" : "DIFFERENT"}; other requests: ${otherStatus})`,
);
const mean =
  (sumOf(after, "govhall_http_request_duration_seconds_sum{") - sumOf(before, "govhall_http_request_duration_seconds_sum{")) /
  (sumOf(after, "govhall_http_request_duration_seconds_count{") - sumOf(before, "govhall_http_request_duration_seconds_count{"));
console.log(`  mean answer time by the latency histogram: ${fmt(mean * 1000)} ms`);
console.log(`a scrape in the middle of the load (${inLoad.length} of ${scrapes.length} scrapes fell in it):`);
console.log(`  requests in flight: ${during.get("govhall_http_requests_in_flight")}`);
console.log(`  people waiting in the bench queue Z: ${during.get('govhall_queue_waiting{site="zgc-street",queue="Z"}') ?? 0}`);
console.log(
  `  ticket.issued events published so far: ${during.get('govhall_events_published_total{type="ticket.issued",stream="site"}') ?? 0}; SQLite WAL ${during.get("govhall_sqlite_wal_bytes")} bytes`,
);
console.log(`  event-loop lag p99: ${fmt((during.get("govhall_nodejs_eventloop_lag_p99_seconds") ?? 0) * 1000)} ms`);
process.exit(0);
