import { buildApp } from "./app.js";
import { type Config, loadConfig } from "./config.js";
import { type DbHandle, migrate, openDatabase } from "./db/index.js";
import { writeOpenApi } from "./openapi-doc.js";
import { verifyAudit } from "./platform/audit/audit.js";
import { systemClock } from "./platform/clock.js";
import { createBus } from "./platform/events/bus.js";
import { banner } from "./platform/ops/banner.js";
import { OPS_USAGE, opsCommand } from "./platform/ops/cli.js";
import { onTermination } from "./platform/ops/shutdown.js";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./seed/demo-district.js";
import { seed } from "./seed/seed.js";

const USAGE = `usage: govhall <command>
  serve          migrate, seed an empty database, and serve the API and web apps
  migrate        apply database migrations
  seed           seed the calendar and (on an empty database) the district chosen by SEED
  audit-verify   recompute every audit hash chain; exit 1 naming the first broken record
  openapi [file] write the OpenAPI document (as served at /api/openapi.json) to file or stdout
${OPS_USAGE}`;

/** migrate, seed and audit-verify: the command's exit code (undefined for any other command). */
async function oneShot(cmd: string | undefined, handle: DbHandle, config: Config): Promise<number | undefined> {
  if (cmd === "migrate") {
    await migrate(handle);
    console.log(`migrated (${handle.dialect})`);
    return 0;
  }
  if (cmd === "seed") {
    await migrate(handle);
    const r = await seed(handle, systemClock, config.seed, config.adminPassword);
    console.log(JSON.stringify({ ...r, adminPassword: r.adminPassword ? "(printed below)" : undefined }));
    if (r.adminPassword) console.log(`Initial admin password (change it at first sign-in): ${r.adminPassword}`);
    return 0;
  }
  if (cmd === "audit-verify") {
    const r = await verifyAudit(handle.db);
    if (r.ok) {
      console.log(`audit ok: ${r.records} records in ${r.chains} chains`);
      return 0;
    }
    const b = r.firstBroken;
    console.error(`audit BROKEN at record id=${b?.id} (chain ${b?.chain}, seq ${b?.seq}): ${b?.reason}`);
    return 1;
  }
  return undefined;
}

async function main(cmd: string | undefined): Promise<number> {
  const config = loadConfig();
  if (cmd === "backup" || cmd === "restore") return opsCommand(cmd, process.argv.slice(3), config);
  if (cmd === "openapi") return writeOpenApi(process.argv[3]);
  const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const done = await oneShot(cmd, handle, config);
    if (done !== undefined) return done;
    if (cmd !== "serve") {
      console.error(USAGE);
      return 2;
    }
    await migrate(handle);
    const seeded = await seed(handle, systemClock, config.seed, config.adminPassword);
    if (seeded.adminPassword) console.log(`Initial admin password (change it at first sign-in): ${seeded.adminPassword}`);
    const bus = await createBus({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl });
    const app = await buildApp({ config, db: handle, clock: systemClock, bus });
    onTermination(
      app,
      async () => {
        await bus.close();
        await handle.close();
      },
      config.shutdownTimeoutMs,
    );
    await app.listen({ port: config.port, host: config.host });
    // Listening on every interface: the address to open on this machine is the loopback one.
    const url = config.publicUrl.replace("//0.0.0.0:", "//127.0.0.1:").replace("//:::", "//127.0.0.1:");
    console.log(
      banner({
        version: config.version,
        url,
        engine: handle.dialect,
        where: handle.file ?? (config.databaseUrl ? new URL(config.databaseUrl).host + new URL(config.databaseUrl).pathname : "-"),
        events: bus.kind,
        metrics: config.metricsPort ? `http://${config.metricsHost}:${config.metricsPort}/metrics` : undefined,
        demo: config.seed === "demo" ? { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS } : undefined,
      }),
    );
    return -1;
  } finally {
    if (cmd !== "serve") await handle.close();
  }
}

main(process.argv[2]).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
