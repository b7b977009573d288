// npm run bench: prints the figures the issues ask for. Record them in bench/README.md.
import os from "node:os";
import { appointmentsBench } from "./appointments.js";
import { casesBench } from "./cases.js";
import { catalogSearchBench } from "./catalog-search.js";
import { queueBench } from "./queue.js";

// BENCH_QUICK=1 for a short smoke run; the recorded figures come from the full run.
const quick = process.env.BENCH_QUICK === "1" || process.argv.includes("--quick");
console.log(
  `govhall bench — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
await queueBench(quick ? { seconds: 5, conns: 40, rate: 200, streams: 100 } : { seconds: 30, conns: 200, rate: 1000, streams: 1000 });
await catalogSearchBench(quick ? { items: 5000, seconds: 5, conns: 4 } : { items: 5000, seconds: 20, conns: 8 });
await appointmentsBench(quick ? { rounds: 4, conns: 4 } : { rounds: 20, conns: 4 });
await casesBench(quick ? { cases: 20_000, rounds: 50 } : { cases: 200_000, rounds: 200 });
process.exit(0);
