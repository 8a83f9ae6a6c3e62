export interface AccessibilityReportsTable {
  id: string;
  created_at: string;
  /** The page or document the problem is on, as the visitor gave it. */
  page: string | null;
  description: string;
  /** 1 when the visitor asks for the content in another format. */
  wants_other_format: number;
  contact_name: string | null;
  contact_email: string | null;
  handled_at: string | null;
  handled_by: string | null;
}

export interface AccessibilityTables {
  accessibility_reports: AccessibilityReportsTable;
}
