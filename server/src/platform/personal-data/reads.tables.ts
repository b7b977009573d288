/** Who saw an applicant's personal data in full (see migration 0018). */
export interface PersonalDataReadsTable {
  id: string;
  site_id: string;
  actor_kind: string;
  actor_id: string;
  entity_type: string;
  entity_id: string;
  /** Beijing date of the first read that day */
  day: string;
  /** why the reader sees it in full, e.g. "serving" */
  purpose: string;
  first_at: string;
}
