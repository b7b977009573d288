/** Row types of the idempotency keys (migration 0020; portable like `db/schema.ts`). */
export interface IdempotencyKeysTable {
  /** Whose key it is: `d:<deviceId>` or `u:<userId>` (one caller's keys never meet another's). */
  scope: string;
  key: string;
  /** SHA-256 of method, URL and body: the same key with another request is refused. */
  request_hash: string;
  /** The first answer's status; 0 while the first request is still running. */
  status: number;
  /** The first answer's body as sent (JSON or problem+json). */
  body: string;
  created_at: string;
  expires_at: string;
}

export interface IdempotencyTables {
  idempotency_keys: IdempotencyKeysTable;
}
