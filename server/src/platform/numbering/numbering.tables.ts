/** One gap-free counter per kind of number, scope (a queue, a site, the district) and period. */
export interface NumberCountersTable {
  kind: string;
  scope: string;
  /** `YYYY-MM-DD` for a daily counter, `YYYY` for a yearly one. */
  period: string;
  last: number;
}

export interface NumberingTables {
  number_counters: NumberCountersTable;
}
