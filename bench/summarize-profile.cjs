// node bench/summarize-profile.cjs DIR: top self and inclusive times of the largest .cpuprofile (the main thread).
// When DIR holds load.json (written by profile-throughput.ts), only the samples taken during the load count
// (not start-up or the hall's preparation), and times are also given in µs per operation.
const fs = require("node:fs");
const path = require("node:path");
const dir = process.argv[2] ?? "/tmp/govhall-profile";
const file = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".cpuprofile"))
  .map((f) => path.join(dir, f))
  .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
const p = JSON.parse(fs.readFileSync(file, "utf8"));
const loadFile = path.join(dir, "load.json");
const load = fs.existsSync(loadFile) ? JSON.parse(fs.readFileSync(loadFile, "utf8")) : null;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const time = new Map();
let at = p.startTime;
p.samples.forEach((s, i) => {
  at += p.timeDeltas[i] ?? 0;
  if (load && (at < load.startUs || at > load.endUs)) return;
  time.set(s, (time.get(s) ?? 0) + (p.timeDeltas[i] ?? 0));
});
const key = (n) => `${n.callFrame.functionName} ${n.callFrame.url.split("/").slice(-2).join("/")}:${n.callFrame.lineNumber}`;
const ours = new Set(p.nodes.filter((n) => /\/server\/src\//.test(n.callFrame.url)).map(key));
const self = new Map();
const incl = new Map();
for (const [id, t] of time) {
  if (byId.get(id).callFrame.functionName === "(idle)") continue;
  self.set(key(byId.get(id)), (self.get(key(byId.get(id))) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur));
    if (!seen.has(k)) incl.set(k, (incl.get(k) ?? 0) + t);
    seen.add(k);
  }
}
const idle = [...time.entries()].filter(([id]) => byId.get(id).callFrame.functionName === "(idle)").reduce((a, [, t]) => a + t, 0);
const total = [...time.values()].reduce((a, b) => a + b, 0) - idle;
const perOp = (t) => (load ? `  ${(t / load.ops).toFixed(1).padStart(6)} µs/op` : "");
console.log(
  `busy ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms${load ? `; ${load.ops} operations, ${(total / load.ops).toFixed(0)} µs busy per operation` : ""}`,
);
const show = (m, n, filter = () => true) =>
  [...m.entries()]
    .filter(([k]) => filter(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([k, t]) => {
      console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%${perOp(t)}  ${k}`);
    });
console.log("— self (of busy time) —");
show(self, Number(process.env.TOP ?? 20));
console.log("— inclusive, our code —");
show(incl, Number(process.env.TOP_OURS ?? 40), (k) => ours.has(k));
