import type { z } from "zod";
import type { Executor, Row } from "../../db/schema.js";
import { audit } from "../../platform/audit/audit.js";
import { assertCan } from "../../platform/auth/access.js";
import { displayNames } from "../../platform/auth/identity.repository.js";
import type { Caches } from "../../platform/cache/cache.js";
import { chinaLocal } from "../../platform/clock.js";
import type { Ctx } from "../../platform/context.js";
import { AppError, conflict, forbidden, notFound } from "../../platform/errors.js";
import { type Emit, withEvents } from "../../platform/events/store.js";
import { newId } from "../../platform/ids.js";
import * as orgApi from "../org/org.api.js";
import { windowById } from "./queue.meta.js";
import * as repo from "./queue.repository.js";
import type { WindowState } from "./queue.schema.js";
import * as windowRepo from "./window.repository.js";

/** Types come from the response schema, never written twice. */
export type WindowStateView = z.infer<typeof WindowState>;

export async function presentWindowState(db: Executor, w: Row<"windows">, s: Row<"window_states"> | undefined): Promise<WindowStateView> {
  const staff = s?.user_id ? (await displayNames(db, [s.user_id]))[0] : undefined;
  const open = s && s.state !== "closed";
  return {
    windowId: w.id,
    siteId: w.site_id,
    number: w.number,
    name: w.name,
    state: (s?.state ?? "closed") as WindowStateView["state"],
    staffUserId: open ? (s?.user_id ?? null) : null,
    staffName: open ? (staff?.display_name ?? null) : null,
    post: open ? ((s?.post ?? null) as WindowStateView["post"]) : null,
    pauseReason: s?.state === "paused" ? s.pause_reason : null,
    since: s?.since ?? null,
  };
}

export async function loadWindow(caches: Caches, db: Executor, windowId: string): Promise<Row<"windows">> {
  const w = await windowById(caches, db, windowId);
  if (!w) throw notFound("Window", "窗口");
  return w;
}

/**
 * Who is acting at a window. Staff act at the window they opened; a counter terminal (a
 * hardware caller) acts for its own window, on behalf of whoever opened it.
 */
export async function windowActor(
  ctx: Ctx,
  tx: Executor,
  windowId: string,
  needOpen = true,
): Promise<{ w: Row<"windows">; state: Row<"window_states"> | undefined; staffUserId: string | null }> {
  const w = await loadWindow(ctx.caches, tx, windowId);
  const p = ctx.principal;
  assertCan(p, "queue.serve", w.site_id);
  if (p.kind === "device" && p.windowId !== windowId) throw forbidden();
  const state = await windowRepo.lockWindowState(tx, windowId);
  if (needOpen) {
    if (!state || state.state === "closed")
      throw conflict("window_closed", `${w.number}号窗口未开启，请先登录窗口`, `Window ${w.number} is closed; open it first`);
    if (p.kind === "user" && state.user_id !== p.userId) {
      throw conflict("window_taken", `${w.number}号窗口由其他工作人员使用中`, `Window ${w.number} is staffed by someone else`);
    }
  }
  return { w, state, staffUserId: state?.user_id ?? null };
}

async function emitWindow(tx: Executor, emit: Emit, w: Row<"windows">) {
  await emit({
    siteId: w.site_id,
    type: "window.state",
    windowId: w.id,
    data: { window: await presentWindowState(tx, w, await windowRepo.windowState(tx, w.id)) },
  });
}

/** Which post the user takes at the window: its A post (primary), its B post (backup), or another member of staff. */
async function postOf(tx: Executor, siteId: string, windowId: string, userId: string): Promise<"primary" | "backup" | "other"> {
  const post = (await orgApi.postsOf(tx, siteId)).find((x) => x.window_id === windowId);
  if (post?.primary_user_id === userId) return "primary";
  return post?.backup_user_id === userId ? "backup" : "other";
}

/** Signs the user in at a window, as its A post, its B post, or as another member of staff. */
export async function openWindow(ctx: Ctx, windowId: string): Promise<WindowStateView> {
  const p = ctx.principal;
  if (p?.kind !== "user") throw forbidden();
  const now = ctx.clock.now().toISOString();
  return withEvents(ctx, async (tx, emit) => {
    const w0 = await loadWindow(ctx.caches, tx, windowId);
    await windowRepo.ensureWindowState(tx, windowId, w0.site_id, now);
    const { w, state } = await windowActor(ctx, tx, windowId, false);
    if (w.active !== 1) throw conflict("window_inactive", `${w.number}号窗口已停用`, `Window ${w.number} is not in use`);
    if (state && state.state !== "closed") {
      if (state.user_id === p.userId) return presentWindowState(tx, w, state);
      throw conflict("window_taken", `${w.number}号窗口由其他工作人员使用中`, `Window ${w.number} is staffed by someone else`);
    }
    const elsewhere = await windowRepo.openWindowOfUser(tx, p.userId);
    if (elsewhere)
      throw conflict("already_at_window", "您已在另一个窗口登录，请先退出该窗口", "You are signed in at another window; close it first");
    const role = await postOf(tx, w.site_id, windowId, p.userId);
    const row = {
      window_id: windowId,
      site_id: w.site_id,
      state: "open",
      user_id: p.userId,
      post: role,
      pause_reason: null,
      since: now,
      // The interleave carries on across closing and reopening: signing in again resets nothing.
      normal_streak: state?.normal_streak ?? 0,
    };
    await windowRepo.upsertWindowState(tx, row);
    await windowRepo.insertSession(tx, {
      id: newId(),
      window_id: windowId,
      site_id: w.site_id,
      user_id: p.userId,
      post: role,
      service_date: chinaLocal(ctx.clock.now()).date,
      opened_at: now,
      closed_at: null,
      paused_ms: 0,
    });
    await audit(tx, ctx, {
      action: "window.open",
      entityType: "window",
      entityId: windowId,
      siteId: w.site_id,
      before: state ?? null,
      after: row,
    });
    await emitWindow(tx, emit, w);
    return presentWindowState(tx, w, row);
  });
}

export async function pauseWindow(ctx: Ctx, windowId: string, reason: string): Promise<WindowStateView> {
  return setWindow(ctx, windowId, "pause", reason);
}
export async function resumeWindow(ctx: Ctx, windowId: string): Promise<WindowStateView> {
  return setWindow(ctx, windowId, "resume", null);
}
export async function closeWindow(ctx: Ctx, windowId: string): Promise<WindowStateView> {
  return setWindow(ctx, windowId, "close", null);
}

async function setWindow(ctx: Ctx, windowId: string, action: WindowAction, reason: string | null): Promise<WindowStateView> {
  const now = ctx.clock.now();
  return withEvents(ctx, async (tx, emit) => {
    const { w, state } = await windowActor(ctx, tx, windowId);
    const s = state as Row<"window_states">;
    await assertMay(tx, action, s, windowId, now);
    await closeSessionPart(tx, action, s, windowId, now);
    const patch = {
      state: action === "pause" ? "paused" : action === "resume" ? "open" : "closed",
      pause_reason: reason,
      since: now.toISOString(),
    };
    await windowRepo.updateWindowState(tx, windowId, patch);
    const after = { ...s, ...patch };
    await audit(tx, ctx, { action: `window.${action}`, entityType: "window", entityId: windowId, siteId: w.site_id, before: s, after });
    await emitWindow(tx, emit, w);
    return presentWindowState(tx, w, after);
  });
}

type WindowAction = "pause" | "resume" | "close";

/** Pause only while serving, resume only while paused, close only with no ticket called, served or parked. */
async function assertMay(tx: Executor, action: WindowAction, s: Row<"window_states">, windowId: string, now: Date): Promise<void> {
  if (action === "pause" && s.state !== "open") throw conflict("window_not_open", "窗口未处于服务状态", "The window is not serving");
  if (action === "resume" && s.state !== "paused") throw conflict("window_not_paused", "窗口未暂停", "The window is not paused");
  if (action !== "close") return;
  const busy = await repo.ticketsOfWindow(tx, windowId, chinaLocal(now).date, ["called", "serving", "parked"]);
  if (busy.length > 0) {
    throw conflict(
      "window_busy",
      `请先办结或处理当前号 ${busy.map((t) => t.number).join("、")}`,
      `Finish or release ticket ${busy.map((t) => t.number).join(", ")} first`,
    );
  }
}

/** The window session's paused time grows when a pause ends (resumed or closed); closing ends the session. */
async function closeSessionPart(tx: Executor, action: WindowAction, s: Row<"window_states">, windowId: string, now: Date): Promise<void> {
  const session = await windowRepo.openSession(tx, windowId);
  if (!session) return;
  if (s.state === "paused" && action !== "pause") {
    await windowRepo.updateSession(tx, session.id, { paused_ms: session.paused_ms + (now.getTime() - Date.parse(s.since)) });
  }
  if (action === "close") await windowRepo.updateSession(tx, session.id, { closed_at: now.toISOString() });
}

export async function windowStates(db: Executor, siteId: string): Promise<WindowStateView[]> {
  const [windows, states] = await Promise.all([orgApi.windowsOf(db, siteId), windowRepo.windowStatesOfSite(db, siteId)]);
  return Promise.all(
    windows.map((w) =>
      presentWindowState(
        db,
        w,
        states.find((s) => s.window_id === w.id),
      ),
    ),
  );
}

export const badState = (number: string, zh: string, en: string) =>
  new AppError(409, "ticket_state_invalid", `${number}：${zh}`, `${number}: ${en}`);
