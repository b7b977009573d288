// CPU time per queue operation, in one process, without sockets: the app is built in-process
// (demo district, embedded SQLite) and driven by Fastify's inject with the throughput mix of
// bench/queue.ts (half the workers issue tickets, half call, start and finish at windows).
// Sockets and the scheduler's share of two cores are out of the picture, so the figure moves far
// less with other work on the machine than ops/s do; run it from `server/` of any commit:
//   OPS=6000 CONNS=200 npx tsx ../bench/inject-cost.ts
// With the profiler (then `node ../bench/summarize-profile.cjs /tmp/p`):
//   PROFILE_DIR=/tmp/p node --cpu-prof --cpu-prof-dir=/tmp/p --import tsx ../bench/inject-cost.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Client } from "./lib.js";
import { issueOp, prepareHall, windowWorker } from "./queue.js";

const src = (p: string) => import(path.join(process.cwd(), "src", p));
const { buildApp } = await src("app.ts");
const { loadConfig } = await src("config.ts");
const { migrate, openDatabase } = await src("db/index.ts");
const { systemClock } = await src("platform/clock.ts");
const { createBus } = await src("platform/events/bus.ts");
const { seed } = await src("seed/seed.ts");

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-inject-"));
const config = { ...loadConfig({ ...process.env, DATA_DIR: dataDir, SEED: "demo", LOG_LEVEL: "silent" }) };
const handle = openDatabase({ dataDir });
await migrate(handle);
await seed(handle, systemClock, "demo", undefined);
const bus = await createBus({});
const app = await buildApp({ config, db: handle, clock: systemClock, bus });
await app.ready();

type Inject = (o: object) => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>;
const inject = app.inject.bind(app) as Inject;
const client = {
  async req(method: string, url: string, cookie: string, body?: unknown) {
    const r = await inject({ method, url, headers: { cookie }, ...(body ? { payload: body } : {}) });
    return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : null };
  },
  async login(username: string, password = "govhall2026") {
    const r = await inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
    const c = r.headers["set-cookie"];
    return String(Array.isArray(c) ? c[0] : c).split(";")[0] as string;
  },
  async close() {},
} as unknown as Client;

const conns = Number(process.env.CONNS ?? 200);
const ops = Number(process.env.OPS ?? 6000);
const hall = await prepareHall(client, conns / 2);
const workers = [
  ...Array.from({ length: conns / 2 }, () => ({ kind: "issue", op: issueOp(client, hall) })),
  ...hall.windows.map((w) => ({ kind: "window", op: windowWorker(client, w) })),
];
const counts = new Map<string, number>();
let done = 0;
let errors = 0;
// In rounds: every worker sends one request per round (200 at once), so the mix is half issues,
// half window steps, as in the socket bench (a free-running loop lets the windows spin on
// "nobody waiting" answers instead).
const run = async (n: number) => {
  for (let left = n; left > 0; left -= workers.length) {
    await Promise.all(
      workers.map(async (w) => {
        const status = await w.op();
        if (status >= 500) errors++;
        counts.set(`${w.kind}:${status}`, (counts.get(`${w.kind}:${status}`) ?? 0) + 1);
        done++;
      }),
    );
  }
};
await run(Math.min(2000, ops)); // warm-up: JIT, caches
done = 0;
counts.clear();
const startUs = Number(process.hrtime.bigint() / 1000n);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await run(ops);
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - t0;
// Under `node --cpu-prof --cpu-prof-dir=D`, PROFILE_DIR=D lets summarize-profile.cjs keep only the measured part.
if (process.env.PROFILE_DIR) {
  const endUs = Number(process.hrtime.bigint() / 1000n);
  fs.mkdirSync(process.env.PROFILE_DIR, { recursive: true });
  fs.writeFileSync(path.join(process.env.PROFILE_DIR, "load.json"), JSON.stringify({ startUs, endUs, ops: done }));
}
console.log(
  `${done} operations: CPU ${((cpu.user + cpu.system) / done).toFixed(0)} µs/op (user ${(cpu.user / done).toFixed(0)}, system ${(cpu.system / done).toFixed(0)}); wall ${((wall * 1000) / done).toFixed(0)} µs/op; 5xx ${errors}; ${JSON.stringify(Object.fromEntries(counts))}`,
);
await app.close();
await handle.close();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
