import type { FastifyRequest } from "fastify";
import type { Clock } from "../../platform/clock.js";
import { AppError } from "../../platform/errors.js";

/**
 * A fixed-window counter per client address and action, in this instance's memory. It keeps one
 * client from holding place after place, or from sending codes to many mobiles (号贩子, SMS
 * costs); a proxy in front (TRUST_PROXY) gives the real address. Several instances each count on
 * their own, so the limit is per instance — a proxy's rate limiting is the district-wide one.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; n: number }>();
  constructor(
    private readonly clock: Clock,
    private readonly perWindow: number,
    private readonly windowMs = 10 * 60_000,
  ) {}

  check(req: FastifyRequest, action: string, weight = 1): void {
    if (this.perWindow <= 0) return;
    const now = this.clock.now().getTime();
    const key = `${action}|${req.ip}`;
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 50_000) this.windows.clear();
      w = { start: now, n: 0 };
      this.windows.set(key, w);
    }
    if (w.n + weight > this.perWindow) {
      throw new AppError(429, "too_many_requests", "操作过于频繁，请稍后再试", "Too many requests from this address; try again later", {
        retryAfterSec: Math.ceil((w.start + this.windowMs - now) / 1000),
      });
    }
    w.n += weight;
  }
}
