import type { FastifyInstance } from "fastify";

/**
 * SIGTERM / SIGINT: readiness turns 503 and event streams end with a retry hint (the ops
 * plugin's preClose), the listener stops accepting, requests in flight finish, then the bus and
 * the database close (SQLite: a last full checkpoint). If that takes longer than `timeoutMs`, the
 * process exits anyway with status 1, naming what was still open.
 */
export function onTermination(
  app: FastifyInstance,
  closeRest: () => Promise<void>,
  timeoutMs: number,
  exit: (code: number) => void = (c) => process.exit(c),
): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    app.log.info({ signal }, `${signal}: shutting down (at most ${timeoutMs} ms)`);
    const timer = setTimeout(() => {
      app.log.error({ signal }, `shutdown took longer than ${timeoutMs} ms; exiting with requests still open`);
      exit(1);
    }, timeoutMs);
    timer.unref();
    try {
      await app.close();
      await closeRest();
      app.log.info(`stopped after ${Date.now() - started} ms`);
      clearTimeout(timer);
      exit(0);
    } catch (err) {
      app.log.error({ err }, "shutdown failed");
      exit(1);
    }
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
