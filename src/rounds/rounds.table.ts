export interface RoundsTable {
  id: string;
  label: string;
  status: 'draft' | 'open' | 'closed';
  source: 'fieldwork' | 'import';
  kommun_version: string | null;
  region_version: string | null;
  opens_at: string | null;
  closes_at: string | null;
  /** JSON array of days before closing. */
  reminder_days: string;
  published_at: string | null;
  embargo_until: string | null;
  /** Set while an administrator corrects a published round (its answers may change until the next release). */
  correction_started_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RoundOrganisationsTable {
  round_id: string;
  organisation_code: string;
  contact_name: string | null;
  contact_email: string | null;
  reopened_until: string | null;
  invited_at: string | null;
}

export interface MailLogTable {
  id: string;
  kind: 'invitation' | 'reminder' | 'manual-reminder' | 'colleague';
  round_id: string | null;
  organisation_code: string;
  /** The claimed job; unique per (round_id, organisation_code). */
  slot: string | null;
  recipient: string;
  status: 'pending' | 'sent' | 'failed';
  error: string | null;
  created_at: string;
  created_by: string | null;
  sent_at: string | null;
}

export interface RoundTables {
  rounds: RoundsTable;
  round_organisations: RoundOrganisationsTable;
  mail_log: MailLogTable;
}
