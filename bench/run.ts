// npm run bench: prints the figures the issues ask for. Record them in bench/README.md.
import os from "node:os";
import { appointmentsBench } from "./appointments.js";
import { catalogSearchBench } from "./catalog-search.js";
import { livePollBench } from "./live-poll.js";
import { queueBench } from "./queue.js";

// BENCH_QUICK=1 for a short smoke run; the recorded figures come from the full run.
const quick = process.env.BENCH_QUICK === "1" || process.argv.includes("--quick");
// BENCH_ONLY=live-poll runs only the issue p99 while live-ticket pages poll (issue 10, item 5).
const only = process.env.BENCH_ONLY;
const livePoll = quick
  ? { pages: 100, pollMs: 1000, seconds: 5, dayTickets: 500, issueRate: 10 }
  : { pages: 100, pollMs: 500, seconds: 20, dayTickets: 2000, issueRate: 20 };
console.log(
  `govhall bench — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
if (!only) {
  await queueBench(quick ? { seconds: 5, conns: 40, rate: 200, streams: 100 } : { seconds: 30, conns: 200, rate: 1000, streams: 1000 });
  await catalogSearchBench(quick ? { items: 5000, seconds: 5, conns: 4 } : { items: 5000, seconds: 20, conns: 8 });
  await appointmentsBench(quick ? { rounds: 4, conns: 4 } : { rounds: 20, conns: 4 });
}
if (!only || only === "live-poll") await livePollBench(livePoll);
process.exit(0);
