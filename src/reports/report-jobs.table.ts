export interface ReportJobsTable {
  id: string;
  round_label: string;
  language: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  done: number;
  error: string | null;
  /** The finished ZIP of PDFs; null while running or after a failure. */
  archive: Buffer | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportTables {
  report_jobs: ReportJobsTable;
}
