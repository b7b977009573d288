/** A device waiting to be paired by its short code (migration 0019). */
export interface DevicePairingsTable {
  id: string;
  /** what the device shows, e.g. K7F3QX9M; unique while the row lives */
  code: string;
  /** SHA-256 of the secret only the device holds: it alone collects the token */
  secret_hash: string;
  /** the kind of device the app asking is (kiosk, display …) */
  kind: string;
  created_at: string;
  expires_at: string;
  site_id: string | null;
  device_id: string | null;
  confirmed_by: string | null;
  confirmed_at: string | null;
  /** the new device's token, until the device collects it (then null) */
  token: string | null;
  collected_at: string | null;
}

export interface PairingTables {
  device_pairings: DevicePairingsTable;
}

declare module "../../db/schema.js" {
  interface Database extends PairingTables {}
}
