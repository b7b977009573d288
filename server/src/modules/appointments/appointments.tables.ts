/**
 * Row types of appointments (预约) and the notification outbox, portable like `db/schema.ts`:
 * text UUID ids, ISO-8601 UTC instants, local dates YYYY-MM-DD and times HH:MM (Beijing).
 */
export interface AppointmentServicesTable {
  id: string;
  site_id: string;
  /** The queue the check-in ticket joins. */
  queue_id: string;
  /** The catalog item booked for, when the service is one item rather than a whole queue. */
  item_id: string | null;
  name: string;
  slot_minutes: number;
  /** Places per slot unless a day says otherwise. */
  capacity: number;
  /** Booking closes this many hours before a slot begins. */
  earliest_hours: number;
  /** Slots open this many days ahead. */
  latest_days: number;
  /** The applicant may cancel or move until this many hours before. */
  cancel_cutoff_hours: number;
  /** Open bookings one mobile number / one ID number may hold at this site. */
  per_phone_limit: number;
  per_id_limit: number;
  /** Minutes after the slot began that a check-in still counts as on time. */
  late_grace_min: number;
  hold_minutes: number;
  /** N no-shows within M days block booking for K days. */
  noshow_limit: number;
  noshow_window_days: number;
  noshow_block_days: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface AppointmentCapacityDaysTable {
  service_id: string;
  date: string;
  /** 0 closes the day for booking. */
  capacity: number;
  note: string | null;
  updated_at: string;
}

export interface AppointmentSlotsTable {
  service_id: string;
  date: string;
  start: string;
  /** Places held or booked. */
  taken: number;
}

export interface AppointmentsTable {
  id: string;
  site_id: string;
  service_id: string;
  date: string;
  start: string;
  starts_at: string;
  ends_at: string;
  /** held | expired | booked | checked_in | cancelled | cancelled_by_site | moved | no_show */
  state: string;
  code: string;
  hold_token: string | null;
  /** The secret of the links in messages to the holder: opens the booking without typing the mobile. */
  link_token: string | null;
  hold_expires_at: string | null;
  /** online | phone | on_site | waitlist */
  channel: string;
  applicant_name: string | null;
  applicant_phone: string | null;
  applicant_id_number: string | null;
  applicant_email: string | null;
  booked_at: string | null;
  booked_by: string | null;
  checked_in_at: string | null;
  ticket_id: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  rebooked_from: string | null;
  reminded_day: number;
  reminded_hour: number;
  /** 1 once the checked-in holder was told their turn is near. */
  notified_soon: number;
  created_at: string;
}

export interface AppointmentPersonLocksTable {
  key: string;
  n: number;
}

export interface AppointmentWaitlistTable {
  id: string;
  site_id: string;
  service_id: string;
  date: string;
  start: string;
  /** waiting | offered | left */
  state: string;
  applicant_name: string;
  applicant_phone: string;
  applicant_id_number: string;
  appointment_id: string | null;
  created_at: string;
  offered_at: string | null;
}

export interface AppointmentLiftsTable {
  id: string;
  site_id: string;
  id_number: string;
  lifted_at: string;
  lifted_by: string;
  reason: string;
}

export interface AppointmentOverridesTable {
  id: string;
  site_id: string;
  appointment_id: string;
  action: string;
  starts_at: string;
  minutes_before: number;
  explanation: string;
  override_reason: string;
  user_id: string;
  user_name: string;
  at: string;
}

export interface VerificationCodesTable {
  id: string;
  phone: string;
  code_hash: string;
  created_at: string;
  expires_at: string;
  attempts: number;
  used_at: string | null;
}

export interface OutboxTable {
  id: string;
  site_id: string | null;
  appointment_id: string | null;
  /** sms | email */
  channel: string;
  recipient: string;
  kind: string;
  subject: string;
  body: string;
  /** pending | sent | failed */
  state: string;
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface AppointmentTables {
  appointment_services: AppointmentServicesTable;
  appointment_capacity_days: AppointmentCapacityDaysTable;
  appointment_slots: AppointmentSlotsTable;
  appointments: AppointmentsTable;
  appointment_person_locks: AppointmentPersonLocksTable;
  appointment_waitlist: AppointmentWaitlistTable;
  appointment_lifts: AppointmentLiftsTable;
  appointment_overrides: AppointmentOverridesTable;
  verification_codes: VerificationCodesTable;
  outbox: OutboxTable;
}

// The module's tables join the one schema without db/schema.ts importing the module.
declare module "../../db/schema.js" {
  interface Database extends AppointmentTables {}
}
