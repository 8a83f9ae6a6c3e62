import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { findUserRowByEmail, updateUserRow } from './accounts.repository.ts';
import { normaliseEmail, openSession, type User } from './accounts.service.ts';
import type { OidcIdentity } from './oidc-client.ts';

export type OidcSignInResult =
  | { status: 'signed-in'; sessionToken: string; user: User }
  | { status: 'unverified-email' }
  | { status: 'unknown-email'; email: string };

/**
 * Signs in the existing user whose address the identity provider has verified, opening a session exactly as a
 * sign-in link does; unknown addresses get no account, because roles are granted by the coordinators only.
 */
export async function signInWithOidcIdentity(
  db: Kysely<Database>,
  clock: Clock,
  identity: OidcIdentity & { issuer: string },
): Promise<OidcSignInResult> {
  if (!identity.email || !identity.isEmailVerified) return { status: 'unverified-email' };
  let email: string;
  try {
    email = normaliseEmail(identity.email);
  } catch {
    // A provider may hold addresses our pattern rejects; no user can have one, so it is simply unknown.
    return { status: 'unknown-email', email: identity.email.slice(0, 254) };
  }
  return db.transaction().execute(async (trx) => {
    const user = await findUserRowByEmail(trx, email);
    // A deactivated account is refused exactly like an unknown address.
    if (!user || user.deactivatedAt !== null) return { status: 'unknown-email', email } as const;
    const sessionToken = await openSession(trx, clock, user.id);
    await updateUserRow(trx, user.id, { lastSignedInAt: clock.now().toISOString() });
    await recordAuditEvent(trx, clock, {
      actor: { userId: user.id, label: user.email },
      action: 'user.signed_in',
      subjectType: 'user',
      subjectId: user.id,
      details: { method: 'oidc', issuer: identity.issuer, subject: identity.subject },
    });
    return { status: 'signed-in', sessionToken, user } as const;
  });
}
