// Profiles the server under the throughput workload: node --cpu-prof output in PROFILE_DIR.
import fs from "node:fs";
import { startProcess } from "./lib.js";
import { throughput } from "./queue.js";

const dir = process.env.PROFILE_DIR ?? "/tmp/govhall-profile";
// PROFILE=0: the same run without the profiler (a quick throughput check).
const prof = process.env.PROFILE === "0" ? [] : ["--cpu-prof", `--cpu-prof-dir=${dir}`];
const s = await startProcess([...prof, "--import", "tsx", "src/main.ts", "serve"], { SEED: "demo" });

/** The server process's CPU time (user + system) in ms, from /proc: a figure the other work on the machine hardly moves. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined || !fs.existsSync(`/proc/${pid}/stat`)) return Number.NaN;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100/s)
}
const cpu: Record<string, number> = {};
const r = await throughput(s, Number(process.env.CONNS ?? 200), Number(process.env.SECONDS ?? 10), (phase) => {
  cpu[phase] = cpuMs(s.proc.pid);
  // The monotonic clock (µs) is the one V8's profile timestamps use: summarize-profile.cjs keeps only the load's samples.
  cpu[`${phase}Us`] = Number(process.hrtime.bigint() / 1000n);
});
const perOp = ((cpu.end - cpu.start) * 1000) / r.total;
console.log(
  `${r.opsPerSec.toFixed(0)} ops/s; server CPU ${perOp.toFixed(0)} µs/op; 5xx ${r.errors}; ${JSON.stringify(r.breakdown)}; profile in ${dir}`,
);
await s.stop();
if (prof.length > 0) {
  fs.writeFileSync(`${dir}/load.json`, JSON.stringify({ startUs: cpu.startUs, endUs: cpu.endUs, ops: r.total }));
}
process.exit(0);
