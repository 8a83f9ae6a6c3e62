import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import { type Actor, eraseAuditPersons, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { skipCommitFlush } from '../db/dialect.ts';
import { inTransaction } from '../db/transaction.ts';
import { queueMail, type SignInLinkIssuer } from '../mail/outbox.service.ts';
import { findOrganisationByCode } from '../organisations/organisations.service.ts';
import type { Language } from '../web/define-messages.ts';
import {
  claimSignInLinkRow,
  deleteExpiredRows,
  deleteMembershipRow,
  deleteSessionRow,
  deleteUserRow,
  findSessionUserRows,
  findSignInLinkRow,
  findUserRowByEmail,
  findUserRowById,
  type GlobalRole,
  insertSessionRow,
  insertSignInLinkRow,
  insertUserRow,
  listAllMembershipRows,
  listMembershipRows,
  listUserEmailRows,
  listUserRows,
  type Membership,
  type OrganisationRole,
  revokeSessionRows,
  touchSessionRow,
  type User,
  updateUserRow,
  upsertMembershipRow,
} from './accounts.repository.ts';
import { renderSignInMail } from './sign-in-mail.ts';

export type { GlobalRole, Membership, OrganisationRole, User };

/** The signed-in user as every request sees it. */
export type CurrentUser = User & { memberships: Membership[] };

export const signInLinkLifetimeMinutes = 15;
const sessionIdleHours = 12;
const sessionAbsoluteDays = 7;
/** Used and expired links are kept a while so that opening one explains what happened instead of "unknown". */
const linkRetentionDays = 30;

const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * Normalises an e-mail address for lookup.
 * @throws AppError('validation') when it is not an e-mail address.
 */
export function normaliseEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  if (trimmed.length > 254 || !emailPattern.test(trimmed)) {
    throw new AppError('validation', 'Ange en giltig e-postadress.', [{ field: 'email', message: 'invalid_email' }]);
  }
  return trimmed;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function minutesFrom(date: Date, minutes: number): string {
  return new Date(date.getTime() + minutes * 60_000).toISOString();
}

/** Finds a user by e-mail address, or undefined. */
export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return findUserRowByEmail(db, normaliseEmail(email));
}

/** Finds the signed-in user's record and memberships by user id, or undefined. */
export async function findCurrentUser(db: Kysely<Database>, userId: string): Promise<CurrentUser | undefined> {
  const user = await findUserRowById(db, userId);
  if (!user) return undefined;
  return { ...user, memberships: await listMembershipRows(db, userId) };
}

/** Maps user ids to e-mail addresses in one query; unknown ids are left out. */
export async function findUserEmails(db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> {
  return new Map((await listUserEmailRows(db, ids)).map((row) => [row.id, row.email]));
}

/** Lists every user with their memberships, for the administrators' user page. */
export async function listUsers(db: Kysely<Database>): Promise<CurrentUser[]> {
  const [users, memberships] = await Promise.all([listUserRows(db), listAllMembershipRows(db)]);
  return users.map((user) => ({
    ...user,
    memberships: memberships
      .filter((membership) => membership.userId === user.id)
      .map(({ organisationCode, role }) => ({ organisationCode, role })),
  }));
}

export type UserGrant =
  | { kind: 'global'; role: GlobalRole }
  | { kind: 'organisation'; organisationCode: string; role: OrganisationRole };

/**
 * Creates the user if the address is new and grants the role; an existing user keeps other roles. With
 * `signInMail`, a sign-in link is mailed to the user (queued in the same transaction). Runs in the caller's
 * transaction when given one.
 * @throws AppError('validation') for an invalid address, AppError('not_found') for an unknown organisation.
 */
export async function grantUserRole(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    email: string;
    name?: string | null;
    grant: UserGrant;
    actor: Actor;
    signInMail?: { language: Language; redirectTo: string | null };
  },
): Promise<User> {
  const email = normaliseEmail(input.email);
  if (input.grant.kind === 'organisation') await findOrganisationByCode(db, input.grant.organisationCode);
  return inTransaction(db, async (trx) => {
    const now = clock.now().toISOString();
    let user = await findUserRowByEmail(trx, email);
    if (!user) {
      user = {
        id: randomUUID(),
        email,
        name: input.name ?? null,
        globalRole: null,
        createdAt: now,
        lastSignedInAt: null,
        deactivatedAt: null,
      };
      await insertUserRow(trx, user);
    } else if (input.name) {
      await updateUserRow(trx, user.id, { name: input.name });
    }
    if (input.grant.kind === 'global') {
      await updateUserRow(trx, user.id, { globalRole: input.grant.role });
      user = { ...user, globalRole: input.grant.role };
    } else {
      await upsertMembershipRow(
        trx,
        user.id,
        { organisationCode: input.grant.organisationCode, role: input.grant.role },
        now,
      );
    }
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'user.role_granted',
      subjectType: 'user',
      subjectId: user.id,
      details: { email, grant: input.grant },
    });
    if (input.signInMail) await queueSignInMail(trx, clock, user, input.signInMail);
    return user;
  });
}

/**
 * Removes one organisation membership from a user, revokes the person's open sessions (their next request answers
 * 403 with the reason) and records it, in the caller's transaction when given one.
 * @throws AppError('not_found') when the user has no membership in the organisation.
 */
export async function revokeMembership(
  db: Kysely<Database>,
  clock: Clock,
  input: { userId: string; organisationCode: string; actor: Actor; via?: 'coordinator' | 'colleague' },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const memberships = await listMembershipRows(trx, input.userId);
    const membership = memberships.find((candidate) => candidate.organisationCode === input.organisationCode);
    if (!membership) throw new AppError('not_found', 'accounts.access.noMembership');
    await deleteMembershipRow(trx, input.userId, input.organisationCode);
    const now = clock.now().toISOString();
    const sessionsRevoked = await revokeSessionRows(trx, input.userId, now);
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'user.membership_revoked',
      subjectType: 'user',
      subjectId: input.userId,
      details: {
        organisationCode: input.organisationCode,
        role: membership.role,
        via: input.via ?? 'coordinator',
        sessionsRevoked,
      },
    });
  });
}

/** Creates a single-use sign-in link for a user and returns its URL; only the token's hash is stored. */
export async function createSignInLink(
  db: Kysely<Database>,
  clock: Clock,
  input: { userId: string; baseUrl: string; redirectTo?: string | null },
): Promise<{ url: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const now = clock.now();
  const expiresAt = minutesFrom(now, signInLinkLifetimeMinutes);
  await insertSignInLinkRow(db, {
    tokenHash: hashToken(token),
    userId: input.userId,
    createdAt: now.toISOString(),
    expiresAt,
    redirectTo: input.redirectTo ?? null,
  });
  return { url: `${input.baseUrl}/sign-in/link/${token}`, expiresAt };
}

async function queueSignInMail(
  db: Kysely<Database>,
  clock: Clock,
  user: User,
  mail: { language: Language; redirectTo: string | null },
): Promise<void> {
  await queueMail(db, clock, {
    kind: 'sign-in',
    to: user.email,
    content: renderSignInMail(mail.language, { minutes: signInLinkLifetimeMinutes }),
    signInLinkFor: { userId: user.id, redirectTo: mail.redirectTo },
    createdBy: user.id,
  });
}

/**
 * Mails a sign-in link to a known address. Unknown addresses get nothing, and the caller answers the same in
 * both cases so the form does not reveal who has an account. The mail is only queued, nothing here waits for a mail
 * server, and both cases run the same transaction, so the answer takes as long for a known address as for an
 * unknown one; the commit does not wait for the disk (a lost request is simply asked again), which would otherwise
 * set the known addresses apart.
 * @throws AppError('validation') for an invalid address.
 */
export async function requestSignInLink(
  db: Kysely<Database>,
  clock: Clock,
  input: { email: string; language: Language; redirectTo?: string | null },
): Promise<void> {
  const email = normaliseEmail(input.email);
  await db.transaction().execute(async (trx) => {
    await skipCommitFlush(trx);
    const user = await findUserRowByEmail(trx, email);
    if (user && user.deactivatedAt === null)
      await queueSignInMail(trx, clock, user, { language: input.language, redirectTo: input.redirectTo ?? null });
  });
}

/**
 * The outbox's way to create a sign-in link when it sends a mail that needs one, so that the token exists only in
 * the mail and (hashed) in sign_in_links, and its 15 minutes start when it is sent. Null when the user is gone.
 */
export function createSignInLinkIssuer(clock: Clock, baseUrl: string): SignInLinkIssuer {
  return async (db, request) => {
    const user = await findUserRowById(db, request.userId);
    if (!user || user.deactivatedAt !== null) return null;
    const link = await createSignInLink(db, clock, { userId: request.userId, baseUrl, redirectTo: request.redirectTo });
    return link.url;
  };
}

export type SignInLinkStatus = 'valid' | 'used' | 'expired' | 'unknown';

/** Tells what a link would do without using it, for the confirmation page. */
export async function inspectSignInLink(
  db: Kysely<Database>,
  clock: Clock,
  token: string,
): Promise<{ status: SignInLinkStatus; email?: string }> {
  const link = await findSignInLinkRow(db, hashToken(token));
  if (!link) return { status: 'unknown' };
  if (link.usedAt) return { status: 'used' };
  if (link.expiresAt <= clock.now().toISOString()) return { status: 'expired' };
  const user = await findUserRowById(db, link.userId);
  return user && user.deactivatedAt === null ? { status: 'valid', email: user.email } : { status: 'unknown' };
}

/**
 * Uses a sign-in link once and opens a new session.
 * @throws AppError('gone') when the link was used, expired or never existed; the message says which.
 */
export async function signInWithLink(
  db: Kysely<Database>,
  clock: Clock,
  token: string,
): Promise<{ sessionToken: string; user: User; redirectTo: string | null }> {
  const tokenHash = hashToken(token);
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const link = await findSignInLinkRow(trx, tokenHash);
    const isClaimed = link ? await claimSignInLinkRow(trx, tokenHash, now.toISOString()) : false;
    if (!link || !isClaimed) {
      const status = !link ? 'unknown' : link.usedAt ? 'used' : 'expired';
      throw new AppError('gone', status);
    }
    const user = await findUserRowById(trx, link.userId);
    if (!user || user.deactivatedAt !== null) throw new AppError('gone', 'unknown');
    const sessionToken = await openSession(trx, clock, user.id);
    await updateUserRow(trx, user.id, { lastSignedInAt: now.toISOString() });
    await recordAuditEvent(trx, clock, {
      actor: { userId: user.id, label: user.email },
      action: 'user.signed_in',
      subjectType: 'user',
      subjectId: user.id,
      details: { method: 'link' },
    });
    return { sessionToken, user, redirectTo: link.redirectTo };
  });
}

/** Opens a server-side session and returns the cookie's token; only its hash is stored. */
export async function openSession(db: Kysely<Database>, clock: Clock, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = clock.now();
  await insertSessionRow(db, {
    idHash: hashToken(token),
    userId,
    createdAt: now.toISOString(),
    expiresAt: minutesFrom(now, sessionIdleHours * 60),
  });
  return token;
}

/**
 * Resolves a session cookie to the signed-in user, sliding its idle expiry; undefined when invalid or expired, and
 * 'revoked' when the person's access was removed or the account deactivated since the session opened.
 */
export async function findSessionUser(
  db: Kysely<Database>,
  clock: Clock,
  token: string,
): Promise<CurrentUser | 'revoked' | undefined> {
  const idHash = hashToken(token);
  // The session, its user and the memberships in one query: every signed-in request starts here.
  const found = await findSessionUserRows(db, idHash);
  const now = clock.now();
  if (!found || found.session.expiresAt <= now.toISOString()) return undefined;
  const { session } = found;
  if (session.revokedAt !== null) return 'revoked';
  if (!found.user) return undefined;
  if (found.user.deactivatedAt !== null) return 'revoked';
  const user: CurrentUser = { ...found.user, memberships: found.memberships };
  // Touch at most every few minutes: one write per request would serialise readers on SQLite for nothing.
  if (now.getTime() - Date.parse(session.lastSeenAt) > 5 * 60_000) {
    const absoluteEnd = Date.parse(session.createdAt) + sessionAbsoluteDays * 86_400_000;
    const expiresAt = new Date(Math.min(now.getTime() + sessionIdleHours * 3_600_000, absoluteEnd)).toISOString();
    await touchSessionRow(db, idHash, now.toISOString(), expiresAt);
  }
  return user;
}

/** Ends a session (sign-out). */
export async function closeSession(db: Kysely<Database>, token: string): Promise<void> {
  await deleteSessionRow(db, hashToken(token));
}

/** Deletes expired sessions and long-expired links; run periodically by the server. */
export async function purgeExpiredCredentials(db: Kysely<Database>, clock: Clock): Promise<void> {
  const now = clock.now();
  await deleteExpiredRows(
    db,
    now.toISOString(),
    new Date(now.getTime() - linkRetentionDays * 86_400_000).toISOString(),
  );
}

/**
 * On a fresh installation, makes the first administrator reachable: while no administrator has ever signed in,
 * grants the role to the given address and returns a new one-time link for it; otherwise returns null.
 */
export async function prepareFirstAdministrator(
  db: Kysely<Database>,
  clock: Clock,
  input: { email: string; baseUrl: string },
): Promise<{ email: string; url: string } | null> {
  const hasActiveAdministrator = (await listUserRows(db)).some(
    (user) => user.globalRole === 'administrator' && user.lastSignedInAt !== null,
  );
  if (hasActiveAdministrator) return null;
  const user = await grantUserRole(db, clock, {
    email: input.email,
    grant: { kind: 'global', role: 'administrator' },
    actor: { userId: null, label: 'system (first start)' },
  });
  const link = await createSignInLink(db, clock, { userId: user.id, baseUrl: input.baseUrl });
  return { email: user.email, url: link.url };
}

/**
 * Deletes an account with its memberships, sessions and sign-in links, and erases its address from the audit log
 * (its events stay, naming a reference that leads nowhere; answers keep the user's id, nothing more), in the
 * caller's transaction, and records it with the reason.
 */
export async function deleteUserAccount(
  db: Kysely<Database>,
  clock: Clock,
  input: { userId: string; reason: string; actor: Actor },
): Promise<boolean> {
  const user = await findUserRowById(db, input.userId);
  if (!user) return false;
  const isDeleted = await deleteUserRow(db, input.userId);
  if (isDeleted) {
    await recordAuditEvent(db, clock, {
      actor: input.actor,
      action: 'user.deleted',
      subjectType: 'user',
      subjectId: input.userId,
      details: { reason: input.reason },
    });
    await eraseAuditPersons(db, [user.email]);
  }
  return isDeleted;
}
