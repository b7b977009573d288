import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate, openDatabase } from "../server/src/db/index.js";
import * as repo from "../server/src/modules/cases/cases.repository.js";
import * as catalogRepo from "../server/src/modules/catalog/catalog.repository.js";
import * as coverageRepo from "../server/src/modules/catalog/coverage.repository.js";
import { systemClock } from "../server/src/platform/clock.js";
import { newId } from "../server/src/platform/ids.js";
import { idCheckDigit } from "../server/src/platform/validation.js";
import { seed } from "../server/src/seed/seed.js";
import { Client, fmt, percentile, startProcess } from "./lib.js";

const STATES = ["received", "accepted", "processing", "review", "completed", "delivered", "delivered", "delivered", "refused", "withdrawn"];
const idNumber = (n: number) => {
  const body = `110101${1950 + (n % 50)}0101${String(n % 1000).padStart(3, "0")}`;
  return body + idCheckDigit(body);
};

/** One bench case: the `i`-th of `total`, at one of the site's items, in one of the states. */
function benchCase(
  i: number,
  total: number,
  start: number,
  a: { site_id: string },
  item: { id: string; code: string; department_id: string | null },
) {
  const at = new Date(start + Math.floor((i / total) * 365 * 86_400_000)).toISOString();
  const state = STATES[i % STATES.length] as string;
  const due = new Date(Date.parse(at) + 20 * 86_400_000).toISOString().slice(0, 10);
  return {
    id: newId(),
    number: `压测${a.site_id.slice(0, 4)} ${at.slice(0, 4)} 第${String(i).padStart(7, "0")}号`,
    site_id: a.site_id,
    department_id: item.department_id,
    item_id: item.id,
    item_code: item.code,
    item_version: 1,
    item_name: "压测事项",
    handling_form: "window",
    on_the_spot: 0,
    state,
    paused_from: null,
    applicant_kind: "person",
    applicant_name: "测试申请人",
    applicant_id_type: "居民身份证",
    applicant_id_number: idNumber(i),
    applicant_phone: "13900000000",
    agent_name: null,
    ticket_id: null,
    appointment_id: null,
    query_code: "BENCH000",
    checklist: "[]",
    received_at: at,
    received_by: null,
    first_inquiry_by: null,
    correction_doc_id: null,
    correction_due: null,
    forwarded_at: null,
    accepted_at: state === "received" ? null : at,
    accepted_by: null,
    deemed_accepted: 0,
    acceptance_number: null,
    clock_start: state === "received" ? null : at.slice(0, 10),
    budget_days: 10,
    limit_unit: "工作日",
    statutory_days: 20,
    due_date: state === "received" ? null : due,
    due_provisional: 0,
    due_flag: "none",
    acceptance_warned: 1,
    handler_id: null,
    claimed_at: null,
    decision: null,
    decided_at: null,
    result: null,
    result_reason: null,
    result_name: null,
    result_number: null,
    completed_at: null,
    delivery_method: null,
    delivered_at: null,
    collected_by: null,
    tracking_number: null,
    created_at: at,
    updated_at: at,
  };
}

/** The demo district plus `total` cases spread over its sites, items, states and a year of dates. */
async function prepare(total: number): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-bench-cases-"));
  const h = openDatabase({ dataDir });
  await migrate(h);
  await seed(h, systemClock, "demo");
  const items = await catalogRepo.listItems(h.db);
  const assignments = (await coverageRepo.allAssignments(h.db)).filter((a) => a.mode === "handle");
  const start = Date.now() - 365 * 86_400_000;
  for (let b = 0; b < total; b += 10_000) {
    await h.db.transaction().execute(async (tx) => {
      for (let i = b; i < Math.min(total, b + 10_000); i++) {
        const a = assignments[i % assignments.length];
        const item = items.find((x) => x.id === a?.item_id);
        if (!a || !item) continue;
        await repo.insertCase(tx, benchCase(i, total, start, a, item));
      }
    });
  }
  await h.close();
  return dataDir;
}

async function timed(c: Client, cookie: string, method: string, url: string, body: unknown, n: number) {
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await c.pool.request({
      method: method as "GET",
      path: typeof url === "string" ? url : url,
      headers: { cookie, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
    await r.body.text();
    lat.push(performance.now() - t);
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode}`);
  }
  return lat.sort((a, b) => a - b);
}

const line = (what: string, lat: number[]) =>
  console.log(
    `${what}: ${lat.length} requests, p50 ${fmt(percentile(lat, 50))} ms, p99 ${fmt(percentile(lat, 99))} ms, max ${fmt(lat.at(-1) ?? Number.NaN)} ms`,
  );

export async function casesBench(opts: { cases: number; rounds: number }) {
  console.log(`\n## Cases — ${opts.cases} cases, SQLite`);
  const t0 = Date.now();
  const dataDir = await prepare(opts.cases);
  console.log(`prepared in ${fmt((Date.now() - t0) / 1000)} s`);
  const server = await startProcess(["--import", "tsx", "src/main.ts", "serve"], { SEED: "none", DATA_DIR: dataDir });
  try {
    const c = new Client(server.base, 2);
    const login = async (username: string) => {
      const r = await c.pool.request({
        method: "POST",
        path: "/api/auth/login",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: "govhall2026" }),
      });
      await r.body.text();
      const set = r.headers["set-cookie"];
      const first = (Array.isArray(set) ? set : [set]).find((x) => String(x).startsWith("govhall_session=")) as string;
      return first.split(";")[0] as string;
    };
    const back = await login("rsj.review");
    const front = await login("zgc.window1");
    const sites = JSON.parse(await (await c.pool.request({ method: "GET", path: "/api/sites", headers: { cookie: front } })).body.text());
    const zgc = sites.find((s: { code: string }) => s.code === "zgc-street").id as string;
    // Warm-up: the first requests compile the queries and load the principal caches.
    await timed(c, back, "GET", "/api/cases?view=back&unclaimed=true&pageSize=50", null, 5);
    await timed(c, front, "GET", `/api/cases?q=${idNumber(1)}`, null, 5);
    const inbox = await timed(c, back, "GET", "/api/cases?view=back&unclaimed=true&pageSize=50", null, opts.rounds);
    line("back-office inbox page (department, due soonest, 50)", inbox);
    const front1 = await timed(c, front, "GET", "/api/cases?view=front&pageSize=50", null, opts.rounds);
    line("front-office inbox page (site, 50)", front1);
    const search: number[] = [];
    for (let i = 0; i < opts.rounds; i++) {
      search.push(...(await timed(c, front, "GET", `/api/cases?q=${idNumber(i * 37)}`, null, 1)));
      search.push(...(await timed(c, front, "GET", `/api/cases?q=${(i * 91) % 99999}`, null, 1)));
    }
    search.sort((a, b) => a - b);
    line("case search (full ID number / number suffix)", search);
    const accept: number[] = [];
    for (let i = 0; i < opts.rounds; i++) {
      const body = {
        itemCode: "DEMO-0007",
        applicant: {
          kind: "person",
          name: "压测",
          idType: "居民身份证",
          idNumber: idNumber(900000 + i),
          phone: "13900000001",
          agentName: null,
        },
        materials: [{ name: "本人有效身份证件", status: "received" }],
      };
      const r = await c.pool.request({
        method: "POST",
        path: `/api/sites/${zgc}/cases`,
        headers: { cookie: front, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const id = JSON.parse(await r.body.text()).case.id as string;
      accept.push(...(await timed(c, front, "POST", `/api/cases/${id}/accept`, {}, 1)));
    }
    accept.sort((a, b) => a - b);
    line("accept with its notice (受理通知书)", accept);
    console.log(
      `targets: inbox and search p99 < 50 ms: ${percentile(inbox, 99) < 50 && percentile(search, 99) < 50 ? "met" : "NOT met"}; accept p50 < 20 ms: ${percentile(accept, 50) < 20 ? "met" : "NOT met"}`,
    );
    await c.pool.close();
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith("cases.ts")) {
  const quick = process.env.BENCH_QUICK === "1";
  await casesBench(quick ? { cases: 20_000, rounds: 50 } : { cases: 200_000, rounds: 200 });
  process.exit(0);
}
