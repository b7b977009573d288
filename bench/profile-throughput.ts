// Profiles the server under the throughput workload: node --cpu-prof output in PROFILE_DIR.
import { startProcess } from "./lib.js";
import { throughput } from "./queue.js";

const dir = process.env.PROFILE_DIR ?? "/tmp/govhall-profile";
// PROFILE=0: the same run without the profiler (a quick throughput check).
const prof = process.env.PROFILE === "0" ? [] : ["--cpu-prof", `--cpu-prof-dir=${dir}`];
const s = await startProcess([...prof, "--import", "tsx", "src/main.ts", "serve"], { SEED: "demo" });
const r = await throughput(s, Number(process.env.CONNS ?? 200), Number(process.env.SECONDS ?? 10));
console.log(`${r.opsPerSec.toFixed(0)} ops/s; 5xx ${r.errors}; ${JSON.stringify(r.breakdown)}; profile in ${dir}`);
await s.stop();
process.exit(0);
