// Regenerates src/api/schema.d.ts from the server's OpenAPI document.
//   npm run gen:api -w web                      # from a running server at http://127.0.0.1:8080
//   npm run gen:api -w web -- http://host:port  # another server
//   npm run gen:api -w web -- ./openapi.json    # a saved document
// The document is also saved as src/api/openapi.json, so the types can be rebuilt offline.
// openapi-typescript runs through npx: it declares a peer of TypeScript 5, and the project is on 6.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const here = import.meta.dirname;
const saved = resolve(here, "../src/api/openapi.json");
const out = resolve(here, "../src/api/schema.d.ts");
const arg = process.argv[2] ?? "http://127.0.0.1:8080";

let doc;
if (/^https?:\/\//.test(arg)) {
  const url = arg.endsWith(".json") ? arg : `${arg.replace(/\/$/, "")}/api/openapi.json`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  doc = await res.json();
} else {
  doc = JSON.parse(readFileSync(resolve(process.cwd(), arg), "utf8"));
}
writeFileSync(saved, `${JSON.stringify(doc, null, 2)}\n`);
execFileSync("npx", ["-y", "openapi-typescript@7.13.0", saved, "-o", out], { stdio: "inherit" });
// Format as the rest of the repository, so a regeneration only shows real changes.
execFileSync("npx", ["biome", "format", "--write", saved, out], { stdio: "inherit", cwd: resolve(here, "../..") });
console.log(`wrote ${out}`);
