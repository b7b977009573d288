import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { boundaryViolations, readSources } from "./boundaries.js";

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), "../src");

/**
 * Known violations, each to be removed by the change that fixes it (the test fails when an
 * entry no longer occurs, so this list can only shrink). Nothing else may be added here.
 */
const ALLOWED: string[] = [];

describe("module boundaries", () => {
  it("server/src keeps the import rule (only the listed known violations remain)", () => {
    expect(boundaryViolations(readSources(SRC))).toEqual([...ALLOWED].sort());
  });

  it("reports each kind of violation in a synthetic tree", () => {
    const files = new Map<string, string>([
      ["app.ts", `import { a } from "./modules/a/a.service.js";`],
      ["modules/a/a.service.ts", `import * as repo from "../b/b.repository.js";\nimport type { T } from "../b/b.tables.js";`],
      ["modules/a/a.routes.ts", `import type { App } from "../../app.js";\nimport { x } from "./a.service.js";`],
      ["modules/b/b.service.ts", `export { y } from "../c/c.service.js";`],
      ["modules/b/b.repository.ts", `import type { Executor } from "../../db/schema.js";`],
      ["modules/c/c.service.ts", `const m = await import("../a/a.service.js");`],
      ["platform/events/bus.ts", `import { q } from "../../modules/a/a.service.js";`],
      ["db/schema.ts", `import type { B } from "../modules/b/b.tables.js";`],
    ]);
    expect(boundaryViolations(files)).toEqual([
      "cycle: a <-> b <-> c",
      "db: db/schema.ts -> modules/b/b.tables.ts",
      "platform: platform/events/bus.ts -> modules/a/a.service.ts",
      "repository: modules/a/a.service.ts -> modules/b/b.repository.ts",
      "repository: modules/a/a.service.ts -> modules/b/b.tables.ts",
      "root: modules/a/a.routes.ts -> app.ts",
    ]);
  });

  it("accepts a module using another's service, schema and published interface, and its own repository", () => {
    const files = new Map<string, string>([
      ["modules/a/a.service.ts", `import * as repo from "./a.repository.js";\nimport { s } from "../b/b.service.js";`],
      ["modules/a/a.routes.ts", `import { P } from "../b/b.schema.js";\nimport { api } from "../b/b.api.js";`],
      ["modules/b/b.service.ts", `import { now } from "../../platform/clock.js";`],
    ]);
    expect(boundaryViolations(files)).toEqual([]);
  });
});
