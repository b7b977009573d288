/** The last queue summary of each site sent on the district stream (migration 20261205_0051). */
export interface QueueSiteSummariesTable {
  site_id: string;
  /** SiteQueueSummary as JSON */
  data: string;
  updated_at: string;
}

export interface QueueSummaryTables {
  queue_site_summaries: QueueSiteSummariesTable;
}

declare module "../../db/schema.js" {
  interface Database extends QueueSummaryTables {}
}
