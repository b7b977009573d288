import ExcelJS from "exceljs";
import type { z } from "zod";
import { assertCan } from "../../platform/auth/access.js";
import { displayNames } from "../../platform/auth/identity.repository.js";
import type { Ctx } from "../../platform/context.js";
import * as orgApi from "../org/org.api.js";
import { getSiteRow } from "../org/sites.service.js";
import * as repo from "./queue.repository.js";
import type { StatRow as StatRowSchema } from "./queue.schema.js";
import * as windowRepo from "./window.repository.js";

const minutes = (a: string | null, b: string | null) => (a && b ? (Date.parse(b) - Date.parse(a)) / 60_000 : null);
const round1 = (n: number) => Math.round(n * 10) / 10;

function summary(values: number[]) {
  if (values.length === 0) return { avg: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  const p90 = sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)] as number;
  return { avg: round1(sorted.reduce((s, v) => s + v, 0) / sorted.length), p90: round1(p90) };
}

export type StatRow = z.infer<typeof StatRowSchema> & { openMin?: number; idleMin?: number };

/** Q4: per day and site, by queue, window and staff: counts, waits, service times, no-shows, idle time. */
export async function dayStats(ctx: Ctx, siteId: string, date: string) {
  assertCan(ctx.principal, "queue.read", siteId);
  const site = await getSiteRow(ctx.db, siteId);
  const [tickets, queues, windows, sessions] = await Promise.all([
    repo.ticketsOfDay(ctx.db, siteId, date),
    repo.queuesOf(ctx.db, siteId),
    orgApi.windowsOf(ctx.db, siteId),
    windowRepo.sessionsOn(ctx.db, siteId, date),
  ]);
  const staffIds = [...new Set(tickets.map((t) => t.user_id).filter((x): x is string => !!x))];
  const staff = await displayNames(ctx.db, staffIds);
  const now = ctx.clock.now().toISOString();

  const row = (key: string, label: string, ts: typeof tickets, issued: number): StatRow => {
    const served = ts.filter((t) => t.state === "done");
    const noShows = ts.filter((t) => t.state === "no_show").length;
    const wait = summary(ts.map((t) => minutes(t.arrived_at, t.first_called_at)).filter((x): x is number => x !== null));
    const service = summary(served.map((t) => minutes(t.started_at, t.finished_at)).filter((x): x is number => x !== null));
    const called = served.length + noShows;
    return {
      key,
      label,
      issued,
      served: served.length,
      noShows,
      closedUnserved: ts.filter((t) => t.state === "closed_unserved").length,
      cancelled: ts.filter((t) => t.state === "cancelled").length,
      noShowRate: called === 0 ? null : round1((100 * noShows) / called),
      avgWaitMin: wait.avg,
      p90WaitMin: wait.p90,
      avgServiceMin: service.avg,
      p90ServiceMin: service.p90,
    };
  };

  const byQueue = queues.map((q) =>
    row(
      q.id,
      `${q.prefix} ${q.name}`,
      tickets.filter((t) => t.queue_id === q.id),
      tickets.filter((t) => t.origin_queue_id === q.id).length,
    ),
  );
  const byWindow = windows.map((w) => {
    const ts = tickets.filter((t) => t.window_id === w.id);
    const r = row(w.id, `${w.number}号 ${w.name}`, ts, 0);
    const open = sessions
      .filter((s) => s.window_id === w.id)
      .reduce((sum, s) => sum + (minutes(s.opened_at, s.closed_at ?? now) ?? 0) - s.paused_ms / 60_000, 0);
    const busy = ts.reduce((sum, t) => sum + (minutes(t.first_called_at, t.finished_at) ?? 0), 0);
    return { ...r, openMin: round1(open), idleMin: round1(Math.max(0, open - busy)) };
  });
  const byStaff = staff.map((u) =>
    row(
      u.id,
      u.display_name,
      tickets.filter((t) => t.user_id === u.id),
      0,
    ),
  );
  return { site: { id: site.id, name: site.name }, date, total: row("total", "合计", tickets, tickets.length), byQueue, byWindow, byStaff };
}

export async function dayStatsXlsx(ctx: Ctx, siteId: string, date: string): Promise<Buffer> {
  const s = await dayStats(ctx, siteId, date);
  const wb = new ExcelJS.Workbook();
  wb.creator = "govhall";
  const columns = [
    { header: "名称 Name", key: "label", width: 24 },
    { header: "取号 Issued", key: "issued", width: 10 },
    { header: "办结 Served", key: "served", width: 10 },
    { header: "过号 No-shows", key: "noShows", width: 12 },
    { header: "过号率% No-show rate", key: "noShowRate", width: 16 },
    { header: "未办结关闭 Closed unserved", key: "closedUnserved", width: 20 },
    { header: "平均等候(分) Avg wait", key: "avgWaitMin", width: 16 },
    { header: "P90等候(分) P90 wait", key: "p90WaitMin", width: 16 },
    { header: "平均办理(分) Avg service", key: "avgServiceMin", width: 18 },
    { header: "P90办理(分) P90 service", key: "p90ServiceMin", width: 18 },
  ];
  const sheet = (name: string, rows: StatRow[], extra: typeof columns = []) => {
    const ws = wb.addWorksheet(name);
    ws.columns = [...columns, ...extra];
    ws.getRow(1).font = { bold: true };
    for (const r of rows) ws.addRow(r);
  };
  sheet("按队列 By queue", [...s.byQueue, s.total]);
  sheet("按窗口 By window", s.byWindow, [
    { header: "开窗(分) Open", key: "openMin", width: 12 },
    { header: "空闲(分) Idle", key: "idleMin", width: 12 },
  ]);
  sheet("按人员 By staff", s.byStaff);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
