import { audit, signInChain } from "../../platform/audit/audit.js";
import { requireUser } from "../../platform/auth/access.js";
import { grantOf, PRINCIPALS_TOPIC, principalsChanged } from "../../platform/auth/identity.js";
import * as identity from "../../platform/auth/identity.repository.js";
import { assertPasswordPolicy, dummyHash, hashPassword, verifyPassword } from "../../platform/auth/password.js";
import type { Principal } from "../../platform/auth/principal.js";
import { newToken, tokenHash } from "../../platform/auth/tokens.js";
import { defineCache } from "../../platform/cache/cache.js";
import type { Ctx } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import * as devices from "../devices/devices.service.js";

// Accounts, grants and sessions are the platform's (platform/auth/identity.repository.ts);
// this module signs in and out and finds who a token belongs to.

export const SESSION_HOURS = 12;

const invalidCredentials = () => new AppError(401, "invalid_credentials", "用户名或密码不正确", "Wrong username or password");

const locked = (until: string) =>
  new AppError(
    423,
    "account_locked",
    `密码错误次数过多，账号已锁定至 ${new Date(until).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}，请稍后再试或联系管理员解锁`,
    `Too many wrong passwords: the account is locked until ${until}. Try later or ask an administrator to unlock it.`,
  );

/** Signs a user in; returns the session token for the cookie. Failures are counted and lock the account. */
export async function login(ctx: Ctx, username: string, password: string): Promise<{ token: string; userId: string }> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const user = await identity.findUserByUsername(ctx.db, username);
  if (user?.active !== 1) {
    await verifyPassword(await dummyHash(), password);
    throw invalidCredentials();
  }
  if (user.locked_until && user.locked_until > at) throw locked(user.locked_until);
  const ok = await verifyPassword(user.password_hash, password);
  const asUser = { ...ctx, principal: null };
  if (!ok) {
    // No lock of the account (anyone could lock out `admin`): the sign-in limits per address,
    // per account and address, and per account (login-guard.ts) slow the one guessing.
    await ctx.db.transaction().execute((tx) =>
      audit(tx, asUser, {
        action: "auth.login_failed",
        entityType: "user",
        entityId: user.id,
        siteId: null,
        chain: signInChain(user.id),
        after: { username: user.username },
      }),
    );
    throw invalidCredentials();
  }
  const token = newToken();
  await ctx.db.transaction().execute(async (tx) => {
    await identity.updateUser(tx, user.id, { failed_attempts: 0, locked_until: null });
    await identity.insertSession(tx, {
      id: tokenHash(token),
      user_id: user.id,
      created_at: at,
      expires_at: new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString(),
      last_seen_at: at,
    });
    const grants = (await identity.grantsOf(tx, [user.id])).map(grantOf);
    const principal: Principal = {
      kind: "user",
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      grants,
      mustChangePassword: user.must_change_password === 1,
      sessionId: tokenHash(token),
    };
    await audit(
      tx,
      { ...ctx, principal },
      {
        action: "auth.login",
        entityType: "user",
        entityId: user.id,
        siteId: null,
        chain: signInChain(user.id),
        after: { username: user.username },
      },
    );
  });
  return { token, userId: user.id };
}

export async function logout(ctx: Ctx): Promise<void> {
  const p = requireUser(ctx.principal);
  await ctx.db.transaction().execute(async (tx) => {
    await identity.deleteSession(tx, p.sessionId);
    await audit(tx, ctx, { action: "auth.logout", entityType: "user", entityId: p.userId, siteId: null, chain: signInChain(p.userId) });
  });
  await principalsChanged(ctx);
}

export async function changePassword(ctx: Ctx, current: string, next: string): Promise<void> {
  const p = requireUser(ctx.principal);
  const user = await identity.findUserById(ctx.db, p.userId);
  if (!user || !(await verifyPassword(user.password_hash, current))) {
    throw new AppError(400, "wrong_current_password", "当前密码不正确", "The current password is wrong");
  }
  assertPasswordPolicy(next);
  if (current === next) {
    throw new AppError(400, "password_unchanged", "新密码不能与当前密码相同", "The new password must differ from the current one");
  }
  const hash = await hashPassword(next);
  await ctx.db.transaction().execute(async (tx) => {
    await identity.updateUser(tx, p.userId, { password_hash: hash, must_change_password: 0, updated_at: ctx.clock.now().toISOString() });
    await identity.deleteUserSessions(tx, p.userId, p.sessionId);
    await audit(tx, ctx, { action: "auth.password_change", entityType: "user", entityId: p.userId, siteId: null });
  });
  await principalsChanged(ctx);
}

/**
 * Who a token belongs to is read on every request. Answers are kept for 2 s (by the clock); any
 * sign-out, password, role or device change drops them all, on every instance (platform/cache).
 */
const principals = defineCache<{ value: Principal | null; expiresAt: string | null }>("auth.principals", {
  ttlMs: 2_000,
  max: 10_000,
  dependsOn: [PRINCIPALS_TOPIC],
});

async function cachedPrincipal(
  ctx: Ctx,
  key: string,
  now: string,
  load: () => Promise<{ value: Principal | null; expiresAt: string | null }>,
): Promise<Principal | null> {
  const hit = await ctx.caches.get(principals, key, load);
  if (!hit.expiresAt || hit.expiresAt > now) return hit.value;
  // The session ended since it was cached: ask the database (it answers null).
  return (await load()).value;
}

/** The principal behind a session cookie, or null when it is unknown or expired. */
export async function principalFromSession(ctx: Ctx, token: string): Promise<Principal | null> {
  const at = ctx.clock.now().toISOString();
  return cachedPrincipal(ctx, `s:${token}`, at, () => loadSession(ctx, token, at));
}

async function loadSession(ctx: Ctx, token: string, at: string): Promise<{ value: Principal | null; expiresAt: string | null }> {
  const id = tokenHash(token);
  const row = await identity.sessionWithUser(ctx.db, id);
  if (!row || row.expires_at <= at || row.active !== 1) return { value: null, expiresAt: null };
  const grants = await identity.grantsOf(ctx.db, [row.user_id]);
  // Refresh last-seen at most once a minute, so reads stay reads.
  if (Date.parse(at) - Date.parse(row.last_seen_at) > 60_000) await identity.touchSession(ctx.db, id, at);
  const value: Principal = {
    kind: "user",
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    grants: grants.map(grantOf),
    mustChangePassword: row.must_change_password === 1,
    sessionId: id,
  };
  return { value, expiresAt: row.expires_at };
}

export async function principalFromDeviceToken(ctx: Ctx, token: string): Promise<Principal | null> {
  const at = ctx.clock.now().toISOString();
  return cachedPrincipal(ctx, `d:${token}`, at, async () => ({ value: await loadDevice(ctx, token, at), expiresAt: null }));
}

async function loadDevice(ctx: Ctx, token: string, at: string): Promise<Principal | null> {
  return devices.deviceByToken(ctx.db, tokenHash(token), at);
}

/** Whether a browser's device token signed in as this user before (it then passes the per-account limit). */
export async function isKnownDevice(ctx: Ctx, username: string, token: string | undefined): Promise<boolean> {
  if (!token || token.length > 64) return false;
  const user = await identity.findUserByUsername(ctx.db, username);
  if (!user) return false;
  return identity.touchLoginDevice(ctx.db, tokenHash(token), user.id, ctx.clock.now().toISOString());
}

/** Remembers the browser that just signed in; returns its device token (a new one if it had none). */
export async function rememberDevice(ctx: Ctx, userId: string, token: string | undefined): Promise<string> {
  const t = token && /^[\w-]{20,64}$/.test(token) ? token : newToken();
  const at = ctx.clock.now().toISOString();
  await identity.insertLoginDevice(ctx.db, { token_hash: tokenHash(t), user_id: userId, created_at: at, last_used_at: at });
  return t;
}
