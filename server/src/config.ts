import { isIP } from "node:net";
import path from "node:path";
import { Cron } from "croner";
import { z } from "zod";
import type { FileStoreSettings } from "./platform/files/backends.js";

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  /** Redis for real-time events across instances (otherwise PostgreSQL LISTEN/NOTIFY, or in-process). */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "REDIS_URL must start with redis://")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** demo: seed the demo district (default); minimal: one administrator who must change the password; none: nothing. */
  SEED: z.enum(["demo", "minimal", "none"]).default("demo"),
  /** Initial password of the administrator created by SEED=minimal (random when absent). */
  ADMIN_PASSWORD: z.string().min(8).optional(),
  /**
   * Which proxies in front may tell the client's address and scheme (X-Forwarded-For/-Proto):
   * `false` (none: the connection's own address), a hop count (`1`: the one proxy in front), or
   * proxy addresses/CIDRs (`10.0.0.5,10.1.0.0/16`). `true` is refused: it would believe any
   * client's X-Forwarded-For, and every made-up address would get fresh limits.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default("false")
    .transform((v, ctx): false | number | string[] => {
      if (v === "false" || v === "0" || v === "") return false;
      if (/^\d{1,2}$/.test(v)) return Number(v);
      const list = v.split(",").map((x) => x.trim());
      if (list.every(isAddressOrCidr)) return list;
      ctx.addIssue({
        code: "custom",
        message:
          v === "true"
            ? "TRUST_PROXY=true would trust any client's X-Forwarded-For: give the number of proxies in front (e.g. 1) or their addresses"
            : "TRUST_PROXY must be false, a hop count, or a comma-separated list of proxy addresses/CIDRs",
      });
      return z.NEVER;
    }),
  WEB_DIST: z.string().optional(),
  /** How often streams are pinged and their callers' access re-checked. */
  STREAM_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** How often each instance checks the event store for events committed and never heard on the bus (a dead instance's). */
  STREAM_POLL_MS: z.coerce.number().int().min(50).max(300_000).default(2_000),
  /** How long a stream waits for a missing event on the bus before reading it from the store. */
  STREAM_GAP_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(25),
  /** Where applicants reach the portal: the start of links in messages (default http://HOST:PORT). */
  PUBLIC_URL: z.string().url().optional(),
  /** SMS gateway webhook (POST JSON). Without it, messages to mobiles go to DATA_DIR/outbox-sms.jsonl (demo). */
  NOTIFY_SMS_WEBHOOK: z.string().url().optional(),
  /** SMTP server for mail, e.g. smtp://user:pass@mail.example.gov.cn:587 (otherwise DATA_DIR/outbox-email.jsonl). */
  NOTIFY_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "NOTIFY_SMTP_URL must start with smtp:// or smtps://")
    .optional(),
  NOTIFY_MAIL_FROM: z.string().default("govhall <noreply@govhall.local>"),
  /** How often the outbox dispatcher looks for due messages (0: not in this process). */
  NOTIFY_DISPATCH_MS: z.coerce.number().int().min(0).max(3_600_000).default(2_000),
  /** Holds, verification codes and waiting-list joins one client address may make in 10 minutes (0: no limit). */
  PUBLIC_BOOKING_LIMIT: z.coerce.number().int().min(0).max(100_000).default(30),
  /** Percent of a queue's daily cap that online tickets may take (the rest is kept for people at the hall). */
  ONLINE_TICKET_SHARE: z.coerce.number().int().min(0).max(100).default(30),
  /** How often holds, no-shows and reminders are swept (0: not in this process). */
  APPOINTMENT_SWEEP_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** How often each site's queue summary for the district stream is brought up to date (0: never). */
  DISTRICT_SUMMARY_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
  /** Where uploaded files and documents are kept: db, fs (DATA_DIR/files) or s3. Default: fs on SQLite, db on PostgreSQL. */
  FILES_BACKEND: z.enum(["db", "fs", "s3"]).optional(),
  /** An S3-compatible store (MinIO, Ceph, a cloud's object storage) for FILES_BACKEND=s3 (which needs S3_BUCKET). */
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Bucket in the path (http://host/bucket/key), as most self-hosted stores need. */
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  /** How often the scheduler looks for due jobs (0: only when asked, as tests do with `runDue()`). */
  SCHEDULER_TICK_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** Prometheus metrics on their own port (0: off), listening on METRICS_HOST. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** Or: /metrics on the main port for callers sending `Authorization: Bearer <token>` (at least 16 characters). */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must have at least 16 characters").optional(),
  /** Level of the one line logged per request (debug: hidden at the default level). */
  ACCESS_LOG: z.enum(["info", "debug", "off"]).default("debug"),
  /** How long SIGTERM waits for requests in flight before exiting anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Scheduled backups: where, how many kept, and when (cron in Asia/Shanghai; "off" for none). */
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  BACKUP_SCHEDULE: z
    .string()
    .min(1)
    .default("off")
    .refine((v) => v === "off" || isCronRule(v), 'BACKUP_SCHEDULE must be "off" or a cron rule such as "30 2 * * *" (Beijing time)'),
  /** Where refusals and denials say the applicant may apply for reconsideration (行政复议机关), per district. */
  CASE_RECONSIDERATION_BODY: z.string().trim().min(2).max(60).default("北京市海淀区人民政府"),
  /** The court refusals and denials name for litigation. */
  CASE_COURT: z.string().trim().min(2).max(60).default("有管辖权的人民法院"),
});

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  logLevel: z.infer<typeof Env>["LOG_LEVEL"];
  seed: z.infer<typeof Env>["SEED"];
  adminPassword: string | undefined;
  trustProxy: false | number | string[];
  webDist: string;
  streamHeartbeatMs: number;
  streamPollMs: number;
  streamGapWaitMs: number;
  publicUrl: string;
  notifySmsWebhook: string | undefined;
  notifySmtpUrl: string | undefined;
  notifyMailFrom: string;
  /** The demo district without a real SMS gateway: the portal is shown the verification code it sent. */
  showVerificationCodes: boolean;
  notifyDispatchMs: number;
  appointmentSweepMs: number;
  districtSummaryMs: number;
  schedulerTickMs: number;
  publicBookingLimit: number;
  onlineTicketShare: number;
  files: FileStoreSettings;
  metricsPort: number;
  metricsHost: string;
  metricsToken: string | undefined;
  accessLog: "info" | "debug" | "off";
  shutdownTimeoutMs: number;
  backupDir: string;
  backupKeep: number;
  backupSchedule: string;
  caseRights: { reconsiderationBody: string; court: string };
  version: string;
}>;

function isCronRule(v: string): boolean {
  try {
    new Cron(v, { paused: true, timezone: "Asia/Shanghai" });
    return true;
  } catch {
    return false;
  }
}

function isAddressOrCidr(s: string): boolean {
  const [addr, bits, extra] = s.split("/");
  if (extra !== undefined || !addr || (bits !== undefined && !/^\d{1,3}$/.test(bits))) return false;
  return isIP(addr) !== 0 && Number(bits ?? 0) <= (isIP(addr) === 4 ? 32 : 128);
}

export const VERSION = "0.1.0";

/** Reads the environment once; a bad value stops start-up with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration / 配置有误:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    seed: e.SEED,
    adminPassword: e.ADMIN_PASSWORD,
    trustProxy: e.TRUST_PROXY,
    webDist: path.resolve(e.WEB_DIST ?? path.join(import.meta.dirname, "../../web/dist")),
    streamHeartbeatMs: e.STREAM_HEARTBEAT_MS,
    streamPollMs: e.STREAM_POLL_MS,
    streamGapWaitMs: e.STREAM_GAP_WAIT_MS,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ""),
    notifySmsWebhook: e.NOTIFY_SMS_WEBHOOK,
    notifySmtpUrl: e.NOTIFY_SMTP_URL,
    notifyMailFrom: e.NOTIFY_MAIL_FROM,
    showVerificationCodes: !e.NOTIFY_SMS_WEBHOOK && e.SEED === "demo",
    notifyDispatchMs: e.NOTIFY_DISPATCH_MS,
    appointmentSweepMs: e.APPOINTMENT_SWEEP_MS,
    districtSummaryMs: e.DISTRICT_SUMMARY_MS,
    schedulerTickMs: e.SCHEDULER_TICK_MS,
    publicBookingLimit: e.PUBLIC_BOOKING_LIMIT,
    onlineTicketShare: e.ONLINE_TICKET_SHARE,
    files: filesOf(e),
    metricsPort: e.METRICS_PORT,
    metricsHost: e.METRICS_HOST,
    metricsToken: e.METRICS_TOKEN,
    accessLog: e.ACCESS_LOG,
    caseRights: Object.freeze({ reconsiderationBody: e.CASE_RECONSIDERATION_BODY, court: e.CASE_COURT }),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    backupDir: path.resolve(e.BACKUP_DIR ?? path.join(e.DATA_DIR, "backups")),
    backupKeep: e.BACKUP_KEEP,
    backupSchedule: e.BACKUP_SCHEDULE,
    version: VERSION,
  });
}

function filesOf(e: z.infer<typeof Env>): FileStoreSettings {
  const s3 = e.S3_BUCKET
    ? {
        endpoint: e.S3_ENDPOINT,
        region: e.S3_REGION,
        bucket: e.S3_BUCKET,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        forcePathStyle: e.S3_FORCE_PATH_STYLE,
      }
    : undefined;
  // Several PostgreSQL instances share no folder: there the database holds the files by default.
  const backend = e.FILES_BACKEND ?? (e.DATABASE_URL ? "db" : "fs");
  if (backend === "s3" && !s3) throw new Error("Invalid configuration / 配置有误:\n  S3_BUCKET: FILES_BACKEND=s3 needs S3_BUCKET");
  return Object.freeze({ backend, dir: path.join(path.resolve(e.DATA_DIR), "files"), s3 });
}
