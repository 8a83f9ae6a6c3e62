export interface AuditEventsTable {
  sequence: number;
  occurred_at: string;
  actor_user_id: string | null;
  actor_label: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  /** JSON text. */
  details: string;
  previous_hash: string;
  hash: string;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
}
