export interface MailOutboxTable {
  id: string;
  kind: 'sign-in' | 'invitation' | 'reminder' | 'manual-reminder' | 'colleague' | 'receipt';
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  /** The user a one-time sign-in link is made for when the mail is sent; null: the mail carries no such link. */
  link_user_id: string | null;
  link_redirect_to: string | null;
  round_id: string | null;
  organisation_code: string | null;
  /** The job this mail fulfils, unique per (round_id, organisation_code); null: none. */
  slot: string | null;
  priority: number;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  /** Not before: the lease of the sender sending it, or the time of the next attempt after a temporary failure. */
  claimed_until: string;
  claimed_by: string | null;
  last_error: string | null;
  created_at: string;
  created_by: string | null;
  sent_at: string | null;
  updated_at: string;
}

export interface MailTables {
  mail_outbox: MailOutboxTable;
}
