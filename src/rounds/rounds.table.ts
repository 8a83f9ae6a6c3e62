import type { Generated } from 'kysely';

export interface RoundsTable {
  id: string;
  label: string;
  /** Free text shown beside the label; set for labels that were made slugs by a migration. */
  display_name: string | null;
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
  /** The language of the mail the contact gets; Swedish unless set. */
  contact_language: Generated<'sv' | 'en'>;
  reopened_until: string | null;
  invited_at: string | null;
}

/** An organisation's second, third … contact in a round (the first is in round_organisations). */
export interface RoundFurtherContactsTable {
  round_id: string;
  organisation_code: string;
  /** 1 for the second contact of the file, 2 for the third, and so on. */
  position: number;
  contact_name: string;
  contact_email: string;
  contact_language: Generated<'sv' | 'en'>;
  invited_at: string | null;
}

/** A round's own invitation and reminder texts; a round without a row uses the catalogue's. */
export interface RoundMailTextsTable {
  round_id: string;
  /** JSON: { coordinator, invitation: { sv: { subject, body }, en: … }, reminder: … }. */
  texts: string;
  updated_at: string;
  updated_by: string | null;
}

export interface RoundTables {
  rounds: RoundsTable;
  round_organisations: RoundOrganisationsTable;
  round_further_contacts: RoundFurtherContactsTable;
  round_mail_texts: RoundMailTextsTable;
}
