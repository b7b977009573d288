import type { Generated, Insertable, Kysely, Selectable, Transaction } from "kysely";

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
  /** Empty string for district-wide grants (a portable stand-in for NULL in a unique key). */
  site_id: string;
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

export interface Database {
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
}

export type Db = Kysely<Database>;
/** A database handle or an open transaction: repositories accept either. */
export type Executor = Kysely<Database> | Transaction<Database>;
export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
