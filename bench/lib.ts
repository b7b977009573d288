import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Pool } from "undici";

export const ROOT = path.resolve(import.meta.dirname, "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  base: string;
  proc: ChildProcess;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts a process and waits until `healthPath` answers. */
export async function startProcess(args: string[], env: NodeJS.ProcessEnv, healthPath = "/api/health"): Promise<Server> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-bench-"));
  const proc = spawn(process.execPath, args, {
    cwd: path.join(ROOT, "server"),
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(base + healthPath)).ok) break;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    proc,
    dataDir,
    stop: async () => {
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: bench scripts read loosely shaped JSON answers
export type Json = any;

export class Client {
  readonly pool: Pool;
  constructor(
    readonly base: string,
    connections: number,
  ) {
    this.pool = new Pool(base, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  }
  async req(method: "GET" | "POST" | "PUT", p: string, cookie: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const r = await this.pool.request({
      method,
      path: p,
      headers: { cookie, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.body.text();
    return { status: r.statusCode, body: text ? JSON.parse(text) : null };
  }
  async login(username: string, password = "govhall2026"): Promise<string> {
    const r = await this.pool.request({
      method: "POST",
      path: "/api/auth/login",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    await r.body.text();
    const c = r.headers["set-cookie"];
    return String(Array.isArray(c) ? c[0] : c).split(";")[0] as string;
  }
  close() {
    return this.pool.close();
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");
