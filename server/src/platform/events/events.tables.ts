import type { Generated } from "kysely";

/** The event store's tables (migration 20261203_0010_events). */
export interface EventTables {
  events: EventsTable;
  event_seq: EventSeqTable;
}

/** The last number handed out per stream; a writer's row lock orders numbers by commit. */
export interface EventSeqTable {
  stream: string;
  last: number;
}

export interface EventsTable {
  id: Generated<number>;
  /** The event's number within its stream, in commit order, gap-free: the id streams send. */
  seq: number;
  /** A site's id, or `district` for district-wide events. */
  stream: string;
  ticket_id: string | null;
  window_id: string | null;
  queue_id: string | null;
  /** Other room keys as JSON ({"caseId": …, "appointmentId": …}), or null. */
  refs: string | null;
  type: string;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  payload: string;
}
