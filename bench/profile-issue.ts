import fs from "node:fs";
import { buildApp } from "../server/src/app.js";
import { loadConfig } from "../server/src/config.js";
import { migrate, openDatabase } from "../server/src/db/index.js";
import { ManualClock } from "../server/src/platform/clock.js";
import { createBus } from "../server/src/platform/events/bus.js";
import { seed } from "../server/src/seed/seed.js";

const dir = fs.mkdtempSync("/tmp/prof/db-");
const h = openDatabase({ dataDir: dir });
await migrate(h);
const clock = new ManualClock("2026-11-27T02:00:00.000Z");
await seed(h, clock, "demo");
const app = await buildApp({ config: loadConfig({ DATA_DIR: dir, LOG_LEVEL: "silent" }), db: h, clock, bus: await createBus({}) });
const login = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "scjg.manager", password: "govhall2026" } });
const cookie = `govhall_session=${login.cookies[0]?.value}`;
const site = (await h.db.selectFrom("sites").select("id").where("code", "=", "scjg-hall").executeTakeFirstOrThrow()).id;
const queueId = JSON.parse(
  (await app.inject({ method: "POST", url: `/api/sites/${site}/queues`, headers: { cookie }, payload: { prefix: "Z", name: "x" } })).body,
).id;
const t0 = performance.now();
for (let i = 0; i < 2000; i++)
  await app.inject({ method: "POST", url: `/api/sites/${site}/tickets`, headers: { cookie }, payload: { queueId } });
console.log("ms/op", (performance.now() - t0) / 2000);
await app.close();
