import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase } from "./helpers.js";
import { freePort, type Spawned, spawnServer } from "./spawned.js";

describe("a server killed with SIGKILL under load", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let server: Spawned | undefined;
  let port = 0;

  async function start() {
    server = await spawnServer({ dataDir: fresh.dataDir, databaseUrl: fresh.databaseUrl, port });
  }
  const req = (method: string, p: string, cookie: string, body?: unknown) => (server as Spawned).req(method, p, cookie, body);
  const login = (username: string) => (server as Spawned).login(username);

  beforeAll(async () => {
    fresh = await freshDatabase();
    await fresh.handle.close();
    port = await freePort();
    await start();
  }, 60_000);
  afterAll(async () => {
    server?.proc.kill("SIGKILL");
    await fresh.drop();
  });

  it("loses no acknowledged ticket or call", async () => {
    const manager = await login("zgc.manager");
    const sites = (await req("GET", "/api/sites", manager)).body as { id: string; code: string }[];
    const site = sites.find((s) => s.code === "zgc-street")?.id as string;
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await req("PUT", `/api/sites/${site}/hour-exceptions`, manager, {
      date: today,
      closed: false,
      opens: "00:00",
      closes: "23:59",
      note: "测试",
    });
    const queueId = (await req("GET", `/api/sites/${site}/queues`, manager)).body.find((q: { prefix: string }) => q.prefix === "C")
      .id as string;
    const staff = await login("zgc.window1");
    const windowId = (await req("GET", `/api/sites/${site}/windows`, staff)).body.find((w: { number: number }) => w.number === 4)
      .id as string;
    expect((await req("POST", `/api/windows/${windowId}/open`, staff)).status).toBe(200);

    const acked = new Map<string, string>(); // ticket id → the last state the server acknowledged
    let killed = false;
    const issuers = Array.from({ length: 8 }, async () => {
      while (!killed) {
        try {
          const r = await req("POST", `/api/sites/${site}/tickets`, manager, { queueId });
          if (r.status === 201) acked.set(r.body.id, "waiting");
        } catch {
          return;
        }
      }
    });
    /** Calls the next ticket, starts and finishes it, noting each step the server acknowledged. */
    const serveOne = async () => {
      const r = await req("POST", `/api/windows/${windowId}/call-next`, staff);
      if (r.status !== 200) return;
      acked.set(r.body.id, "called");
      for (const [action, state] of [
        ["start", "serving"],
        ["finish", "done"],
      ] as const) {
        const a = await req("POST", `/api/windows/${windowId}/tickets/${r.body.id}/${action}`, staff);
        if (a.status === 200) acked.set(r.body.id, state);
      }
    };
    const caller = (async () => {
      while (!killed) {
        try {
          await serveOne();
        } catch {
          return;
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 2000));
    server?.proc.kill("SIGKILL");
    killed = true;
    await Promise.all([...issuers, caller]);
    expect(acked.size).toBeGreaterThan(20);

    await start();
    const manager2 = await login("zgc.manager");
    const lost: string[] = [];
    for (const [id, state] of acked) {
      const r = await req("GET", `/api/tickets/${id}`, manager2);
      // The server may have committed one step more than the client heard back before the kill.
      const order = ["waiting", "called", "serving", "done"];
      if (r.status !== 200 || order.indexOf(r.body.state) < order.indexOf(state)) lost.push(`${id}:${state}→${r.body?.state}`);
    }
    expect(lost).toEqual([]);
    const numbers = (await req("GET", `/api/sites/${site}/queue-snapshot`, manager2)).body.queues.find(
      (q: { id: string }) => q.id === queueId,
    );
    expect(numbers.issued).toBeGreaterThanOrEqual([...acked.values()].length);
    const audit = await req("GET", "/api/audit/verify", await login("admin"));
    expect(audit.body.ok).toBe(true);
  }, 120_000);
});
