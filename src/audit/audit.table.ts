import type { Generated } from 'kysely';

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
  /** HMAC-SHA-256 of sequence and hash under AUDIT_KEY; null only before the first start with a key. */
  signature: string | null;
}

/**
 * A batch of audit events waiting to enter the chain (PostgreSQL: written by the transaction that made the change,
 * appended by the sealer after its commit, then deleted).
 */
export interface AuditPendingEventsTable {
  id: Generated<number>;
  occurred_at: string;
  /** JSON text: the batch's events, pseudonymised, without sequence or hashes. */
  events: string;
}

/** A signed head recorded by a release or a backup, checked by every later verification. */
export interface AuditAnchorsTable {
  source: 'release' | 'backup';
  reference: string;
  recorded_at: string;
  sequence: number;
  hash: string;
  signature: string;
}

/** One row (id 1): the newest verification's result, for the audit page. */
export interface AuditVerificationsTable {
  id: number;
  checked_at: string;
  is_intact: number;
  event_count: number;
  problem: string | null;
}

/**
 * The person behind a pseudonymous reference in audit events (`[person:<reference>]`), kept outside the hash chain
 * so that erasing the row erases the person from the log without breaking the chain.
 */
export interface AuditPersonsTable {
  reference: string;
  /** Lower-cased e-mail address. */
  email: string;
  created_at: string;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
  audit_chain_head: AuditChainHeadTable;
  audit_pending_events: AuditPendingEventsTable;
  audit_anchors: AuditAnchorsTable;
  audit_verifications: AuditVerificationsTable;
  audit_persons: AuditPersonsTable;
}
