// `npm run build`: one Vite build per group of apps (build-groups.json; why in vite.config.ts) into
// the same dist/, so a phone page's chunks are split only by its own lazy pages; then the Brotli
// and gzip copies of every asset.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const web = resolve(import.meta.dirname, "..");
const groups = JSON.parse(readFileSync(resolve(web, "build-groups.json"), "utf8"));
for (const [i, group] of groups.entries()) {
  const r = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], {
    cwd: web,
    stdio: "inherit",
    env: { ...process.env, GOVHALL_APPS: group.join(","), GOVHALL_KEEP_DIST: i === 0 ? "0" : "1" },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log(`built ${group.join(", ")}`);
}
const p = spawnSync("node", ["scripts/precompress.mjs"], { cwd: web, stdio: "inherit" });
process.exit(p.status ?? 1);
