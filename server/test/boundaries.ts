/**
 * The module boundary rule (docs/decisions.md, "Module boundaries kept by a test"), checked over
 * the import graph of server/src:
 *
 * - a module never imports another module's repository (`*.repository.ts`) or tables (`*.tables.ts`);
 *   it goes through that module's services or published interface;
 * - `platform/` and `db/` import no module;
 * - nothing under `modules/` or `platform/` imports the composition root (`app.ts`, `main.ts`);
 * - modules do not import each other in a cycle.
 *
 * The composition root (app.ts, main.ts, config.ts, seed/) may import anything.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export type Layer = { kind: "module"; name: string } | { kind: "platform" } | { kind: "db" } | { kind: "root" };

/** Paths are relative to server/src with forward slashes, e.g. `modules/queue/tickets.service.ts`. */
export function layerOf(file: string): Layer {
  const [top, second] = file.split("/");
  if (top === "modules" && second) return { kind: "module", name: second };
  if (top === "platform") return { kind: "platform" };
  if (top === "db") return { kind: "db" };
  return { kind: "root" };
}

/** The relative imports of one file (static, re-exports, type-only and dynamic), resolved to src paths. */
export function importsOf(file: string, text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  const out: string[] = [];
  for (const ref of info.importedFiles) {
    const spec = ref.fileName;
    if (!spec.startsWith(".")) continue;
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, ".ts");
    out.push(resolved);
  }
  return out;
}

const isPrivateOfModule = (file: string) => /\.(repository|tables)\.ts$/.test(file);
const ROOT_FILES = new Set(["app.ts", "main.ts"]);

/** Every violation as one stable line, e.g. `repository: modules/a/x.ts -> modules/b/b.repository.ts`. */
export function boundaryViolations(files: Map<string, string>): string[] {
  const violations: string[] = [];
  const moduleEdges = new Map<string, Set<string>>();
  for (const [file, text] of files) {
    const from = layerOf(file);
    for (const target of importsOf(file, text)) violations.push(...importViolations(file, from, target, moduleEdges));
  }
  for (const cycle of moduleCycles(moduleEdges)) violations.push(`cycle: ${cycle.join(" <-> ")}`);
  return violations.sort();
}

/** What one import breaks (a module reaching into another's repository, the platform into a module, anything into the root); module edges are collected for the cycle check. */
function importViolations(file: string, from: Layer, target: string, moduleEdges: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  const to = layerOf(target);
  if (from.kind === "module" && to.kind === "module" && from.name !== to.name) {
    if (isPrivateOfModule(target)) out.push(`repository: ${file} -> ${target}`);
    const set = moduleEdges.get(from.name) ?? new Set<string>();
    set.add(to.name);
    moduleEdges.set(from.name, set);
  }
  if ((from.kind === "platform" || from.kind === "db") && to.kind === "module") out.push(`${from.kind}: ${file} -> ${target}`);
  if ((from.kind === "platform" || from.kind === "module") && ROOT_FILES.has(target)) out.push(`root: ${file} -> ${target}`);
  return out;
}

/** Strongly connected components with more than one module (Tarjan), each sorted by name. */
export function moduleCycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const lower = (v: string, n: number | undefined) => low.set(v, Math.min(low.get(v) ?? 0, n ?? 0));
  /** Pops v's component off the stack once v is its root; keeps it when it joins two modules or more. */
  const popComponent = (v: string) => {
    const scc: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1) out.push(scc.sort());
  };
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        lower(v, low.get(w));
      } else if (onStack.has(w)) lower(v, index.get(w));
    }
    if (low.get(v) === index.get(v)) popComponent(v);
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => a.join().localeCompare(b.join()));
}

/** All .ts files under a source root, keyed by their path relative to it. */
export function readSources(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) files.set(path.relative(root, full).split(path.sep).join("/"), fs.readFileSync(full, "utf8"));
    }
  };
  walk(root);
  return files;
}
