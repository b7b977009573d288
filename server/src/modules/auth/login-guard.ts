import type { FastifyInstance, FastifyRequest } from "fastify";
import { defineLimit } from "../../platform/http/limits.js";
import * as svc from "./auth.service.js";

export const DEVICE_COOKIE = "govhall_device";
const MINUTE = 60_000;

/**
 * Sign-in limits that slow whoever guesses, not the account's owner (issue 10, item 3):
 * - per account and browser — the address, or the device cookie of an earlier successful sign-in
 *   — 5 failures in 15 minutes, then a wait that doubles with each further try;
 * - per address, 30 failures in 15 minutes over all accounts;
 * - per account, 20 failures in an hour from everywhere: then only a browser that signed in as
 *   that user before (its device cookie) may try.
 * Failures decay with their window; a success does not reset them (the attacker may know one
 * password). Counted in Redis across instances when REDIS_URL is set.
 */
export function loginGuard(app: FastifyInstance) {
  const username = (req: FastifyRequest) => String((req.body as { username?: string }).username ?? "").toLowerCase();
  const device = (req: FastifyRequest) => req.cookies[DEVICE_COOKIE];
  const perBrowser = defineLimit(app, {
    name: "login-browser",
    max: 5,
    windowMs: 15 * MINUTE,
    growing: true,
    key: (req) => `${username(req)}|${device(req) ? `d:${device(req)}` : `a:${req.ip}`}`,
  });
  const perAddress = defineLimit(app, { name: "login-address", max: 30, windowMs: 15 * MINUTE });
  const perAccount = defineLimit(app, { name: "login-account", max: 20, windowMs: 60 * MINUTE, key: username });
  const known = (req: FastifyRequest) => svc.isKnownDevice(req.ctx, username(req), device(req));

  return {
    /** Before the password is checked: throws 429 when this try is over a limit. */
    async before(req: FastifyRequest): Promise<void> {
      if (await perBrowser.exceeded(req)) {
        await perBrowser.hit(req); // each try while held back doubles the wait
      }
      const isKnown = await known(req);
      if (!isKnown) {
        await perAddress.check(req);
        await perAccount.check(req);
      }
    },
    /** After a wrong password (or an unknown user). */
    async failed(req: FastifyRequest): Promise<void> {
      for (const l of [perBrowser, perAddress, perAccount]) await l.hit(req).catch(() => undefined);
    },
  };
}

/** Wrong current passwords at POST /api/auth/password: 5 in 15 minutes per user, then a doubling wait. */
export function passwordGuard(app: FastifyInstance) {
  const userOf = (req: FastifyRequest) => (req.ctx.principal?.kind === "user" ? req.ctx.principal.userId : req.ip);
  const limit = defineLimit(app, { name: "password-change", max: 5, windowMs: 15 * MINUTE, growing: true, key: userOf });
  return {
    async before(req: FastifyRequest): Promise<void> {
      if (await limit.exceeded(req)) await limit.hit(req);
    },
    async failed(req: FastifyRequest): Promise<void> {
      await limit.hit(req).catch(() => undefined);
    },
  };
}
