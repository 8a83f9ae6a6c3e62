export interface UsersTable {
  id: string;
  email: string;
  name: string | null;
  global_role: 'administrator' | 'analyst' | null;
  created_at: string;
  last_signed_in_at: string | null;
  /** Set when an administrator deactivated the account: it cannot sign in, and its sessions are revoked. */
  deactivated_at: string | null;
}

export interface MembershipsTable {
  user_id: string;
  organisation_code: string;
  role: 'respondent' | 'reader';
  created_at: string;
}

export interface SessionsTable {
  /** sha-256 of the cookie's token: a stolen database does not yield usable sessions. */
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  /** Set when the person's access was removed: the next request answers 403 once with the reason. */
  revoked_at: string | null;
}

export interface SignInLinksTable {
  /** sha-256 of the token in the link; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  redirect_to: string | null;
}

/** An invitation to an organisation, granted only when the invited user accepts it (signed in as themselves). */
export interface MembershipInvitationsTable {
  id: string;
  user_id: string;
  organisation_code: string;
  role: 'respondent' | 'reader';
  /** The inviting user; null once that account is deleted. */
  invited_by: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

export interface AccountTables {
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  sign_in_links: SignInLinksTable;
  membership_invitations: MembershipInvitationsTable;
}
