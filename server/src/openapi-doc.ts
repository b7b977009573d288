import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp } from "./app.js";
import { loadConfig } from "./config.js";
import { migrate, openDatabase } from "./db/index.js";
import { systemClock } from "./platform/clock.js";
import { createBus } from "./platform/events/bus.js";

/**
 * Writes the OpenAPI document the server serves at /api/openapi.json, built in this process on a
 * throwaway SQLite database (the document does not depend on data), to `file` or standard output.
 * `npm run check` lints what this writes (redocly.yaml), so the lint sees the real document.
 */
export async function writeOpenApi(file: string | undefined): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-openapi-"));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", SEED: "none", SCHEDULER_TICK_MS: "0" });
  const handle = openDatabase({ dataDir });
  try {
    await migrate(handle);
    const bus = await createBus({});
    const app = await buildApp({ config, db: handle, clock: systemClock, bus });
    await app.ready();
    const doc = `${JSON.stringify(app.swagger(), null, 2)}\n`;
    await app.close();
    await bus.close();
    if (file) fs.writeFileSync(file, doc);
    else process.stdout.write(doc);
    return 0;
  } finally {
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
