// node bench/summarize-profile.cjs DIR: top self and inclusive times of the largest .cpuprofile (the main thread).
const fs = require("node:fs");
const path = require("node:path");
const dir = process.argv[2] ?? "/tmp/govhall-profile";
const file = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".cpuprofile"))
  .map((f) => path.join(dir, f))
  .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
const p = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const time = new Map();
p.samples.forEach((s, i) => {
  time.set(s, (time.get(s) ?? 0) + (p.timeDeltas[i] ?? 0));
});
const key = (n) => `${n.callFrame.functionName} ${n.callFrame.url.split("/").slice(-2).join("/")}:${n.callFrame.lineNumber}`;
const self = new Map();
const incl = new Map();
for (const [id, t] of time) {
  self.set(key(byId.get(id)), (self.get(key(byId.get(id))) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur));
    if (!seen.has(k)) incl.set(k, (incl.get(k) ?? 0) + t);
    seen.add(k);
  }
}
const total = [...time.values()].reduce((a, b) => a + b, 0);
const show = (m, n, filter = () => true) =>
  [...m.entries()]
    .filter(([k]) => filter(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([k, t]) => {
      console.log(`${((100 * t) / total).toFixed(1)}%  ${k}`);
    });
console.log("— self —");
show(self, 15);
console.log("— inclusive, our code —");
show(incl, 30, (k) => /(queue|auth|org|platform|staff|calendar|audit)\//.test(k) || /app\.ts/.test(k));
