import type { Generated, Insertable, Kysely, Selectable, Transaction } from "kysely";
import type { DeadlineTables } from "../platform/deadlines/deadlines.tables.js";
import type { DocumentTables } from "../platform/documents/documents.tables.js";
import type { EventTables } from "../platform/events/events.tables.js";
import type { FileTables } from "../platform/files/files.tables.js";
import type { IdempotencyTables } from "../platform/idempotency/idempotency.tables.js";
import type { NumberingTables } from "../platform/numbering/numbering.tables.js";
import type { PersonalDataReadsTable } from "../platform/personal-data/reads.tables.js";
import type { SchedulerTables } from "../platform/scheduler/scheduler.tables.js";

/**
 * Row types. Portable across SQLite and PostgreSQL: ids are text (UUID), instants are
 * ISO-8601 UTC text, booleans are integers 0/1, structured values are JSON text.
 */
export interface SitesTable {
  id: string;
  code: string;
  kind: string;
  name: string;
  plaque_name: string | null;
  parent_org: string;
  responsible_person: string;
  responsible_phone: string | null;
  address: string;
  phone: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface SiteHoursTable {
  id: string;
  site_id: string;
  weekday: number;
  opens: string;
  closes: string;
}

export interface SiteHourExceptionsTable {
  site_id: string;
  date: string;
  closed: number;
  opens: string | null;
  closes: string | null;
  note: string | null;
}

export interface ZonesTable {
  id: string;
  site_id: string;
  name: string;
  kinds: string;
  created_at: string;
}

export interface WindowsTable {
  id: string;
  site_id: string;
  zone_id: string | null;
  number: number;
  name: string;
  active: number;
  created_at: string;
}

export interface PostsTable {
  window_id: string;
  site_id: string;
  primary_user_id: string | null;
  backup_user_id: string | null;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  must_change_password: number;
  failed_attempts: number;
  locked_until: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface RoleGrantsTable {
  id: string;
  user_id: string;
  role: string;
  /** Empty string for district-wide and department grants (a portable stand-in for NULL in a unique key). */
  site_id: string;
  /** The department of a department grant; empty string otherwise. */
  department_id: Generated<string>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface DevicesTable {
  id: string;
  site_id: string;
  kind: string;
  name: string;
  window_id: string | null;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  chain: string;
  seq: number;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  site_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadsTable {
  chain: string;
  seq: number;
  hash: string;
}

export interface CalendarDaysTable {
  date: string;
  kind: string;
  name: string | null;
}

export interface CalendarYearsTable {
  year: number;
  source: string;
  updated_at: string;
}

export interface QueuesTable {
  id: string;
  site_id: string;
  prefix: string;
  name: string;
  category: string | null;
  daily_cap: number | null;
  per_person_limit: number | null;
  active: number;
  sort: number;
  created_at: string;
}

export interface WindowQueuesTable {
  window_id: string;
  queue_id: string;
  site_id: string;
  rank: number;
}

export interface QueueSettingsTable {
  site_id: string;
  priority_every: number;
  min_recalls: number;
  recall_interval_sec: number;
  alert_wait_min: number;
  alert_waiting: number;
  notify_ahead: number;
  updated_at: string;
}

export interface WindowStatesTable {
  window_id: string;
  site_id: string;
  state: string;
  user_id: string | null;
  post: string | null;
  pause_reason: string | null;
  since: string;
  normal_streak: number;
}

export interface WindowSessionsTable {
  id: string;
  window_id: string;
  site_id: string;
  user_id: string;
  post: string;
  service_date: string;
  opened_at: string;
  closed_at: string | null;
  paused_ms: number;
}

export interface QueueCountersTable {
  queue_id: string;
  service_date: string;
  /** Unused since 20261203_0013: ticket numbers come from `number_counters` (platform/numbering). */
  last_seq: number;
  /** tickets in this queue now waiting (kept in step by every transition to or from waiting) */
  waiting: Generated<number>;
  /** tickets of this queue served (done) this day, and their summed call-to-finish time (migration 0021) */
  served: Generated<number>;
  service_ms: Generated<number>;
}

export interface TicketsTable {
  id: string;
  site_id: string;
  origin_queue_id: string;
  queue_id: string;
  service_date: string;
  seq: number;
  number: string;
  code: string;
  channel: string;
  priority_class: string;
  applicant_name: string | null;
  applicant_phone: string | null;
  applicant_id_number: string | null;
  state: string;
  arrived_at: string;
  issued_at: string;
  appointment_at: string | null;
  first_called_at: string | null;
  called_at: string | null;
  call_count: number;
  started_at: string | null;
  finished_at: string | null;
  window_id: string | null;
  user_id: string | null;
  target_window_id: string | null;
  referred_by_user_id: string | null;
  transfer_count: number;
  issued_by: string | null;
  closed_reason: string | null;
  /** 1 for priority, green-channel and appointment tickets: the calling order's special lanes */
  special: number;
  /** The item the ticket is for, if named at issue, and its guide version in force then. */
  item_id?: string | null;
  item_code?: string | null;
  item_version?: number | null;
}

/**
 * The whole schema. The platform's tables, and those not yet moved to their module, are listed
 * here; a module declares its own tables in its `*.tables.ts` and merges them into this interface
 * (`declare module "../../db/schema.js"`), so this file imports no module (docs/decisions.md,
 * "Module boundaries kept by a test").
 */
export interface Database
  extends EventTables,
    NumberingTables,
    FileTables,
    DocumentTables,
    SchedulerTables,
    DeadlineTables,
    IdempotencyTables {
  sites: SitesTable;
  site_hours: SiteHoursTable;
  site_hour_exceptions: SiteHourExceptionsTable;
  zones: ZonesTable;
  windows: WindowsTable;
  posts: PostsTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  devices: DevicesTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadsTable;
  calendar_days: CalendarDaysTable;
  calendar_years: CalendarYearsTable;
  queues: QueuesTable;
  window_queues: WindowQueuesTable;
  queue_settings: QueueSettingsTable;
  window_states: WindowStatesTable;
  window_sessions: WindowSessionsTable;
  queue_counters: QueueCountersTable;
  tickets: TicketsTable;
  personal_data_reads: PersonalDataReadsTable;
  login_devices: LoginDevicesTable;
}

/** A browser that signed in as the user before (its cookie token, hashed): passes the per-account sign-in limit. */
export interface LoginDevicesTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  last_used_at: string;
}

export type Db = Kysely<Database>;
/** A database handle or an open transaction: repositories accept either. */
export type Executor = Kysely<Database> | Transaction<Database>;
export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
