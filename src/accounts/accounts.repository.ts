import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';
import type { MembershipsTable, UsersTable } from './accounts.table.ts';

export type GlobalRole = NonNullable<UsersTable['global_role']>;
export type OrganisationRole = MembershipsTable['role'];
export type Membership = { organisationCode: string; role: OrganisationRole };

export type User = {
  id: string;
  email: string;
  name: string | null;
  globalRole: GlobalRole | null;
  createdAt: string;
  lastSignedInAt: string | null;
  deactivatedAt: string | null;
};

function rowToUser(row: UsersTable): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    globalRole: row.global_role,
    createdAt: row.created_at,
    lastSignedInAt: row.last_signed_in_at,
    deactivatedAt: row.deactivated_at,
  };
}

export async function findUserRowByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return row ? rowToUser(row) : undefined;
}

export async function findUserRowById(db: Kysely<Database>, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToUser(row) : undefined;
}

export async function insertUserRow(db: Kysely<Database>, user: User): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      name: user.name,
      global_role: user.globalRole,
      created_at: user.createdAt,
      last_signed_in_at: user.lastSignedInAt,
      deactivated_at: user.deactivatedAt,
    })
    .execute();
}

export async function updateUserRow(
  db: Kysely<Database>,
  id: string,
  changes: {
    name?: string | null;
    globalRole?: GlobalRole | null;
    lastSignedInAt?: string;
    deactivatedAt?: string | null;
  },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.globalRole !== undefined ? { global_role: changes.globalRole } : {}),
      ...(changes.lastSignedInAt !== undefined ? { last_signed_in_at: changes.lastSignedInAt } : {}),
      ...(changes.deactivatedAt !== undefined ? { deactivated_at: changes.deactivatedAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function listUserEmailRows(
  db: Kysely<Database>,
  ids: string[],
): Promise<Array<{ id: string; email: string }>> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'email']).where('id', 'in', ids).execute();
}

export async function listUserRows(db: Kysely<Database>): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('email').execute();
  return rows.map(rowToUser);
}

export async function listMembershipRows(db: Kysely<Database>, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('memberships')
    .select(['organisation_code', 'role'])
    .where('user_id', '=', userId)
    .orderBy('organisation_code')
    .execute();
  return rows.map((row) => ({ organisationCode: row.organisation_code, role: row.role }));
}

export async function listAllMembershipRows(db: Kysely<Database>): Promise<Array<Membership & { userId: string }>> {
  const rows = await db.selectFrom('memberships').select(['user_id', 'organisation_code', 'role']).execute();
  return rows.map((row) => ({ userId: row.user_id, organisationCode: row.organisation_code, role: row.role }));
}

export async function upsertMembershipRow(
  db: Kysely<Database>,
  userId: string,
  membership: Membership,
  now: string,
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ user_id: userId, organisation_code: membership.organisationCode, role: membership.role, created_at: now })
    .onConflict((conflict) => conflict.columns(['user_id', 'organisation_code']).doUpdateSet({ role: membership.role }))
    .execute();
}

export async function deleteMembershipRow(
  db: Kysely<Database>,
  userId: string,
  organisationCode: string,
): Promise<void> {
  await db
    .deleteFrom('memberships')
    .where('user_id', '=', userId)
    .where('organisation_code', '=', organisationCode)
    .execute();
}

export async function insertSignInLinkRow(
  db: Kysely<Database>,
  link: { tokenHash: string; userId: string; createdAt: string; expiresAt: string; redirectTo: string | null },
): Promise<void> {
  await db
    .insertInto('sign_in_links')
    .values({
      token_hash: link.tokenHash,
      user_id: link.userId,
      created_at: link.createdAt,
      expires_at: link.expiresAt,
      used_at: null,
      redirect_to: link.redirectTo,
    })
    .execute();
}

export type SignInLinkRecord = { userId: string; expiresAt: string; usedAt: string | null; redirectTo: string | null };

export async function findSignInLinkRow(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<SignInLinkRecord | undefined> {
  const row = await db.selectFrom('sign_in_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row
    ? { userId: row.user_id, expiresAt: row.expires_at, usedAt: row.used_at, redirectTo: row.redirect_to }
    : undefined;
}

/** Marks a link used only if it is still unused and unexpired; the row count tells whether this caller won. */
export async function claimSignInLinkRow(db: Kysely<Database>, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('sign_in_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertSessionRow(
  db: Kysely<Database>,
  session: { idHash: string; userId: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      last_seen_at: session.createdAt,
      revoked_at: null,
    })
    .execute();
}

/**
 * A session with its user and the user's memberships, in one query (every request that carries a cookie asks):
 * one row per membership, or one row without a membership; the user's columns are null when the user is gone.
 */
/** Every request with a session cookie asks this: compiled once (see prepareQuery). */
const sessionUserQuery = prepareQuery((db, { idHash }: { idHash: string }) =>
  db
    .selectFrom('sessions')
    .leftJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('memberships', 'memberships.user_id', 'users.id')
    .select([
      'sessions.user_id',
      'sessions.created_at as session_created_at',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'sessions.revoked_at',
      'users.id as id',
      'users.email',
      'users.name',
      'users.global_role',
      'users.created_at',
      'users.last_signed_in_at',
      'users.deactivated_at',
      'memberships.organisation_code',
      'memberships.role',
    ])
    .where('sessions.id_hash', '=', idHash)
    .orderBy('memberships.organisation_code'),
);

export async function findSessionUserRows(
  db: Kysely<Database>,
  idHash: string,
): Promise<
  | {
      session: { userId: string; createdAt: string; expiresAt: string; lastSeenAt: string; revokedAt: string | null };
      user: User | undefined;
      memberships: Membership[];
    }
  | undefined
> {
  const rows = await sessionUserQuery.execute(db, { idHash });
  const first = rows[0];
  if (!first) return undefined;
  const user =
    first.id !== null && first.email !== null && first.created_at !== null
      ? rowToUser({
          id: first.id,
          email: first.email,
          name: first.name,
          global_role: first.global_role,
          created_at: first.created_at,
          last_signed_in_at: first.last_signed_in_at,
          deactivated_at: first.deactivated_at,
        })
      : undefined;
  return {
    session: {
      userId: first.user_id,
      createdAt: first.session_created_at,
      expiresAt: first.expires_at,
      lastSeenAt: first.last_seen_at,
      revokedAt: first.revoked_at,
    },
    user,
    memberships: rows.flatMap((row) =>
      row.organisation_code !== null && row.role !== null
        ? [{ organisationCode: row.organisation_code, role: row.role }]
        : [],
    ),
  };
}

export async function touchSessionRow(
  db: Kysely<Database>,
  idHash: string,
  lastSeenAt: string,
  expiresAt: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute();
}

/** Marks every open session of a user revoked; returns how many were open. */
export async function revokeSessionRows(db: Kysely<Database>, userId: string, now: string): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Makes a user's unused sign-in links unusable (a deactivated account's mail must not sign it in). */
export async function expireSignInLinkRows(db: Kysely<Database>, userId: string, now: string): Promise<void> {
  await db
    .updateTable('sign_in_links')
    .set({ expires_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .execute();
}

/** Counts the administrators whose accounts are active. */
export async function countActiveAdministratorRows(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('global_role', '=', 'administrator')
    .where('deactivated_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function deleteSessionRow(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteExpiredRows(
  db: Kysely<Database>,
  sessionCutoff: string,
  linkCutoff: string,
): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', sessionCutoff).execute();
  await db.deleteFrom('sign_in_links').where('expires_at', '<=', linkCutoff).execute();
}

/** Deletes a user; memberships, sessions and sign-in links go with it (foreign keys cascade). */
export async function deleteUserRow(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
