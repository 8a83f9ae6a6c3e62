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

/** One row (id 1): the sequence number and hash of the chain's newest event. */
export interface AuditChainHeadTable {
  id: number;
  sequence: number;
  hash: string;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
  audit_chain_head: AuditChainHeadTable;
}
