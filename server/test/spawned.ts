import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

export const SERVER_DIR = path.resolve(import.meta.dirname, "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Spawned {
  proc: ChildProcess;
  base: string;
  /** Everything it printed so far. */
  output(): string;
  exited: Promise<number | null>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answered
  req(method: string, p: string, cookie: string, body?: unknown): Promise<{ status: number; body: any }>;
  login(username: string): Promise<string>;
}

/**
 * The real server (`src/main.ts serve`, or another entry such as an older release's) as a child
 * process on the given data, waiting until `readyPath` answers 200.
 */
export async function spawnServer(opts: {
  dataDir: string;
  databaseUrl?: string;
  port: number;
  env?: NodeJS.ProcessEnv;
  entry?: string;
  cwd?: string;
  readyPath?: string;
}): Promise<Spawned> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: opts.dataDir,
    PORT: String(opts.port),
    LOG_LEVEL: "silent",
    SEED: "demo",
    ...opts.env,
  };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else delete env.DATABASE_URL;
  let output = "";
  const proc = spawn(process.execPath, ["--import", "tsx", opts.entry ?? "src/main.ts", "serve"], {
    cwd: opts.cwd ?? SERVER_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  proc.stderr?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const base = `http://127.0.0.1:${opts.port}`;
  const req = async (method: string, p: string, cookie: string, body?: unknown) => {
    const r = await fetch(base + p, {
      method,
      headers: { cookie, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: text && r.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
  };
  const login = async (username: string) => {
    const r = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: "govhall2026" }),
    });
    return (r.headers.get("set-cookie") ?? "").split(";")[0] as string;
  };
  for (let i = 0; i < 600 && proc.exitCode === null; i++) {
    try {
      if ((await fetch(base + (opts.readyPath ?? "/api/health"))).ok) return { proc, base, output: () => output, exited, req, login };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill("SIGKILL");
  throw new Error(`server did not start:\n${output}`);
}

/** Opens the hall for the whole of today (Beijing time), so tickets can be issued at any hour. */
export async function openAllDay(s: Spawned, manager: string, siteCode: string): Promise<string> {
  const sites = (await s.req("GET", "/api/sites", manager)).body as { id: string; code: string }[];
  const site = sites.find((x) => x.code === siteCode)?.id as string;
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  await s.req("PUT", `/api/sites/${site}/hour-exceptions`, manager, {
    date: today,
    closed: false,
    opens: "00:00",
    closes: "23:59",
    note: "测试",
  });
  return site;
}

/**
 * A request the server has begun and cannot finish yet: its headers and half its body are sent
 * on a raw connection; `finish()` sends the rest and reads the answer. Lets a test hold a request
 * in flight across an event (a SIGTERM) without depending on timing.
 */
export async function holdRequest(
  port: number,
  method: string,
  p: string,
  cookie: string,
  body: unknown,
): Promise<{ finish(): Promise<{ status: number; body: string }> }> {
  const payload = Buffer.from(JSON.stringify(body));
  const half = Math.floor(payload.length / 2);
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let received = "";
  socket.on("data", (b: Buffer) => {
    received += b.toString();
  });
  const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.write(
    `${method} ${p} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncookie: ${cookie}\r\n` +
      `content-type: application/json\r\ncontent-length: ${payload.length}\r\nconnection: close\r\n\r\n`,
  );
  socket.write(payload.subarray(0, half));
  return {
    finish: async () => {
      // Not end(): a half-closed connection aborts its request; the server closes it after answering.
      socket.write(payload.subarray(half));
      await ended;
      const [head = "", rest = ""] = received.split("\r\n\r\n", 2);
      const status = Number(head.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0);
      // A chunked body: the JSON sits between the chunk sizes.
      const text = /transfer-encoding: chunked/i.test(head) ? rest.replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n|\r\n0\r\n\r\n$/gi, "") : rest;
      return { status, body: text };
    },
  };
}

/** Polls a Prometheus scrape until `re` matches (or gives up after `tries`). */
export async function scrapeUntil(url: string, re: RegExp, tries = 300): Promise<string> {
  let text = "";
  for (let i = 0; i < tries; i++) {
    text = await fetch(url).then(
      (r) => r.text(),
      () => "",
    );
    if (re.test(text)) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} never matched ${re}:\n${text}`);
}
