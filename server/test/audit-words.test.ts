import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, ENTITIES } from "../src/modules/audit/audit.words.js";
import { STEP_LABELS } from "../src/modules/cases/cases.presenter.js";

/** Every source file under src/, for the literals the audit log must put in words. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return p.endsWith(".ts") ? [fs.readFileSync(p, "utf8")] : [];
  });
}

// The audit log shows who did what in words (issue 11, point 13): an action or entity type without
// words would show as its English code to the site manager reading it.
describe("audit log words", () => {
  const src = sources(path.join(import.meta.dirname, "../src"));

  it("names every entity type the code audits", () => {
    const types = new Set(src.flatMap((s) => [...s.matchAll(/entityType: "([a-z_]+)"/g)].map((m) => m[1] as string)));
    expect(types.size).toBeGreaterThan(10);
    expect([...types].filter((t) => !ENTITIES[t])).toEqual([]);
  });

  it("names every step of a case, audited as case.<step>", () => {
    const steps = Object.keys(STEP_LABELS);
    expect(steps).toContain("accept");
    expect(steps.filter((s) => !ACTIONS[`case.${s}`])).toEqual([]);
  });

  it("names every literal action code the code audits", () => {
    const audits = src.flatMap((s) => [...s.matchAll(/audit\([^)]*?action: "([a-z_.]+)"/gs)].map((m) => m[1] as string));
    expect(audits.length).toBeGreaterThan(20);
    expect([...new Set(audits)].filter((a) => !ACTIONS[a])).toEqual([]);
  });
});
